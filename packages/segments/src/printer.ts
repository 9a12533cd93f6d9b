import { type Expr, type FieldRef, isListComparison, type Predicate, type Value } from "./ast";
import { type FieldDefinition, lookupField } from "./catalog";

const escapes: Record<string, string> = { '"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r" };

/** Double-quoted, escaping control characters and lone surrogates so the text survives any transport. */
export function quoteString(value: string): string {
  const escaped = value.replace(
    /["\\]|[\p{Cc}\p{Cs}\u2028\u2029]/gu,
    (char) => escapes[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return `"${escaped}"`;
}

/** Like `String(n)` (the shortest text that reads back as the same number) but never in exponent form, which the language lacks. */
export function formatNumber(value: number): string {
  const text = String(value);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const [, sign, lead, fraction = "", exponentText] = match;
  const digits = lead + fraction;
  const exponent = Number(exponentText);
  if (exponent < 0) return `${sign}0.${"0".repeat(-exponent - 1)}${digits}`;
  return `${sign}${digits}${"0".repeat(exponent - fraction.length)}`;
}

export function printValue(value: Value, field?: FieldDefinition): string {
  switch (value.kind) {
    case "string": {
      // A quoted enum value means the same as the bare one, and bare is the canonical form.
      const lower = value.value.toLowerCase();
      return field?.values?.includes(lower) ? lower : quoteString(value.value);
    }
    case "number":
      return formatNumber(value.value);
    case "boolean":
      return String(value.value);
    case "date":
      return value.value;
    case "now":
      return value.offset === 0 ? "now" : `now${value.offset < 0 ? "-" : "+"}${Math.abs(value.offset)}${value.unit}`;
    case "enum":
      return field?.type === "enum" ? value.value.toLowerCase() : value.value;
  }
}

function printField(field: FieldRef): string {
  return lookupField(field.name)?.name ?? field.name;
}

function printPredicate(node: Predicate): string {
  const field = printField(node.field);
  switch (node.kind) {
    case "booleanField":
      return field;
    case "nullCheck":
      return `${field} ${node.negated ? "is not null" : "is null"}`;
    case "comparison": {
      const definition = lookupField(node.field.name);
      if (isListComparison(node))
        return `${field} ${node.operator} (${node.values.map((v) => printValue(v, definition)).join(", ")})`;
      return `${field} ${node.operator} ${printValue(node.value, definition)}`;
    }
  }
}

const precedence = { or: 1, and: 2, not: 3, predicate: 4 } as const;

function precedenceOf(expr: Expr): number {
  return expr.kind === "or" || expr.kind === "and" || expr.kind === "not" ? precedence[expr.kind] : precedence.predicate;
}

/**
 * `and` and `or` group to the left, so a right operand of the same precedence keeps its
 * parentheses: that is what lets the printed text parse back to the same tree.
 */
function printExpr(expr: Expr, minimum: number): string {
  let text: string;
  switch (expr.kind) {
    case "or":
    case "and": {
      const own = precedence[expr.kind];
      text = `${printExpr(expr.left, own)} ${expr.kind} ${printExpr(expr.right, own + 1)}`;
      break;
    }
    case "not":
      text = `not ${printExpr(expr.operand, precedence.not)}`;
      break;
    default:
      text = printPredicate(expr);
  }
  return precedenceOf(expr) < minimum ? `(${text})` : text;
}

/** The canonical text of a segment: catalog spellings, lower-case keywords, minimal parentheses. */
export function print(expr: Expr): string {
  return printExpr(expr, precedence.or);
}
