/**
 * An in-memory evaluator, written straight from the language's semantics so it can serve as the
 * oracle for the SQL compiler. It expects a checked AST and throws on anything the checker rejects.
 *
 * Semantics:
 * - Two-valued logic: a comparison with a missing value is false (`!=`, `not in` too), and `not`
 *   is the exact complement. `x in (a, b)` is `x = a or x = b`; `x not in (a, b)` is
 *   `x != a and x != b`; `x != a` is `x is not null and not (x = a)`.
 * - `is null` / `is not null` ask whether the value is missing (constant for fields that always
 *   have one; a many-valued field is never missing).
 * - Text, enum values and roles compare case-insensitively by lower-casing both sides.
 * - Many-valued fields (`role`, `org.domain`): `=` means "has it", `!=` "does not have it", `in` "has any".
 * - Dates are midnight UTC, date-times without an offset are UTC, `now±n unit` is relative to the
 *   given `now` with fixed-length minutes, hours, days (24 h) and weeks.
 * - Attributes are typed, and a comparison holds only for an attribute of the matching type:
 *   text for a STRING attribute; a number for a NUMBER attribute, or a STRING one written as a
 *   plain decimal number (imports store text); `true`/`false` for a BOOLEAN attribute holding
 *   `true` or `false` (any case); a date or `now±…` for a DATE attribute holding `YYYY-MM-DD` or
 *   `YYYY-MM-DDTHH:MM:SS[.sss]Z`. Anything else is false, and `!=` is "has it, and not `=`".
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
  id: number;
  name: string;
  notes: string | null;
  website: string | null;
  phone: string | null;
  domains: string[];
  memberCount: number;
  createdAt: Date;
}

/** Everything a segment can ask about one person; `null` where the value is missing. */
export interface SegmentPerson {
  id: number;
  version: number;
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
  banReason: string | null;
  emailVerifiedAt: Date | null;
  verified: boolean;
  withoutLogin: boolean;
  roles: string[];
  org: SegmentOrganization | null;
  /** By name; plain text stands for a STRING attribute. */
  attributes: Record<string, string | SegmentAttribute>;
  tickets: ActivitySummary & { open: number };
  chats: ActivitySummary;
  calls: ActivitySummary & { duration: number };
  surveys: ActivitySummary & { avgRating: number | null };
  posts: ActivitySummary;
  communications: ActivitySummary;
}

export type SegmentAttributeType = "string" | "number" | "boolean" | "date";

export interface SegmentAttribute {
  type: SegmentAttributeType;
  value: string;
}

export type FieldValue = string | number | boolean | Date | string[] | SegmentAttribute | null;

type Reader = (person: SegmentPerson) => FieldValue;

const activityReaders = (kind: ActivityKind): [string, Reader][] => [
  [`${kind}.count`, (person) => person[kind].count],
  [`${kind}.first`, (person) => person[kind].first],
  [`${kind}.last`, (person) => person[kind].last],
];

const readers: Record<string, Reader> = {
  id: (person) => person.id,
  version: (person) => person.version,
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
  banReason: (person) => person.banReason,
  emailVerifiedAt: (person) => person.emailVerifiedAt,
  verified: (person) => person.verified,
  withoutLogin: (person) => person.withoutLogin,
  role: (person) => person.roles,
  "org.id": (person) => person.org?.id ?? null,
  "org.name": (person) => person.org?.name ?? null,
  "org.notes": (person) => person.org?.notes ?? null,
  "org.website": (person) => person.org?.website ?? null,
  "org.phone": (person) => person.org?.phone ?? null,
  "org.domains": (person) => person.org?.domains ?? [],
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
    if (!Object.hasOwn(person.attributes, key)) return null;
    const attribute = person.attributes[key];
    return typeof attribute === "string" ? { type: "string", value: attribute } : attribute;
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

/** Numbers, instants, and ISO 8601 instants as text (which sort as the instants do). */
function compareOrdered<T extends number | string>(actual: T, operator: ComparisonOperator, expected: T): boolean {
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
      return unchecked(`\`${operator}\` on an ordered value`);
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

/** A BOOLEAN attribute's value: `true` or `false` in any case; anything else compares with nothing. */
export function attributeTruth(text: string): boolean | undefined {
  const lower = text.toLowerCase();
  return lower === "true" ? true : lower === "false" ? false : undefined;
}

const attributeDate = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const attributeDateTime = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$/;
const attributeDateTimeMillis = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[.][0-9]{3}Z$/;

/**
 * A DATE attribute's value as `YYYY-MM-DDTHH:MM:SS.sssZ`, which orders as text like the instants
 * it stands for; undefined unless it is written `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS[.sss]Z`.
 * The SQL compiler applies the very same patterns.
 */
export function attributeInstantText(text: string): string | undefined {
  if (attributeDate.test(text)) return `${text}T00:00:00.000Z`;
  if (attributeDateTime.test(text)) return `${text.slice(0, 19)}.000Z`;
  if (attributeDateTimeMillis.test(text)) return text;
  return undefined;
}

/** `=` and the others except `!=`, for an attribute: false unless its type matches the value's. */
function compareAttribute(attribute: SegmentAttribute, operator: ComparisonOperator, value: Value, now: Date): boolean {
  switch (value.kind) {
    case "string":
      return attribute.type === "string" && compareText(attribute.value.toLowerCase(), operator, value.value.toLowerCase());
    case "number": {
      if (attribute.type !== "number" && attribute.type !== "string") return false;
      const number = attributeNumber(attribute.value);
      return number !== undefined && compareOrdered(number, operator, value.value);
    }
    case "boolean": {
      if (operator !== "=") return unchecked(`\`${operator}\` on yes/no`);
      return attribute.type === "boolean" && attributeTruth(attribute.value) === value.value;
    }
    case "date":
    case "now": {
      if (attribute.type !== "date") return false;
      const text = attributeInstantText(attribute.value);
      return text !== undefined && compareOrdered(text, operator, new Date(instantOf(value, now)).toISOString());
    }
    default:
      return unchecked(`${value.kind} for an attribute`);
  }
}

function compare(actual: FieldValue, operator: ComparisonOperator, value: Value, now: Date): boolean {
  if (actual === null) return false;
  if (Array.isArray(actual)) {
    const expected = textOf(value);
    const has = actual.some((item) => item.toLowerCase() === expected);
    return operator === "=" ? has : operator === "!=" ? !has : unchecked(`\`${operator}\` on a many-valued field`);
  }
  if (typeof actual === "object" && !(actual instanceof Date)) {
    // `!=` is "has it, and it is not that": the exact complement of `=` among those who have it.
    return operator === "!=" ? !compareAttribute(actual, "=", value, now) : compareAttribute(actual, operator, value, now);
  }
  if (typeof actual === "string") return compareText(actual.toLowerCase(), operator, textOf(value));
  if (typeof actual === "number") {
    return value.kind === "number" ? compareOrdered(actual, operator, value.value) : unchecked(`${value.kind} for a number`);
  }
  if (typeof actual === "boolean") {
    if (value.kind !== "boolean" || (operator !== "=" && operator !== "!=")) return unchecked(`\`${operator}\` on yes/no`);
    return operator === "=" ? actual === value.value : actual !== value.value;
  }
  return compareOrdered(actual.getTime(), operator, instantOf(value, now));
}

function evaluateComparison(node: Comparison, actual: FieldValue, now: Date): boolean {
  if (!isListComparison(node)) return compare(actual, node.operator, node.value, now);
  // `in` is "equals one of them", `not in` "differs from each of them": both false when missing.
  if (node.operator === "in") return node.values.some((value) => compare(actual, "=", value, now));
  return node.values.every((value) => compare(actual, "!=", value, now));
}

function evaluatePredicate(node: Predicate, person: SegmentPerson, now: Date): boolean {
  const definition = lookupField(node.field.name) ?? unchecked(`unknown field ${node.field.name}`);
  const actual = readField(person, definition);
  switch (node.kind) {
    case "booleanField":
      if (definition.type === "attribute") return compare(actual, "=", { kind: "boolean", value: true, span: node.span }, now);
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
