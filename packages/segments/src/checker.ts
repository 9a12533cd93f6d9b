import { type Expr, type FieldRef, isListComparison, type Predicate, type Span, type Value } from "./ast";
import { attributePrefix, type FieldDefinition, type FieldType, lookupField, type Operator, segmentFields } from "./catalog";
import { type ErrorDetails, type SegmentError, segmentError } from "./errors";
import { formatNumber, quoteString } from "./printer";
import { closestMatch } from "./suggest";

const typeDescriptions: Record<FieldType, string> = {
  text: "text",
  number: "a number",
  datetime: "a date",
  enum: "a list of choices",
  boolean: "a yes/no field",
  attribute: "a custom attribute",
};

const textOperators: readonly Operator[] = ["contains", "starts with", "ends with"];
const orderingOperators: readonly Operator[] = ["<", "<=", ">", ">="];
const catalogNames = segmentFields.map((definition) => definition.name);

function resolveField(ref: FieldRef, errors: SegmentError[]): FieldDefinition | undefined {
  const definition = lookupField(ref.name);
  if (definition) return definition;
  const lower = ref.name.toLowerCase();
  if (lower === attributePrefix.slice(0, -1) || lower.startsWith(attributePrefix)) {
    errors.push(
      segmentError(ref.span, "an attribute is written `attr.` and a name of letters, digits and `_`, as in `attr.plan`"),
    );
    return undefined;
  }
  const group = catalogNames.filter((name) => name.toLowerCase().startsWith(`${lower}.`));
  if (group.length > 0) {
    errors.push(
      segmentError(ref.span, `\`${ref.name}\` is a group of fields; pick one, such as \`${group[0]}\``, { expected: group }),
    );
    return undefined;
  }
  const suggestion = closestMatch(ref.name, catalogNames);
  const message = `unknown field \`${ref.name}\`${suggestion ? `; did you mean \`${suggestion}\`?` : ""}`;
  errors.push(segmentError(ref.span, message, suggestion ? { suggestion } : {}));
  return undefined;
}

function operatorProblem(definition: FieldDefinition, operator: Operator): string {
  const field = `\`${definition.name}\``;
  const is = `${field} is ${typeDescriptions[definition.type]}`;
  if (definition.many) return `${field} can hold several values; use =, !=, in or not in`;
  if (textOperators.includes(operator)) return `\`${operator}\` works on text fields; ${is}`;
  if (orderingOperators.includes(operator)) return `\`${operator}\` works on numbers and dates; ${is}`;
  if (operator === "in" || operator === "not in") return `\`${operator}\` works on text, numbers and lists of choices; ${is}`;
  if (operator === "is null" || operator === "is not null")
    return `${field} always has a value, so \`${operator}\` does not apply`;
  return `\`${operator}\` does not apply to ${field}; ${is}`;
}

/** The value written as quoted text, for fields that want text but got a bare word or number. */
function asQuotedText(value: Value): string | undefined {
  switch (value.kind) {
    case "enum":
    case "date":
      return quoteString(value.value);
    case "number":
      return quoteString(formatNumber(value.value));
    case "boolean":
      return quoteString(String(value.value));
    default:
      return undefined;
  }
}

function checkValue(definition: FieldDefinition, operator: Operator, value: Value, errors: SegmentError[]): void {
  const field = `\`${definition.name}\``;
  const fail = (message: string, details?: ErrorDetails): void => {
    errors.push(segmentError(value.span, message, details));
  };
  const wantText = (message: string): void => {
    const suggestion = asQuotedText(value);
    fail(suggestion ? `${message}, as in \`${suggestion}\`` : message, suggestion ? { suggestion } : {});
  };
  switch (definition.type) {
    case "text":
      if (value.kind !== "string") wantText(`${field} takes text in quotes`);
      return;
    case "number":
      if (value.kind !== "number") fail(`${field} takes a number`);
      return;
    case "datetime":
      if (value.kind !== "date" && value.kind !== "now")
        fail(`${field} takes a date such as \`2026-01-01\`, a date-time or \`now-30d\``);
      return;
    case "boolean":
      if (value.kind !== "boolean") fail(`${field} takes true or false`, { expected: ["true", "false"] });
      return;
    case "enum": {
      const allowed = definition.values ?? [];
      if (value.kind !== "enum" && value.kind !== "string") {
        fail(`${field} takes one of: ${allowed.join(", ")}`, { expected: [...allowed] });
      } else if (!allowed.includes(value.value.toLowerCase())) {
        const suggestion = closestMatch(value.value, allowed);
        const hint = suggestion ? `; did you mean \`${suggestion}\`?` : `; use one of: ${allowed.join(", ")}`;
        fail(`\`${value.value}\` is not a value of ${field}${hint}`, {
          expected: [...allowed],
          ...(suggestion ? { suggestion } : {}),
        });
      }
      return;
    }
    case "attribute":
      // Attributes are stored as text; `<` and friends compare them as numbers, the text operators as text.
      if (orderingOperators.includes(operator)) {
        if (value.kind !== "number") fail(`\`${operator}\` compares ${field} as a number; write a number`);
      } else if (textOperators.includes(operator)) {
        if (value.kind !== "string") wantText(`\`${operator}\` takes text in quotes`);
      } else if (value.kind !== "string" && value.kind !== "number") {
        wantText(`${field} takes text in quotes or a number`);
      }
      return;
  }
}

function checkOperator(definition: FieldDefinition, operator: Operator, span: Span, errors: SegmentError[]): boolean {
  if (definition.operators.includes(operator)) return true;
  errors.push(segmentError(span, operatorProblem(definition, operator), { expected: [...definition.operators] }));
  return false;
}

function checkPredicate(node: Predicate, errors: SegmentError[]): void {
  const definition = resolveField(node.field, errors);
  if (!definition) return;
  switch (node.kind) {
    case "booleanField":
      if (definition.type !== "boolean") {
        const message = `\`${definition.name}\` needs a comparison; only yes/no fields such as \`verified\` stand alone`;
        errors.push(segmentError(node.span, message, { expected: [...definition.operators] }));
      }
      return;
    case "nullCheck":
      checkOperator(definition, node.negated ? "is not null" : "is null", node.operatorSpan, errors);
      return;
    case "comparison": {
      if (!checkOperator(definition, node.operator, node.operatorSpan, errors)) return;
      const values = isListComparison(node) ? node.values : [node.value];
      for (const value of values) checkValue(definition, node.operator, value, errors);
    }
  }
}

/** Checks a parsed segment against the catalog: fields, operators and values. Returns every problem found. */
export function check(ast: Expr): SegmentError[] {
  const errors: SegmentError[] = [];
  const visit = (expr: Expr): void => {
    switch (expr.kind) {
      case "and":
      case "or":
        visit(expr.left);
        visit(expr.right);
        return;
      case "not":
        visit(expr.operand);
        return;
      default:
        checkPredicate(expr, errors);
    }
  };
  visit(ast);
  return errors;
}
