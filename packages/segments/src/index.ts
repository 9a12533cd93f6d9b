import type { Expr } from "./ast";
import { check, checkWithHints, type CheckResult } from "./checker";
import type { SegmentError } from "./errors";
import { parse, type ParseResult } from "./parser";
import { print } from "./printer";

export { quoteString } from "./printer";

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
  fieldAliases,
  listOperators,
  nullOperators,
  personKinds,
  personStates,
  personSources,
  activityKinds,
} from "./catalog";
export type { SegmentError } from "./errors";
export type { CheckResult } from "./checker";
export type { ParseResult } from "./parser";
export {
  evaluate,
  readField,
  instantOf,
  attributeNumber,
  attributeNumberPattern,
  attributeInstantText,
  attributeTruth,
  type SegmentAttribute,
  type SegmentAttributeType,
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

/** Checks a parsed segment and also returns its hints (severity `warning`), which do not stop it from running. */
export function checkSegmentWithHints(ast: Expr): CheckResult {
  return checkWithHints(ast);
}

/**
 * Parses and checks. `ast` is present only when there are no errors, so it is safe to run;
 * `hints` (severity `warning`) never stop a query.
 */
export function validateSegment(text: string): ParseResult & { hints: SegmentError[] } {
  const parsed = parse(text);
  if (!parsed.ast) return { ...parsed, hints: [] };
  const { errors, hints } = checkWithHints(parsed.ast);
  return errors.length > 0 ? { errors, hints } : { ...parsed, hints };
}

/** The canonical text of a segment. */
export function printSegment(ast: Expr): string {
  return print(ast);
}
