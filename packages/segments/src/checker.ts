import { type Expr, type FieldRef, isListComparison, type Predicate, type Span, type Value } from "./ast";
import { attributePrefix, type FieldDefinition, type FieldType, lookupField, type Operator, segmentFields } from "./catalog";
import { type ErrorDetails, type SegmentError, segmentError, segmentHint } from "./errors";
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
      // An attribute's type is known only per person: every kind of value is accepted, and a
      // comparison with a value of another type than the attribute's is false.
      if (orderingOperators.includes(operator)) {
        if (value.kind !== "number" && value.kind !== "date" && value.kind !== "now")
          fail(`\`${operator}\` compares ${field} as a number or a date; write a number or a date`);
      } else if (textOperators.includes(operator)) {
        if (value.kind !== "string") wantText(`\`${operator}\` takes text in quotes`);
      } else if (value.kind === "enum") {
        wantText(`${field} takes text in quotes, a number, true or false, or a date`);
      }
      return;
  }
}

function checkOperator(definition: FieldDefinition, operator: Operator, span: Span, errors: SegmentError[]): boolean {
  if (definition.operators.includes(operator)) return true;
  errors.push(segmentError(span, operatorProblem(definition, operator), { expected: [...definition.operators] }));
  return false;
}

function checkPredicate(node: Predicate, errors: SegmentError[], hints: SegmentError[]): void {
  const definition = resolveField(node.field, errors);
  if (!definition) return;
  switch (node.kind) {
    case "booleanField":
      if (definition.type !== "boolean" && definition.type !== "attribute") {
        const message = `\`${definition.name}\` needs a comparison; only yes/no fields such as \`verified\` and attributes stand alone`;
        errors.push(segmentError(node.span, message, { expected: [...definition.operators] }));
      }
      return;
    case "nullCheck": {
      const operator = node.negated ? "is not null" : "is null";
      if (!checkOperator(definition, operator, node.operatorSpan, errors)) return;
      if (!definition.nullable) {
        const answer = node.negated ? "true for everyone" : "false for everyone";
        const message = `\`${definition.name}\` always has a value, so \`${operator}\` is ${answer}`;
        hints.push(segmentHint(node.operatorSpan, message));
      }
      return;
    }
    case "comparison": {
      if (!checkOperator(definition, node.operator, node.operatorSpan, errors)) return;
      const values = isListComparison(node) ? node.values : [node.value];
      for (const value of values) checkValue(definition, node.operator, value, errors);
    }
  }
}

export interface CheckResult {
  errors: SegmentError[];
  /** Legal but probably not meant, such as `createdAt is null`; severity `warning`. */
  hints: SegmentError[];
}

/** Checks a parsed segment against the catalog: fields, operators and values. Returns every problem and hint found. */
export function checkWithHints(ast: Expr): CheckResult {
  const errors: SegmentError[] = [];
  const hints: SegmentError[] = [];
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
        checkPredicate(expr, errors, hints);
    }
  };
  visit(ast);
  return { errors, hints };
}

/** Checks a parsed segment against the catalog: fields, operators and values. Returns every problem found. */
export function check(ast: Expr): SegmentError[] {
  return checkWithHints(ast).errors;
}
