import { checkSegment, parseSegment, printSegment, segmentFields, validateSegment } from "./index";

const examples = [
  "state = banned",
  "state in (active, not_activated) and withoutLogin",
  "lastLoginAt < now-90d and tickets.count >= 3",
  'org.name contains "acme" or email ends with "@acme.com"',
  'role = "Moderator" and not verified',
  "surveys.avgRating < 3 and surveys.count > 0",
  "state = banned and bannedUntil < now+7d",
  "createdAt >= 2026-01-01 and source = import",
  'attr.plan = "enterprise"',
  "chats.last > now-7d and not (state = trashed)",
];

describe("public API", () => {
  test.each(examples)("the example %s is valid and prints stably", (query) => {
    const { ast, errors } = validateSegment(query);
    expect(errors).toEqual([]);
    if (!ast) throw new Error("no AST");
    const printed = printSegment(ast);
    const reparsed = parseSegment(printed).ast;
    expect(reparsed && printSegment(reparsed)).toBe(printed);
  });

  test("the examples print canonically", () => {
    const printed = examples.map((query) => {
      const { ast } = parseSegment(query);
      return ast && printSegment(ast);
    });
    expect(printed).toEqual([...examples.slice(0, 9), "chats.last > now-7d and not state = trashed"]);
  });

  test("parseSegment keeps a well-formed AST with unknown fields; validateSegment withholds it", () => {
    const parsed = parseSegment("lastLogin < now");
    expect(parsed.errors).toEqual([]);
    if (!parsed.ast) throw new Error("no AST");
    expect(checkSegment(parsed.ast)).toEqual([expect.objectContaining({ suggestion: "lastLoginAt" })]);
    const validated = validateSegment("lastLogin < now");
    expect(validated.ast).toBeUndefined();
    expect(validated.errors).toEqual([
      {
        message: "unknown field `lastLogin`; did you mean `lastLoginAt`?",
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 10,
        suggestion: "lastLoginAt",
      },
    ]);
  });

  test("syntax errors come back from both without an AST", () => {
    for (const result of [parseSegment("lastLoginAt >="), validateSegment("lastLoginAt >=")]) {
      expect(result.ast).toBeUndefined();
      expect(result.errors.map((error) => error.message)).toEqual(["expected a value after `>=`"]);
    }
  });

  test("the catalog is exported as data", () => {
    expect(segmentFields.find((definition) => definition.name === "lastLoginAt")).toMatchObject({
      type: "datetime",
      nullable: true,
      description: "Last successful login",
    });
  });

  test("validateSegment keeps the AST of a query with only hints, and returns the hints apart", () => {
    const result = validateSegment("createdAt is null or state = banned");
    expect(result.errors).toEqual([]);
    expect(result.ast).toBeDefined();
    expect(result.hints).toEqual([expect.objectContaining({ severity: "warning", line: 1, column: 11 })]);
    expect(printSegment(result.ast!)).toBe("createdAt is null or state = banned");
  });

  test("org.domain is read as org.domains", () => {
    expect(printSegment(validateSegment('org.domain = "acme.com"').ast!)).toBe('org.domains = "acme.com"');
  });
});
