/**
 * The SQL compiler against the in-memory evaluator: for thousands of generated queries over an
 * awkward seeded population, `users(segment:)` on this database selects exactly the people the
 * evaluator (written from the language's semantics, independently of the SQL) selects, and
 * q / not (q) split everyone in two. fast-check shrinks a failure to a minimal query and prints
 * it with the seed. ROSTER_SEGMENT_RUNS sets the number of queries (default 1000).
 */
import fc from "fast-check";
import {
  attributeInstantText,
  evaluate,
  lookupField,
  printSegment,
  segmentFields,
  validateSegment,
  type Expr,
  type FieldDefinition,
  type Span,
  type Value,
  type SegmentPerson,
} from "@roster/segments";
import type { GraphQLClient } from "./support/graphql-client";
import { AWKWARD_TEXT, createDataset, loadPeople } from "./support/segment-dataset";
import { startTestRoster, TestClock, type TestRoster } from "./support/roster";

const SEED = 20261125;
const RUNS = Number(process.env.ROSTER_SEGMENT_RUNS ?? 1000);
const NOW = new Date("2026-06-15T12:00:00.000Z");

let roster: TestRoster;
let admin: GraphQLClient;
let people: Map<number, SegmentPerson>;

beforeAll(async () => {
  roster = await startTestRoster({ clock: new TestClock(NOW), env: { ROSTER_RATE_LIMIT_PER_MINUTE: "1000000" } });
  admin = await roster.signIn();
  await createDataset(roster.dataSource, SEED, 80, NOW);
  people = await loadPeople(roster.dataSource, NOW);
}, 120_000);
afterAll(() => roster.stop());

const SPAN: Span = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
const at = <T extends object>(node: T) => ({ ...node, span: SPAN });

/** Values people actually have for a text field, cut into pieces, in other cases, and awkward ones. */
function textValues(field: FieldDefinition): fc.Arbitrary<string> {
  const seen = new Set<string>();
  for (const person of people.values()) {
    const value = field.name === "role" ? person.roles : field.name === "org.domains" ? (person.org?.domains ?? []) : [];
    for (const item of value) seen.add(item);
    const single = readText(person, field.name);
    if (single !== null) seen.add(single);
  }
  const whole = [...seen];
  const pieces = fc
    .tuple(fc.constantFrom(...(whole.length ? whole : ["x"])), fc.nat(), fc.nat())
    .map(([text, start, length]) => text.slice(start % (text.length + 1), (start % (text.length + 1)) + (length % 6)));
  const recased = fc.constantFrom(...(whole.length ? whole : ["x"])).map((text) => text.toUpperCase());
  return fc.oneof(fc.constantFrom(...(whole.length ? whole : ["x"])), pieces, recased, fc.constantFrom(...AWKWARD_TEXT));
}

function readText(person: SegmentPerson, name: string): string | null {
  switch (name) {
    case "displayName":
    case "email":
    case "username":
    case "phone":
    case "timezone":
    case "locale":
    case "banReason":
      return person[name];
    case "org.name":
    case "org.website":
    case "org.phone":
    case "org.notes":
      return person.org?.[name.slice(4) as "name" | "website" | "phone" | "notes"] ?? null;
    default: {
      const attribute = name.startsWith("attr.") ? person.attributes[name.slice(5)] : undefined;
      return attribute === undefined ? null : typeof attribute === "string" ? attribute : attribute.value;
    }
  }
}

const numberValue = fc.oneof(fc.integer({ min: -2, max: 12 }), fc.constantFrom(0.5, 2.5, 3.25, 7.5, 10, 100, 900, 1500));
const dateValue: fc.Arbitrary<Value> = fc.oneof(
  fc
    .record({
      offset: fc.integer({ min: -400, max: 400 }),
      unit: fc.constantFrom("m" as const, "h" as const, "d" as const, "w" as const),
    })
    .map(({ offset, unit }) => at({ kind: "now" as const, offset, unit })),
  fc
    .date({ min: new Date("2025-01-01T00:00:00Z"), max: new Date("2027-01-01T00:00:00Z"), noInvalidDate: true })
    .chain((date) =>
      fc
        .constantFrom(date.toISOString().slice(0, 10), date.toISOString().replace(".000Z", "Z"))
        .map((value) => at({ kind: "date" as const, value })),
    ),
);

/** Instants people actually have, so that `=`, `<=` and `>=` meet their edges exactly. */
function dataDates(): fc.Arbitrary<Value> {
  const instants = new Set<string>();
  for (const person of people.values()) {
    const dates = [person.createdAt, person.lastLoginAt, person.bannedUntil, person.emailVerifiedAt, person.org?.createdAt];
    for (const kind of ["tickets", "chats", "calls", "surveys", "posts", "communications"] as const) {
      dates.push(person[kind].first, person[kind].last);
    }
    for (const date of dates) if (date) instants.add(date.toISOString());
    for (const attribute of Object.values(person.attributes)) {
      const instant = typeof attribute === "string" ? undefined : attributeInstantText(attribute.value);
      if (instant) instants.add(instant);
    }
  }
  return fc.constantFrom(...instants).map((value) => at({ kind: "date" as const, value }));
}

/** A value that fits the field and the operator, as the checker demands. */
function valueFor(field: FieldDefinition, operator: string): fc.Arbitrary<Value> {
  switch (field.type) {
    case "number":
      return numberValue.map((value) => at({ kind: "number" as const, value }));
    case "datetime":
      return fc.oneof(dateValue, dataDates());
    case "enum":
      return fc.constantFrom(...(field.values ?? [])).map((value) => at({ kind: "enum" as const, value }));
    case "boolean":
      return fc.boolean().map((value) => at({ kind: "boolean" as const, value }));
    case "attribute": {
      const ordered = ["<", "<=", ">", ">="].includes(operator);
      const number = numberValue.map((value) => at({ kind: "number" as const, value }));
      const text = textValues(field).map((value) => at({ kind: "string" as const, value }));
      const dates = fc.oneof(dateValue, dataDates());
      const truth = fc.boolean().map((value) => at({ kind: "boolean" as const, value }));
      if (ordered) return fc.oneof(number, dates);
      if (["contains", "starts with", "ends with"].includes(operator)) return text;
      return fc.oneof(text, number, truth, dates);
    }
    default:
      return textValues(field).map((value) => at({ kind: "string" as const, value }));
  }
}

const fieldsUnderTest: FieldDefinition[] = [
  ...segmentFields,
  ...["plan", "seats", "note", "newsletter", "renewal", "score", "mixed", "missing"].map((name) => lookupField(`attr.${name}`)!),
];

const predicate: fc.Arbitrary<Expr> = fc.constantFrom(...fieldsUnderTest).chain((field): fc.Arbitrary<Expr> => {
  const ref = { name: field.name, span: SPAN };
  const options: fc.Arbitrary<Expr>[] = [];
  for (const operator of field.operators) {
    if (operator === "is null" || operator === "is not null") {
      options.push(
        fc.constant(at({ kind: "nullCheck" as const, field: ref, negated: operator === "is not null", operatorSpan: SPAN })),
      );
    } else if (operator === "in" || operator === "not in") {
      options.push(
        fc
          .array(valueFor(field, "="), { minLength: 1, maxLength: 3 })
          .map((values) => at({ kind: "comparison" as const, field: ref, operator, operatorSpan: SPAN, values })),
      );
    } else {
      options.push(
        valueFor(field, operator).map((value) =>
          at({ kind: "comparison" as const, field: ref, operator, operatorSpan: SPAN, value }),
        ),
      );
    }
  }
  if (field.type === "boolean" || field.type === "attribute")
    options.push(fc.constant(at({ kind: "booleanField" as const, field: ref })));
  return fc.oneof(...options);
});

const query: fc.Arbitrary<Expr> = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    predicate,
    fc.tuple(tie("expr"), tie("expr")).map(([left, right]) => at({ kind: "and" as const, left, right })),
    fc.tuple(tie("expr"), tie("expr")).map(([left, right]) => at({ kind: "or" as const, left, right })),
    tie("expr").map((operand) => at({ kind: "not" as const, operand })),
  ),
})).expr;

const MEMBERS = "query ($segment: String!) { users(first: 100, segment: $segment) { totalCount nodes { id } } }";

async function selected(segment: string): Promise<{ ids: number[]; total: number }> {
  const response = await admin.request<{ users: { totalCount: number; nodes: { id: string }[] } }>(MEMBERS, { segment });
  if (response.errors) throw new Error(`${segment}\n  → ${JSON.stringify(response.errors)}`);
  const users = response.data!.users;
  return { ids: users.nodes.map((node) => Number(node.id)).sort((a, b) => a - b), total: users.totalCount };
}

test("the population is what the test needs", () => {
  // Up to a hundred people fit one page, so every answer is read whole.
  expect(people.size).toBeGreaterThan(50);
  expect(people.size).toBeLessThanOrEqual(100);
  const states = new Set([...people.values()].map((person) => person.state));
  expect([...states].sort()).toEqual(["active", "banned", "not_activated", "trashed"]);
});

test(`${RUNS} generated queries select the same people in SQL as in the evaluator, and q / not (q) split everyone`, async () => {
  const everyone = [...people.keys()].sort((a, b) => a - b);
  // Queries that select some people but not all: the ones that can tell a wrong compiler apart.
  let telling = 0;
  await fc.assert(
    fc.asyncProperty(query, async (ast) => {
      const text = printSegment(ast);
      const checked = validateSegment(text);
      if (!checked.ast) throw new Error(`the generator made an invalid query: ${text}\n  ${JSON.stringify(checked.errors)}`);
      const expected = everyone.filter((id) => evaluate(checked.ast!, people.get(id)!, NOW));
      const actual = await selected(text);
      expect({ query: text, ids: actual.ids }).toEqual({ query: text, ids: expected });
      expect(actual.total).toBe(expected.length);
      const complement = await selected(`not (${text})`);
      expect(complement.total + actual.total).toBe(everyone.length);
      expect(complement.ids.filter((id) => actual.ids.includes(id))).toEqual([]);
      if (actual.total > 0 && actual.total < everyone.length) telling += 1;
    }),
    { seed: SEED, numRuns: RUNS, endOnFailure: false },
  );
  console.info(`${telling} of ${RUNS} generated queries selected some people but not all`);
  expect(telling).toBeGreaterThan(RUNS * 0.4);
}, 600_000);
