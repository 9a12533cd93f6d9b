/**
 * The meaning of the segment language checked in SQL alone, without the in-memory evaluator:
 * fast-check generates comparisons on every kind of field over the awkward seeded population
 * (support/segment-dataset.ts), and SegmentService counts people on this database for
 * identities SPEC §7.1 states:
 *
 * - a comparison against a missing value is false for every operator: `(x op v) and (x is null)`
 *   selects nobody;
 * - `x in (a, b)` ≡ `x = a or x = b`; `x not in (a, b)` ≡ `x != a and x != b`;
 * - `x != a` ≡ `x is not null and not (x = a)`;
 * - many-valued `role`/`org.domains`: `x not in (a, b)` ≡ `not (x = a) and not (x = b)` (has none),
 *   `x != a` ≡ `not (x = a)`;
 * - `q` and `not (q)` split everyone in two.
 *
 * Each identity `A ≡ B` is checked as "`(A and not (B)) or (B and not (A))` selects nobody", and
 * that check itself as splitting everyone with its `not`, so that a NULL in the SQL cannot hide
 * a difference. A batch of cases is one UNION statement (SegmentService.counts).
 * ROSTER_SEGMENT_ALGEBRA_RUNS sets the number of batches (default 40, of 30 cases each).
 */
import fc from "fast-check";
import {
  attributeInstantText,
  lookupField,
  printSegment,
  segmentFields,
  type Expr,
  type FieldDefinition,
  type SegmentPerson,
  type Span,
  type Value,
} from "@roster/segments";
import { communicationSegmentColumns } from "../src/modules/communications/communication-segment-columns";
import { roleSegmentColumns } from "../src/modules/roles/role-segment-columns";
import type { Segment } from "../src/modules/segments/segment.entity";
import { SegmentService } from "../src/modules/segments/segment.service";
import { userSegmentColumns } from "../src/modules/users/user-segment-columns";
import { ATTRIBUTE_VALUES, AWKWARD_TEXT, createDataset, loadPeople, ROLE_NAMES } from "./support/segment-dataset";
import { startTestRoster, TestClock, type TestRoster } from "./support/roster";

const SEED = 20261126;
const BATCHES = Number(process.env.ROSTER_SEGMENT_ALGEBRA_RUNS ?? 40);
const BATCH_SIZE = 30;
const NOW = new Date("2026-06-15T12:00:00.000Z");

let roster: TestRoster;
let service: SegmentService;
let people: Map<number, SegmentPerson>;

beforeAll(async () => {
  roster = await startTestRoster({ clock: new TestClock(NOW) });
  await createDataset(roster.dataSource, SEED, 80, NOW);
  people = await loadPeople(roster.dataSource, NOW);
  service = new SegmentService(roster.dataSource, {
    ...userSegmentColumns,
    ...roleSegmentColumns,
    ...communicationSegmentColumns,
  });
}, 120_000);
afterAll(() => roster.stop());

const SPAN: Span = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
const ref = (field: FieldDefinition) => ({ name: field.name, span: SPAN });
const compare = (field: FieldDefinition, operator: string, value: Value): Expr =>
  ({ kind: "comparison", field: ref(field), operator, operatorSpan: SPAN, value, span: SPAN }) as Expr;
const list = (field: FieldDefinition, operator: "in" | "not in", values: Value[]): Expr => ({
  kind: "comparison",
  field: ref(field),
  operator,
  operatorSpan: SPAN,
  values,
  span: SPAN,
});
const isNull = (field: FieldDefinition, negated = false): Expr => ({
  kind: "nullCheck",
  field: ref(field),
  negated,
  operatorSpan: SPAN,
  span: SPAN,
});
const not = (operand: Expr): Expr => ({ kind: "not", operand, span: SPAN });
const and = (...parts: Expr[]): Expr => parts.reduce((left, right) => ({ kind: "and", left, right, span: SPAN }));
const or = (...parts: Expr[]): Expr => parts.reduce((left, right) => ({ kind: "or", left, right, span: SPAN }));
/** Selects exactly the people on whom `a` and `b` differ. */
const differ = (a: Expr, b: Expr): Expr => or(and(a, not(b)), and(b, not(a)));

const text = (value: string): Value => ({ kind: "string", value, span: SPAN });
const number = (value: number): Value => ({ kind: "number", value, span: SPAN });
const date = (value: string): Value => ({ kind: "date", value, span: SPAN });

/** Values of each field that people have, and some they do not, so that comparisons can tell. */
function valuesOf(field: FieldDefinition): fc.Arbitrary<Value> {
  const seenText = new Set<string>(AWKWARD_TEXT);
  const seenNumbers = new Set<number>([-1, 0, 1, 2, 2.5, 3, 5, 10, 100]);
  const instants = new Set<string>();
  for (const person of people.values()) {
    seenNumbers.add(person.id);
    if (person.org) seenNumbers.add(person.org.id);
    for (const item of [...person.roles, ...(person.org?.domains ?? [])]) seenText.add(item);
    for (const item of [person.displayName, person.email, person.username, person.phone, person.banReason, person.org?.name]) {
      if (item) seenText.add(item);
    }
    for (const item of [person.createdAt, person.lastLoginAt, person.bannedUntil, person.tickets.last, person.chats.first]) {
      if (item) instants.add(item.toISOString());
    }
    for (const attribute of Object.values(person.attributes)) {
      const instant = typeof attribute === "string" ? undefined : attributeInstantText(attribute.value);
      if (instant) instants.add(instant);
    }
  }
  const texts = fc.oneof(
    fc.constantFrom(...seenText),
    fc.constantFrom(...seenText).map((value) => value.toUpperCase()),
  );
  const numbers = fc.oneof(fc.constantFrom(...seenNumbers), fc.integer({ min: -3, max: 12 })).map(number);
  const dates = fc.oneof(
    fc.constantFrom(...instants).map(date),
    fc.constantFrom("2026-06-15", "2026-01-01", "2025-06-01").map(date),
    fc
      .record({ offset: fc.integer({ min: -300, max: 300 }), unit: fc.constantFrom("h" as const, "d" as const) })
      .map(({ offset, unit }): Value => ({ kind: "now", offset, unit, span: SPAN })),
  );
  switch (field.type) {
    case "number":
      return numbers;
    case "datetime":
      return dates;
    case "enum":
      return fc.constantFrom(...(field.values ?? [])).map((value): Value => ({ kind: "enum", value, span: SPAN }));
    case "boolean":
      return fc.boolean().map((value): Value => ({ kind: "boolean", value, span: SPAN }));
    case "attribute": {
      const own = ATTRIBUTE_VALUES[field.name.slice("attr.".length)] ?? ["x"];
      const ownNumbers = own.filter((value) => /^-?[0-9]+([.][0-9]+)?$/.test(value)).map(Number);
      return fc.oneof(
        fc.constantFrom(...own).map(text),
        fc.constantFrom(...ownNumbers, 1).map(number),
        numbers,
        fc.boolean().map((value): Value => ({ kind: "boolean", value, span: SPAN })),
        dates,
      );
    }
    default:
      return field.name === "role"
        ? fc.constantFrom(...ROLE_NAMES, "Registered user", "registered USER", "nobody").map(text)
        : texts.map(text);
  }
}

const attributeFields = ["plan", "seats", "note", "newsletter", "renewal", "score", "mixed", "missing"].map((name) =>
  lookupField(`attr.${name}`)!,
);
const fields: FieldDefinition[] = [...segmentFields, ...attributeFields, ...attributeFields];

interface Case {
  field: string;
  /** Must split everyone with its `not`. */
  q: Expr;
  /** Must select nobody. */
  zero: Expr[];
}

const comparisonOperators = ["=", "!=", "<", "<=", ">", ">=", "contains", "starts with", "ends with"];

/** A case: a field, the operator and values it takes, and the identities that must hold for them. */
const aCase: fc.Arbitrary<Case> = fc.constantFrom(...fields).chain((field) => {
  const operators = field.operators.filter((operator) => comparisonOperators.includes(operator));
  return fc
    .record({
      operator: fc.constantFrom(...operators),
      a: valuesOf(field),
      b: valuesOf(field),
      v: valuesOf(field),
    })
    .filter(({ operator, v }) => {
      // The checker's rules for attribute values by operator.
      if (field.type !== "attribute") return true;
      if (["<", "<=", ">", ">="].includes(operator)) return ["number", "date", "now"].includes(v.kind);
      if (["contains", "starts with", "ends with"].includes(operator)) return v.kind === "string";
      return true;
    })
    .map(({ operator, a, b, v }): Case => {
      const missing = isNull(field);
      const zero: Expr[] = [and(compare(field, operator, v), missing)];
      const eqA = compare(field, "=", a);
      const eqB = compare(field, "=", b);
      if (field.operators.includes("!=")) {
        zero.push(and(compare(field, "!=", a), missing));
        zero.push(differ(compare(field, "!=", a), and(isNull(field, true), not(eqA))));
        if (field.many) zero.push(differ(compare(field, "!=", a), not(eqA)));
      }
      if (field.operators.includes("in")) {
        zero.push(and(list(field, "in", [a, b]), missing), and(list(field, "not in", [a, b]), missing));
        zero.push(differ(list(field, "in", [a, b]), or(eqA, eqB)));
        zero.push(differ(list(field, "not in", [a, b]), and(compare(field, "!=", a), compare(field, "!=", b))));
        if (field.many) zero.push(differ(list(field, "not in", [a, b]), and(not(eqA), not(eqB))));
      }
      return { field: field.name, q: compare(field, operator, v), zero };
    });
});

async function count(queries: string[]): Promise<number[]> {
  return service.counts(
    queries.map((query) => ({ query }) as Segment),
    NOW,
  );
}

test("the population has missing values to compare against", () => {
  const everyone = [...people.values()];
  expect(everyone.length).toBeGreaterThan(50);
  expect(everyone.filter((person) => person.org === null).length).toBeGreaterThan(5);
  expect(everyone.filter((person) => person.phone === null).length).toBeGreaterThan(5);
  const types = new Set(
    everyone.flatMap((person) =>
      Object.values(person.attributes).map((attribute) => (typeof attribute === "string" ? "string" : attribute.type)),
    ),
  );
  expect([...types].sort()).toEqual(["boolean", "date", "number", "string"]);
});

test(`${BATCHES * BATCH_SIZE} generated cases keep the language's identities in SQL`, async () => {
  const total = people.size;
  let cases = 0;
  let telling = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(aCase, { minLength: BATCH_SIZE, maxLength: BATCH_SIZE }), async (batch) => {
      // Per case: q, not (q), the union of what must select nobody, and its `not`.
      const texts = batch.flatMap((item) => {
        const zero = or(...item.zero);
        return [printSegment(item.q), printSegment(not(item.q)), printSegment(zero), printSegment(not(zero))];
      });
      const counts = await count(texts);
      for (const [index, item] of batch.entries()) {
        const [q, notQ, zero, notZero] = counts.slice(index * 4, index * 4 + 4);
        if (q + notQ !== total || zero !== 0 || notZero !== total) {
          // Name the identity that failed.
          const parts = await count(item.zero.map(printSegment));
          const failed = item.zero.filter((_, part) => parts[part] !== 0).map(printSegment);
          throw new Error(
            `${item.field}: q = ${printSegment(item.q)} selects ${q}, not (q) ${notQ} of ${total}; ` +
              `must select nobody but select someone: ${JSON.stringify(failed)} (union ${zero}, its not ${notZero})`,
          );
        }
        if (q > 0 && q < total) telling += 1;
      }
      cases += batch.length;
    }),
    { seed: SEED, numRuns: BATCHES, endOnFailure: true },
  );
  console.info(`${cases} cases; ${telling} of them with q selecting some people but not all`);
  expect(cases).toBe(BATCHES * BATCH_SIZE);
  expect(telling).toBeGreaterThan(cases * 0.2);
}, 300_000);
