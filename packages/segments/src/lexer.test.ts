import { lex, type Token } from "./lexer";

interface ErrorCase {
  source: string;
  message: string;
  /** Line, column, end line, end column. */
  at: [number, number, number, number];
  suggestion?: string;
}

function onlyToken(source: string): Token {
  const { tokens, errors } = lex(source);
  expect(errors).toEqual([]);
  expect(tokens).toHaveLength(2);
  return tokens[0];
}

describe("lexer", () => {
  test("tokens carry kinds, source text and 1-based positions across lines", () => {
    const { tokens, errors } = lex("state = banned\n  and lastLoginAt < now-90d");
    expect(errors).toEqual([]);
    expect(tokens.map((token) => [token.kind, token.text])).toEqual([
      ["word", "state"],
      ["symbol", "="],
      ["word", "banned"],
      ["word", "and"],
      ["word", "lastLoginAt"],
      ["symbol", "<"],
      ["now", "now-90d"],
      ["end", ""],
    ]);
    expect(tokens[3].span).toEqual({ start: { line: 2, column: 3, offset: 17 }, end: { line: 2, column: 6, offset: 20 } });
    expect(tokens[7].span.start).toEqual({ line: 2, column: 28, offset: 42 });
  });

  test.each([
    ['"plain"', "plain"],
    ['"a\\"b"', 'a"b'],
    ["'it\\'s'", "it's"],
    ["'say \"hi\"'", 'say "hi"'],
    ['"back\\\\slash"', "back\\slash"],
    ['"line\\nbreak\\ttab\\rreturn"', "line\nbreak\ttab\rreturn"],
    ['"caf\\u00e9 \\u00C9"', "café É"],
    ['"\\uD83D\\uDE00 😀"', "😀 😀"],
    ['"50%_off"', "50%_off"],
    ['""', ""],
  ])("string %s", (source, value) => {
    expect(onlyToken(source)).toMatchObject({ kind: "string", value });
  });

  test.each([
    ["3", 3],
    ["-3.25", -3.25],
    ["007", 7],
  ])("number %s", (source, value) => {
    expect(onlyToken(source)).toMatchObject({ kind: "number", value });
  });

  test.each([
    ["2026-01-01", "2026-01-01"],
    ["2026-01-01T10:00:00Z", "2026-01-01T10:00:00Z"],
    ["2026-01-01t10:00z", "2026-01-01T10:00Z"],
    ["2024-02-29T23:59:59.123456+02:00", "2024-02-29T23:59:59.123456+02:00"],
  ])("date %s", (source, value) => {
    expect(onlyToken(source)).toMatchObject({ kind: "date", value });
  });

  test.each([
    ["now", 0, "d"],
    ["NOW-30D", -30, "d"],
    ["now + 2h", 2, "h"],
    ["now-15m", -15, "m"],
    ["now+1w", 1, "w"],
    ["now-0d", 0, "d"],
  ])("%s", (source, offset, unit) => {
    const token = onlyToken(source);
    expect(token).toMatchObject({ kind: "now", offset, unit });
    expect(Object.is(token.kind === "now" && token.offset, -0)).toBe(false);
  });

  test("words keep dots and case; `nowhere` is not `now`", () => {
    expect(lex("Org.Name nowhere attr.plan_2").tokens.map((token) => token.text)).toEqual([
      "Org.Name",
      "nowhere",
      "attr.plan_2",
      "",
    ]);
  });

  test.each<ErrorCase>([
    { source: 'email = "abc', message: "unterminated string", at: [1, 9, 1, 13] },
    { source: 'email = "abc\n  and verified', message: "unterminated string", at: [1, 9, 1, 13] },
    {
      source: 'x = "a\\qb"',
      message: "unknown escape `\\q`; write `\\\\` for a backslash",
      at: [1, 7, 1, 9],
      suggestion: "\\\\q",
    },
    { source: 'x = "\\u12"', message: "`\\u` needs four hex digits, as in `\\u00e9`", at: [1, 6, 1, 8] },
    { source: "x # 1", message: "unexpected character `#`", at: [1, 3, 1, 4] },
    { source: "x = 😀", message: "unexpected character `😀`", at: [1, 5, 1, 7] },
    { source: "x = 3abc", message: "invalid number `3abc`", at: [1, 5, 1, 9] },
    { source: "x = 1e5", message: "invalid number `1e5`", at: [1, 5, 1, 8] },
    { source: "x > 2026-01-01T10", message: "invalid date `2026-01-01T10`", at: [1, 5, 1, 18] },
    { source: "x > 2026-13-01", message: "`2026-13-01` is not a valid date", at: [1, 5, 1, 15] },
    { source: "x > 2025-02-29", message: "`2025-02-29` is not a valid date", at: [1, 5, 1, 15] },
    { source: "x > 2026-01-01T24:00Z", message: "`2026-01-01T24:00Z` is not a valid date", at: [1, 5, 1, 22] },
    { source: "x > now-", message: "expected a number after `now-`, as in `now-30d`", at: [1, 5, 1, 9] },
    {
      source: "x > now-30",
      message: "expected a time unit after `now-30`: m (minutes), h (hours), d (days) or w (weeks)",
      at: [1, 5, 1, 11],
    },
    {
      source: "x > now-30days",
      message: "unknown time unit `days`; use m (minutes), h (hours), d (days) or w (weeks)",
      at: [1, 5, 1, 15],
      suggestion: "now-30d",
    },
    {
      source: "x > now-3months",
      message: "unknown time unit `months`; use m (minutes), h (hours), d (days) or w (weeks)",
      at: [1, 5, 1, 16],
    },
  ])("$source: $message", ({ source, message, at, suggestion }) => {
    const [line, column, endLine, endColumn] = at;
    expect(lex(source).errors).toEqual([{ message, line, column, endLine, endColumn, ...(suggestion ? { suggestion } : {}) }]);
  });

  test("reports every lexical error, not only the first", () => {
    const { errors } = lex("a # b\n  $ c");
    expect(errors.map((error) => [error.message, error.line, error.column])).toEqual([
      ["unexpected character `#`", 1, 3],
      ["unexpected character `$`", 2, 3],
    ]);
  });
});
