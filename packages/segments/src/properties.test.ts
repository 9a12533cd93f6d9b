import fc from "fast-check";
import type { Expr, NowUnit, Predicate, Span, Value } from "./ast";
import {
  attributeField,
  type FieldDefinition,
  type Operator,
  personKinds,
  personSources,
  personStates,
  segmentFields,
} from "./catalog";
import { check } from "./checker";
import { evaluate, type SegmentPerson } from "./evaluate";
import { parse } from "./parser";
import { print } from "./printer";

const settings = { seed: 42, numRuns: 1000 };
const span: Span = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

/** The AST without source positions, which a round trip through text cannot preserve. */
function withoutSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSpans);
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value).filter(([key]) => key !== "span" && key !== "operatorSpan");
  return Object.fromEntries(entries.map(([key, inner]) => [key, withoutSpans(inner)]));
}

// Text that matches the persons below, mixed with text meant to break quoting and LIKE patterns.
const sampleTexts = ["acme", "ACME Corp", "", "x@acme.com", "Zoë", "50% off_now", "a\\b", "Moderator", "enterprise", "7"];
const nastyCharacter = fc.constantFrom(
  "a",
  "Z",
  " ",
  "%",
  "_",
  "\\",
  '"',
  "'",
  "\n",
  "\t",
  "\r",
  "\u0000",
  "\u007f",
  "\u2028",
  "é",
  "😀",
  "İ",
);
const text = fc.oneof(fc.constantFrom(...sampleTexts), fc.string({ unit: nastyCharacter }), fc.string({ unit: "binary" }));

const attributeName = fc.oneof(fc.constantFrom("plan", "seats", "Tier"), fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,8}$/));
const field: fc.Arbitrary<FieldDefinition> = fc.oneof(
  { arbitrary: fc.constantFrom(...segmentFields), weight: 4 },
  { arbitrary: attributeName.map(attributeField), weight: 1 },
);

const stringValue: fc.Arbitrary<Value> = text.map((value) => ({ kind: "string", value, span }));
const numberValue: fc.Arbitrary<Value> = fc
  .oneof(fc.integer({ min: -5, max: 25 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }))
  .filter((value) => !Object.is(value, -0))
  .map((value) => ({ kind: "number", value, span }));
const isoText = fc
  .tuple(
    fc.date({ min: new Date("0000-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true }),
    fc.constantFrom(10, 16, 19, 23),
    fc.constantFrom("Z", "+02:00", "-11:30", ""),
  )
  .map(([date, length, zone]) => {
    const iso = date.toISOString().slice(0, length);
    return length === 10 ? iso : `${iso}${zone}`;
  });
const dateValue: fc.Arbitrary<Value> = isoText.map((value) => ({ kind: "date", value, span }));
const nowValue: fc.Arbitrary<Value> = fc.oneof(
  fc.constant<Value>({ kind: "now", offset: 0, unit: "d", span }),
  fc
    .record({
      offset: fc.integer({ min: -1000, max: 1000 }).filter((n) => n !== 0),
      unit: fc.constantFrom<NowUnit>("m", "h", "d", "w"),
    })
    .map(({ offset, unit }): Value => ({ kind: "now", offset, unit, span })),
);
const booleanValue: fc.Arbitrary<Value> = fc.boolean().map((value) => ({ kind: "boolean", value, span }));

function valueFor(definition: FieldDefinition, operator: Operator): fc.Arbitrary<Value> {
  switch (definition.type) {
    case "text":
      return stringValue;
    case "number":
      return numberValue;
    case "datetime":
      return fc.oneof(dateValue, nowValue);
    case "enum":
      return fc.constantFrom(...(definition.values ?? [])).map((value): Value => ({ kind: "enum", value, span }));
    case "boolean":
      return booleanValue;
    case "attribute":
      if (["<", "<=", ">", ">="].includes(operator)) return fc.oneof(numberValue, dateValue, nowValue);
      if (["contains", "starts with", "ends with"].includes(operator)) return stringValue;
      return fc.oneof(stringValue, numberValue, booleanValue, dateValue, nowValue);
  }
}

function predicateFor(definition: FieldDefinition): fc.Arbitrary<Predicate> {
  const ref = { name: definition.name, span };
  const withOperator = fc.constantFrom(...definition.operators).chain((operator): fc.Arbitrary<Predicate> => {
    switch (operator) {
      case "is null":
      case "is not null":
        return fc.constant({ kind: "nullCheck", field: ref, negated: operator === "is not null", operatorSpan: span, span });
      case "in":
      case "not in":
        return fc
          .array(valueFor(definition, operator), { minLength: 1, maxLength: 4 })
          .map((values) => ({ kind: "comparison", field: ref, operator, operatorSpan: span, values, span }));
      default:
        return valueFor(definition, operator).map((value) => ({
          kind: "comparison",
          field: ref,
          operator,
          operatorSpan: span,
          value,
          span,
        }));
    }
  });
  if (definition.type !== "boolean" && definition.type !== "attribute") return withOperator;
  return fc.oneof(withOperator, fc.constant<Predicate>({ kind: "booleanField", field: ref, span }));
}

const { expr: segment } = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { maxDepth: 5, depthSize: "small", withCrossShrink: true },
    field.chain(predicateFor),
    fc.tuple(tie("expr"), tie("expr")).map(([left, right]): Expr => ({ kind: "and", left, right, span })),
    fc.tuple(tie("expr"), tie("expr")).map(([left, right]): Expr => ({ kind: "or", left, right, span })),
    tie("expr").map((operand): Expr => ({ kind: "not", operand, span })),
  ),
}));

const instant = fc.date({ min: new Date("2025-01-01T00:00:00Z"), max: new Date("2027-01-01T00:00:00Z"), noInvalidDate: true });
const maybe = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.option(arbitrary, { nil: null });
const activity = fc.record({ count: fc.nat(20), first: maybe(instant), last: maybe(instant) });
const person: fc.Arbitrary<SegmentPerson> = fc.record({
  id: fc.nat(1000),
  version: fc.nat(20),
  displayName: text,
  email: maybe(text),
  username: maybe(text),
  phone: maybe(text),
  timezone: maybe(text),
  locale: maybe(text),
  kind: fc.constantFrom(...personKinds),
  state: fc.constantFrom(...personStates),
  source: fc.constantFrom(...personSources),
  createdAt: instant,
  updatedAt: instant,
  lastLoginAt: maybe(instant),
  loginCount: fc.nat(30),
  bannedUntil: maybe(instant),
  banReason: maybe(text),
  emailVerifiedAt: maybe(instant),
  verified: fc.boolean(),
  withoutLogin: fc.boolean(),
  roles: fc.array(fc.constantFrom("Moderator", "admin", "Agent", "acme")),
  org: maybe(
    fc.record({
      id: fc.nat(50),
      name: text,
      notes: maybe(text),
      website: maybe(text),
      phone: maybe(text),
      domains: fc.array(fc.constantFrom("acme.com", "ACME.org", "example.com")),
      memberCount: fc.nat(500),
      createdAt: instant,
    }),
  ),
  attributes: fc.dictionary(
    fc.constantFrom("plan", "seats", "Tier"),
    fc.oneof(
      text,
      fc.integer({ min: -5, max: 25 }).map(String),
      fc.record({
        type: fc.constantFrom("string" as const, "number" as const, "boolean" as const, "date" as const),
        value: fc.oneof(text, fc.constantFrom("true", "FALSE", "7", "2026-06-01", "2026-06-01T12:00:00Z"), isoText),
      }),
    ),
  ),
  tickets: activity.chain((summary) => fc.nat(5).map((open) => ({ ...summary, open }))),
  chats: activity,
  calls: activity.chain((summary) => fc.nat(3600).map((duration) => ({ ...summary, duration }))),
  surveys: activity.chain((summary) =>
    maybe(fc.double({ min: 1, max: 5, noNaN: true })).map((avgRating) => ({ ...summary, avgRating })),
  ),
  posts: activity,
  communications: activity,
});

describe("properties over random segments valid against the catalog", () => {
  test("they pass the checker", () => {
    fc.assert(
      fc.property(segment, (ast) => {
        expect(check(ast)).toEqual([]);
      }),
      settings,
    );
  });

  test("printing and parsing gives the same tree back", () => {
    fc.assert(
      fc.property(segment, (ast) => {
        const reparsed = parse(print(ast));
        expect(reparsed.errors).toEqual([]);
        expect(withoutSpans(reparsed.ast)).toEqual(withoutSpans(ast));
      }),
      settings,
    );
  });

  test("printing is idempotent", () => {
    fc.assert(
      fc.property(segment, (ast) => {
        const printed = print(ast);
        const reparsed = parse(printed).ast;
        expect(reparsed && print(reparsed)).toBe(printed);
      }),
      settings,
    );
  });

  test("`not` is the exact complement, also for missing values", () => {
    const now = new Date("2026-06-01T12:00:00Z");
    fc.assert(
      fc.property(segment, person, (ast, someone) => {
        expect(evaluate({ kind: "not", operand: ast, span }, someone, now)).toBe(!evaluate(ast, someone, now));
      }),
      settings,
    );
  });

  const now = new Date("2026-06-01T12:00:00Z");
  const comparisonOn = (definition: FieldDefinition, operator: "=" | "!=" | "in" | "not in") =>
    fc.array(valueFor(definition, "="), { minLength: 1, maxLength: 4 }).map((values): Expr => {
      const base = { kind: "comparison" as const, field: { name: definition.name, span }, operatorSpan: span, span };
      if (operator === "in" || operator === "not in") return { ...base, operator, values };
      return { ...base, operator, value: values[0] };
    });
  const listed = field.filter((definition) => definition.operators.includes("in"));
  const or = (parts: Expr[]): Expr => parts.reduce((left, right) => ({ kind: "or", left, right, span }));
  const and = (parts: Expr[]): Expr => parts.reduce((left, right) => ({ kind: "and", left, right, span }));
  const single = (definition: FieldDefinition, operator: "=" | "!=", value: Value): Expr => ({
    kind: "comparison",
    field: { name: definition.name, span },
    operator,
    operatorSpan: span,
    value,
    span,
  });

  test("`x in (a, b)` is `x = a or x = b`, and `x not in (a, b)` is `x != a and x != b`", () => {
    const lists = listed.chain((definition) =>
      fc.tuple(fc.constant(definition), fc.array(valueFor(definition, "="), { minLength: 1, maxLength: 4 })),
    );
    fc.assert(
      fc.property(lists, person, ([definition, values], someone) => {
        const ref = { name: definition.name, span };
        const list = (operator: "in" | "not in"): Expr => ({
          kind: "comparison",
          field: ref,
          operator,
          operatorSpan: span,
          values,
          span,
        });
        expect(evaluate(list("in"), someone, now)).toBe(
          evaluate(or(values.map((value) => single(definition, "=", value))), someone, now),
        );
        expect(evaluate(list("not in"), someone, now)).toBe(
          evaluate(and(values.map((value) => single(definition, "!=", value))), someone, now),
        );
      }),
      settings,
    );
  });

  test("`x != a` is `x is not null and not (x = a)`, and nothing missing compares", () => {
    const pairs = field
      .filter((definition) => definition.operators.includes("!="))
      .chain((definition) => fc.tuple(fc.constant(definition), valueFor(definition, "=")));
    fc.assert(
      fc.property(pairs, person, ([definition, value], someone) => {
        const ref = { name: definition.name, span };
        const present: Expr = { kind: "nullCheck", field: ref, negated: true, operatorSpan: span, span };
        const different = and([present, { kind: "not", operand: single(definition, "=", value), span }]);
        expect(evaluate(single(definition, "!=", value), someone, now)).toBe(evaluate(different, someone, now));
        if (!evaluate(present, someone, now)) {
          for (const operator of ["=", "!=", "in", "not in"] as const) {
            fc.assert(
              fc.property(comparisonOn(definition, operator), (ast) => !evaluate(ast, someone, now)),
              { numRuns: 5 },
            );
          }
        }
      }),
      settings,
    );
  });
});
