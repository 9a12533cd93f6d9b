/**
 * An in-memory evaluator, written straight from the language's semantics so it can serve as the
 * oracle for the SQL compiler. It expects a checked AST and throws on anything the checker rejects.
 *
 * Semantics:
 * - Two-valued logic: a comparison with a missing value is false (`!=` too), `not` is the exact
 *   complement, and `not in` is the complement of `in` (so it is true for a missing value).
 * - `is null` / `is not null` ask whether the value is missing.
 * - Text, enum values and roles compare case-insensitively by lower-casing both sides.
 * - Many-valued fields (`role`, `org.domain`): `=` means "has it", `!=` "does not have it", `in` "has any".
 * - Dates are midnight UTC, date-times without an offset are UTC, `now±n unit` is relative to the
 *   given `now` with fixed-length minutes, hours, days (24 h) and weeks.
 * - `attr.*` compared with a number reads the attribute as a plain decimal number; if it is not
 *   one, the comparison is false.
 */
import { type Comparison, type Expr, isListComparison, type Predicate, type Value } from "./ast";
import {
  type ActivityKind,
  activityKinds,
  attributePrefix,
  type ComparisonOperator,
  type FieldDefinition,
  lookupField,
  type PersonKind,
  type PersonSource,
  type PersonState,
} from "./catalog";
import { isoDateMillis } from "./dates";

export interface ActivitySummary {
  count: number;
  first: Date | null;
  last: Date | null;
}

export interface SegmentOrganization {
  name: string;
  website: string | null;
  phone: string | null;
  domains: string[];
  memberCount: number;
  createdAt: Date;
}

/** Everything a segment can ask about one person; `null` where the value is missing. */
export interface SegmentPerson {
  displayName: string;
  email: string | null;
  username: string | null;
  phone: string | null;
  timezone: string | null;
  locale: string | null;
  kind: PersonKind;
  /** The effective state: a ban that has run out already reads as active. */
  state: PersonState;
  source: PersonSource;
  createdAt: Date;
  updatedAt: Date;
  lastLoginAt: Date | null;
  loginCount: number;
  bannedUntil: Date | null;
  emailVerifiedAt: Date | null;
  verified: boolean;
  withoutLogin: boolean;
  roles: string[];
  org: SegmentOrganization | null;
  attributes: Record<string, string>;
  tickets: ActivitySummary & { open: number };
  chats: ActivitySummary;
  calls: ActivitySummary & { duration: number };
  surveys: ActivitySummary & { avgRating: number | null };
  posts: ActivitySummary;
  communications: ActivitySummary;
}

export type FieldValue = string | number | boolean | Date | string[] | null;

type Reader = (person: SegmentPerson) => FieldValue;

const activityReaders = (kind: ActivityKind): [string, Reader][] => [
  [`${kind}.count`, (person) => person[kind].count],
  [`${kind}.first`, (person) => person[kind].first],
  [`${kind}.last`, (person) => person[kind].last],
];

const readers: Record<string, Reader> = {
  displayName: (person) => person.displayName,
  email: (person) => person.email,
  username: (person) => person.username,
  phone: (person) => person.phone,
  timezone: (person) => person.timezone,
  locale: (person) => person.locale,
  kind: (person) => person.kind,
  state: (person) => person.state,
  source: (person) => person.source,
  createdAt: (person) => person.createdAt,
  updatedAt: (person) => person.updatedAt,
  lastLoginAt: (person) => person.lastLoginAt,
  loginCount: (person) => person.loginCount,
  bannedUntil: (person) => person.bannedUntil,
  emailVerifiedAt: (person) => person.emailVerifiedAt,
  verified: (person) => person.verified,
  withoutLogin: (person) => person.withoutLogin,
  role: (person) => person.roles,
  "org.name": (person) => person.org?.name ?? null,
  "org.website": (person) => person.org?.website ?? null,
  "org.phone": (person) => person.org?.phone ?? null,
  "org.domain": (person) => person.org?.domains ?? [],
  "org.memberCount": (person) => person.org?.memberCount ?? null,
  "org.createdAt": (person) => person.org?.createdAt ?? null,
  ...Object.fromEntries(activityKinds.flatMap(activityReaders)),
  "tickets.open": (person) => person.tickets.open,
  "calls.duration": (person) => person.calls.duration,
  "surveys.avgRating": (person) => person.surveys.avgRating,
};

/** A field's value for a person: `null` when missing, a list for many-valued fields. */
export function readField(person: SegmentPerson, definition: FieldDefinition): FieldValue {
  if (definition.type === "attribute") {
    const key = definition.name.slice(attributePrefix.length);
    return Object.hasOwn(person.attributes, key) ? person.attributes[key] : null;
  }
  const reader = readers[definition.name];
  if (!reader) throw new Error(`no value for field ${definition.name}`);
  return reader(person);
}

const unitMillis = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

function unchecked(what: string): never {
  throw new Error(`evaluate expects a checked segment: ${what}`);
}

/** The instant a date value stands for: a literal, or `now` moved by its offset. */
export function instantOf(value: Value, now: Date): number {
  if (value.kind === "now") return now.getTime() + value.offset * unitMillis[value.unit];
  if (value.kind === "date") return isoDateMillis(value.value) ?? unchecked(`invalid date ${value.value}`);
  return unchecked(`${value.kind} is not a date`);
}

function textOf(value: Value): string {
  return value.kind === "string" || value.kind === "enum" ? value.value.toLowerCase() : unchecked(`${value.kind} is not text`);
}

function compareNumbers(actual: number, operator: ComparisonOperator, expected: number): boolean {
  switch (operator) {
    case "=":
      return actual === expected;
    case "!=":
      return actual !== expected;
    case "<":
      return actual < expected;
    case "<=":
      return actual <= expected;
    case ">":
      return actual > expected;
    case ">=":
      return actual >= expected;
    default:
      return unchecked(`\`${operator}\` on a number`);
  }
}

function compareText(actual: string, operator: ComparisonOperator, expected: string): boolean {
  switch (operator) {
    case "=":
      return actual === expected;
    case "!=":
      return actual !== expected;
    case "contains":
      return actual.includes(expected);
    case "starts with":
      return actual.startsWith(expected);
    case "ends with":
      return actual.endsWith(expected);
    default:
      return unchecked(`\`${operator}\` on text`);
  }
}

/**
 * Attribute text is read as a number only when it is written the way the language writes
 * numbers, nothing around it: the SQL compiler applies the very same pattern.
 */
export const attributeNumberPattern = /^-?[0-9]+([.][0-9]+)?$/;

export function attributeNumber(text: string): number | undefined {
  return attributeNumberPattern.test(text) ? Number(text) : undefined;
}

function compare(actual: FieldValue, operator: ComparisonOperator, value: Value, now: Date): boolean {
  if (actual === null) return false;
  if (Array.isArray(actual)) {
    const expected = textOf(value);
    const has = actual.some((item) => item.toLowerCase() === expected);
    return operator === "=" ? has : operator === "!=" ? !has : unchecked(`\`${operator}\` on a many-valued field`);
  }
  if (typeof actual === "string") {
    if (value.kind !== "number") return compareText(actual.toLowerCase(), operator, textOf(value));
    const number = attributeNumber(actual);
    return number !== undefined && compareNumbers(number, operator, value.value);
  }
  if (typeof actual === "number") {
    return value.kind === "number" ? compareNumbers(actual, operator, value.value) : unchecked(`${value.kind} for a number`);
  }
  if (typeof actual === "boolean") {
    if (value.kind !== "boolean" || (operator !== "=" && operator !== "!=")) return unchecked(`\`${operator}\` on yes/no`);
    return operator === "=" ? actual === value.value : actual !== value.value;
  }
  return compareNumbers(actual.getTime(), operator, instantOf(value, now));
}

function evaluateComparison(node: Comparison, actual: FieldValue, now: Date): boolean {
  if (!isListComparison(node)) return compare(actual, node.operator, node.value, now);
  const any = node.values.some((value) => compare(actual, "=", value, now));
  return node.operator === "in" ? any : !any;
}

function evaluatePredicate(node: Predicate, person: SegmentPerson, now: Date): boolean {
  const definition = lookupField(node.field.name) ?? unchecked(`unknown field ${node.field.name}`);
  const actual = readField(person, definition);
  switch (node.kind) {
    case "booleanField":
      return actual === true;
    case "nullCheck":
      return node.negated === (actual !== null);
    case "comparison":
      return evaluateComparison(node, actual, now);
  }
}

/** Whether `person` belongs to the segment at the instant `now`. */
export function evaluate(ast: Expr, person: SegmentPerson, now: Date): boolean {
  switch (ast.kind) {
    case "and":
      return evaluate(ast.left, person, now) && evaluate(ast.right, person, now);
    case "or":
      return evaluate(ast.left, person, now) || evaluate(ast.right, person, now);
    case "not":
      return !evaluate(ast.operand, person, now);
    default:
      return evaluatePredicate(ast, person, now);
  }
}
