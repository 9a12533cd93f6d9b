/**
 * The segment AST. It records what was written: field names and enum values keep their
 * spelling, and `lookupField` resolves them against the catalog (case-insensitively).
 */
import type { ComparisonOperator, ListOperator } from "./catalog";

/** A place in the source; line and column are 1-based and count UTF-16 code units, offset is 0-based. */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

/** A source range; `end` is exclusive. */
export interface Span {
  start: Position;
  end: Position;
}

export interface FieldRef {
  name: string;
  span: Span;
}

export interface StringValue {
  kind: "string";
  value: string;
  span: Span;
}

export interface NumberValue {
  kind: "number";
  value: number;
  span: Span;
}

export interface BooleanValue {
  kind: "boolean";
  value: boolean;
  span: Span;
}

/** `2026-01-01` or an ISO 8601 date-time; without an offset it is UTC. */
export interface DateValue {
  kind: "date";
  value: string;
  span: Span;
}

export type NowUnit = "m" | "h" | "d" | "w";

/** `now`, `now-30d`: offset is signed, in `unit`s (minutes, hours, days, weeks); plain `now` is offset 0. */
export interface NowValue {
  kind: "now";
  offset: number;
  unit: NowUnit;
  span: Span;
}

/** A bare identifier such as `banned`, meant as an enum value. */
export interface EnumValue {
  kind: "enum";
  value: string;
  span: Span;
}

export type Value = StringValue | NumberValue | BooleanValue | DateValue | NowValue | EnumValue;

export interface ValueComparison {
  kind: "comparison";
  field: FieldRef;
  operator: ComparisonOperator;
  operatorSpan: Span;
  value: Value;
  span: Span;
}

export interface ListComparison {
  kind: "comparison";
  field: FieldRef;
  operator: ListOperator;
  operatorSpan: Span;
  values: Value[];
  span: Span;
}

export type Comparison = ValueComparison | ListComparison;

/** `field is null` (negated: false) or `field is not null` (negated: true). */
export interface NullCheck {
  kind: "nullCheck";
  field: FieldRef;
  negated: boolean;
  operatorSpan: Span;
  span: Span;
}

/** A yes/no field standing alone, meaning `field = true`. */
export interface BooleanField {
  kind: "booleanField";
  field: FieldRef;
  span: Span;
}

export interface AndExpr {
  kind: "and";
  left: Expr;
  right: Expr;
  span: Span;
}

export interface OrExpr {
  kind: "or";
  left: Expr;
  right: Expr;
  span: Span;
}

export interface NotExpr {
  kind: "not";
  operand: Expr;
  span: Span;
}

export type Predicate = Comparison | NullCheck | BooleanField;
export type Expr = AndExpr | OrExpr | NotExpr | Predicate;

export function isListComparison(node: Comparison): node is ListComparison {
  return node.operator === "in" || node.operator === "not in";
}
