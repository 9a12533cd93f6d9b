import type { Expr } from "./ast";
import { check } from "./checker";
import type { SegmentError } from "./errors";
import { parse, type ParseResult } from "./parser";
import { print } from "./printer";

export type * from "./ast";
export { isListComparison } from "./ast";
export type { FieldDefinition, FieldType, Operator, ComparisonOperator, ListOperator, NullOperator } from "./catalog";
export type { PersonKind, PersonState, PersonSource, ActivityKind } from "./catalog";
export {
  segmentFields,
  lookupField,
  attributeField,
  attributePrefix,
  attributeNamePattern,
  attributeNameRule,
  comparisonOperators,
  listOperators,
  nullOperators,
  personKinds,
  personStates,
  personSources,
  activityKinds,
} from "./catalog";
export type { SegmentError } from "./errors";
export type { ParseResult } from "./parser";
export {
  evaluate,
  readField,
  instantOf,
  attributeNumber,
  attributeNumberPattern,
  type SegmentPerson,
  type SegmentOrganization,
  type ActivitySummary,
  type FieldValue,
} from "./evaluate";

/** Parses a segment. `ast` is present when the text is well-formed; it may still mention unknown fields. */
export function parseSegment(text: string): ParseResult {
  return parse(text);
}

/** Checks a parsed segment against the field catalog. */
export function checkSegment(ast: Expr): SegmentError[] {
  return check(ast);
}

/** Parses and checks. `ast` is present only when there are no errors, so it is safe to run. */
export function validateSegment(text: string): ParseResult {
  const parsed = parse(text);
  if (!parsed.ast) return parsed;
  const errors = check(parsed.ast);
  return errors.length > 0 ? { errors } : parsed;
}

/** The canonical text of a segment. */
export function printSegment(ast: Expr): string {
  return print(ast);
}
