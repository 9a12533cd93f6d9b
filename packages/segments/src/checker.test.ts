import { check, checkWithHints } from "./checker";
import { parse } from "./parser";

interface ErrorCase {
  source: string;
  message: string;
  /** Line, column, end line, end column. */
  at: [number, number, number, number];
  suggestion?: string;
  expected?: string[];
}

function checked(source: string) {
  const { ast, errors } = parse(source);
  expect(errors).toEqual([]);
  if (!ast) throw new Error(`no AST for ${source}`);
  return check(ast);
}

describe("checker", () => {
  test.each([
    "LASTLOGINAT < now and Org.Name contains 'a' and TICKETS.count > 1",
    'state = "Banned" and kind in (AGENT, "customer") and source != Import',
    'attr.plan > 3 and attr.plan in ("a", 3) and attr.plan contains "x" and attr.plan is not null',
    "lastLoginAt is null and surveys.avgRating is not null and org.memberCount is null",
    "verified = false and withoutLogin != true and not verified",
    'role = "Moderator" and role not in ("a", "b") and org.domain in ("acme.com")',
    "loginCount in (1, 2) and tickets.open = 0 and calls.duration >= 3600",
    "createdAt > 2026-01-01T10:00:00+02:00 and updatedAt <= now and bannedUntil < now+7d",
  ])("valid: %s", (source) => {
    expect(checked(source)).toEqual([]);
  });

  const states = ["active", "not_activated", "banned", "trashed"];
  test.each<ErrorCase>([
    {
      source: "lastLogin < now-90d",
      message: "unknown field `lastLogin`; did you mean `lastLoginAt`?",
      at: [1, 1, 1, 10],
      suggestion: "lastLoginAt",
    },
    { source: 'EMIAL = "a"', message: "unknown field `EMIAL`; did you mean `email`?", at: [1, 1, 1, 6], suggestion: "email" },
    {
      source: "tickets.cnt > 1",
      message: "unknown field `tickets.cnt`; did you mean `tickets.count`?",
      at: [1, 1, 1, 12],
      suggestion: "tickets.count",
    },
    { source: "foo = 1", message: "unknown field `foo`", at: [1, 1, 1, 4] },
    { source: "org = 1", message: "`org` is a group of fields; pick one, such as `org.name`", at: [1, 1, 1, 4] },
    {
      source: "attr = 1",
      message: "an attribute is written `attr.` and a name of letters, digits and `_`, as in `attr.plan`",
      at: [1, 1, 1, 5],
    },
    {
      source: "attr.a.b = 1",
      message: "an attribute is written `attr.` and a name of letters, digits and `_`, as in `attr.plan`",
      at: [1, 1, 1, 9],
    },
    {
      source: 'tickets.count contains "x"',
      message: "`contains` works on text fields; `tickets.count` is a number",
      at: [1, 15, 1, 23],
    },
    {
      source: 'lastLoginAt starts with "2026"',
      message: "`starts with` works on text fields; `lastLoginAt` is a date",
      at: [1, 13, 1, 24],
    },
    { source: 'email < "a"', message: "`<` works on numbers and dates; `email` is text", at: [1, 7, 1, 8] },
    { source: "state >= banned", message: "`>=` works on numbers and dates; `state` is a list of choices", at: [1, 7, 1, 9] },
    {
      source: "createdAt in (2026-01-01)",
      message: "`in` works on text, numbers and lists of choices; `createdAt` is a date",
      at: [1, 11, 1, 13],
      expected: ["=", "!=", "<", "<=", ">", ">=", "is null", "is not null"],
    },
    { source: 'role contains "x"', message: "`role` can hold several values; use =, !=, in or not in", at: [1, 6, 1, 14] },
    { source: "email = foo", message: '`email` takes text in quotes, as in `"foo"`', at: [1, 9, 1, 12], suggestion: '"foo"' },
    {
      source: "phone in (12345)",
      message: '`phone` takes text in quotes, as in `"12345"`',
      at: [1, 11, 1, 16],
      suggestion: '"12345"',
    },
    { source: "email = now", message: "`email` takes text in quotes", at: [1, 9, 1, 12] },
    { source: 'loginCount = "3"', message: "`loginCount` takes a number", at: [1, 14, 1, 17] },
    {
      source: "createdAt > 5",
      message: "`createdAt` takes a date such as `2026-01-01`, a date-time or `now-30d`",
      at: [1, 13, 1, 14],
    },
    { source: "verified = yes", message: "`verified` takes true or false", at: [1, 12, 1, 15], expected: ["true", "false"] },
    {
      source: "state = bannd",
      message: "`bannd` is not a value of `state`; did you mean `banned`?",
      at: [1, 9, 1, 14],
      suggestion: "banned",
      expected: states,
    },
    {
      source: 'state = "gone"',
      message: "`gone` is not a value of `state`; use one of: active, not_activated, banned, trashed",
      at: [1, 9, 1, 15],
    },
    {
      source: "state = 3",
      message: "`state` takes one of: active, not_activated, banned, trashed",
      at: [1, 9, 1, 10],
      expected: states,
    },
    {
      source: "email",
      message: "`email` needs a comparison; only yes/no fields such as `verified` and attributes stand alone",
      at: [1, 1, 1, 6],
    },
    {
      source: 'attr.plan < "3"',
      message: "`<` compares `attr.plan` as a number or a date; write a number or a date",
      at: [1, 13, 1, 16],
    },
    {
      source: "attr.plan < true",
      message: "`<` compares `attr.plan` as a number or a date; write a number or a date",
      at: [1, 13, 1, 17],
    },
    {
      source: "attr.plan contains 3",
      message: '`contains` takes text in quotes, as in `"3"`',
      at: [1, 20, 1, 21],
      suggestion: '"3"',
    },
    {
      source: "attr.plan = gold",
      message: '`attr.plan` takes text in quotes, a number, true or false, or a date, as in `"gold"`',
      at: [1, 13, 1, 17],
      suggestion: '"gold"',
    },
  ])("$source: $message", ({ source, message, at, suggestion, expected }) => {
    const [line, column, endLine, endColumn] = at;
    const errors = checked(source);
    expect(errors).toEqual([expect.objectContaining({ message, line, column, endLine, endColumn })]);
    expect(errors[0].suggestion).toBe(suggestion);
    if (expected) expect(errors[0].expected).toEqual(expected);
  });

  test("reports every problem of a multi-line query, each where it is", () => {
    const errors = checked('lastLogin < now-90d\n  and (state = bannd\n    or tickets.count contains "3")');
    expect(
      errors.map(({ message, line, column, endColumn, suggestion }) => ({ message, line, column, endColumn, suggestion })),
    ).toEqual([
      {
        message: "unknown field `lastLogin`; did you mean `lastLoginAt`?",
        line: 1,
        column: 1,
        endColumn: 10,
        suggestion: "lastLoginAt",
      },
      {
        message: "`bannd` is not a value of `state`; did you mean `banned`?",
        line: 2,
        column: 16,
        endColumn: 21,
        suggestion: "banned",
      },
      {
        message: "`contains` works on text fields; `tickets.count` is a number",
        line: 3,
        column: 22,
        endColumn: 30,
        suggestion: undefined,
      },
    ]);
  });

  test.each([
    "attr.newsletter = true",
    "attr.newsletter",
    "not attr.newsletter and attr.newsletter != false",
    "attr.renewal < now+30d and attr.renewal >= 2026-01-01",
    'attr.renewal in (2026-01-01, now) and attr.seats not in (1, true, "x")',
    'id = 3 and version > 1 and banReason contains "spam" and banReason is not null',
    'org.id in (1, 2) and org.notes starts with "vip" and org.domains = "acme.com" and org.domain != "x.org"',
  ])("accepts %s", (source) => {
    expect(checked(source)).toEqual([]);
  });

  test.each([
    ["tickets.count is null", "`tickets.count` always has a value, so `is null` is false for everyone", [1, 15, 1, 22]],
    ["state is not null", "`state` always has a value, so `is not null` is true for everyone", [1, 7, 1, 18]],
    ["createdAt is null", "`createdAt` always has a value, so `is null` is false for everyone", [1, 11, 1, 18]],
    ["verified is not null", "`verified` always has a value, so `is not null` is true for everyone", [1, 10, 1, 21]],
    ["role is null", "`role` always has a value, so `is null` is false for everyone", [1, 6, 1, 13]],
  ] as const)("%s is accepted with a hint", (source, message, [line, column, endLine, endColumn]) => {
    const { ast } = parse(source);
    const { errors, hints } = checkWithHints(ast!);
    expect(errors).toEqual([]);
    expect(hints).toEqual([{ message, line, column, endLine, endColumn, severity: "warning" }]);
  });

  test("a field that can be missing gets no hint for `is null`", () => {
    expect(checkWithHints(parse("lastLoginAt is null and attr.x is not null").ast!).hints).toEqual([]);
  });
});
