import { type Expr, isListComparison, type Value } from "./ast";
import { parse } from "./parser";

interface ErrorCase {
  source: string;
  message: string;
  /** Line, column, end line, end column. */
  at: [number, number, number, number];
  suggestion?: string;
  expected?: string[];
}

function parsed(source: string): Expr {
  const { ast, errors } = parse(source);
  expect(errors).toEqual([]);
  if (!ast) throw new Error(`no AST for ${source}`);
  return ast;
}

function valueShape(value: Value): string {
  return value.kind === "now" ? `now${value.offset}${value.unit}` : `${value.kind}:${String(value.value)}`;
}

/** The tree as an S-expression, to compare structure without spans. */
function shape(expr: Expr): string {
  switch (expr.kind) {
    case "and":
    case "or":
      return `(${expr.kind} ${shape(expr.left)} ${shape(expr.right)})`;
    case "not":
      return `(not ${shape(expr.operand)})`;
    case "booleanField":
      return expr.field.name;
    case "nullCheck":
      return `(${expr.field.name} ${expr.negated ? "is not null" : "is null"})`;
    case "comparison": {
      const values = isListComparison(expr) ? `[${expr.values.map(valueShape).join(" ")}]` : valueShape(expr.value);
      return `(${expr.field.name} ${expr.operator} ${values})`;
    }
  }
}

describe("parser", () => {
  test.each([
    ["a or b and not c", "(or a (and b (not c)))"],
    ["a and b or c", "(or (and a b) c)"],
    ["not a and b", "(and (not a) b)"],
    ["not (a and b)", "(not (and a b))"],
    ["a or b or c", "(or (or a b) c)"],
    ["a and (b or c)", "(and a (or b c))"],
    ["a and (b and c)", "(and a (and b c))"],
    ["not not a", "(not (not a))"],
    ["((a))", "a"],
    ["not x = 1 or y", "(or (not (x = number:1)) y)"],
  ])("precedence: %s", (source, expected) => {
    expect(shape(parsed(source))).toBe(expected);
  });

  test.each([
    ["state = banned", "(state = enum:banned)"],
    ["x != -2.5", "(x != number:-2.5)"],
    ["x < now-90d", "(x < now-90d)"],
    ["x >= 2026-01-01", "(x >= date:2026-01-01)"],
    ['x contains "a"', "(x contains string:a)"],
    ["x starts with 'a'", "(x starts with string:a)"],
    ['x ends with "a"', "(x ends with string:a)"],
    ['x in (active, "b", 3, true)', "(x in [enum:active string:b number:3 boolean:true])"],
    ["x not in (1)", "(x not in [number:1])"],
    ["x is null", "(x is null)"],
    ["x is not null", "(x is not null)"],
    ["verified", "verified"],
    ["verified = false", "(verified = boolean:false)"],
  ])("predicate: %s", (source, expected) => {
    expect(shape(parsed(source))).toBe(expected);
  });

  test("keywords and operators are case-insensitive; names and bare values keep their spelling", () => {
    expect(shape(parsed("NOT Verified AND State IN (Active) Or X Is Not Null"))).toBe(
      "(or (and (not Verified) (State in [enum:Active])) (X is not null))",
    );
    expect(shape(parsed('x STARTS WITH "a" and y Not In (1) and z ENDS with "b" and w CONTAINS "c" and v = TRUE'))).toBe(
      "(and (and (and (and (x starts with string:a) (y not in [number:1])) (z ends with string:b)) (w contains string:c)) (v = boolean:true))",
    );
  });

  test("nodes carry source spans, parentheses included", () => {
    const ast = parsed("state = banned\n  and (verified)");
    expect(ast.span).toEqual({ start: { line: 1, column: 1, offset: 0 }, end: { line: 2, column: 17, offset: 31 } });
    if (ast.kind !== "and" || ast.left.kind !== "comparison" || isListComparison(ast.left)) throw new Error("unexpected shape");
    expect(ast.left.field.span).toEqual({ start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 6, offset: 5 } });
    expect(ast.left.operatorSpan.start.column).toBe(7);
    expect(ast.left.value.span.start.column).toBe(9);
    expect(ast.right.span.start).toEqual({ line: 2, column: 7, offset: 21 });
  });

  const conditions = ["a field", "not", "("];
  test.each<ErrorCase>([
    { source: "", message: "the query is empty; expected a condition", at: [1, 1, 1, 1], expected: conditions },
    { source: "lastLoginAt >=", message: "expected a value after `>=`", at: [1, 15, 1, 15] },
    { source: "x >= and y", message: "expected a value after `>=`, found `and`", at: [1, 6, 1, 9] },
    { source: "state banned", message: "expected an operator after `state`, found `banned`", at: [1, 7, 1, 13] },
    { source: "x = 1 and", message: "expected a condition after `and`", at: [1, 10, 1, 10], expected: conditions },
    { source: "and x", message: "expected a condition, found `and`", at: [1, 1, 1, 4], expected: conditions },
    { source: "x = 1 and or", message: "expected a condition after `and`, found `or`", at: [1, 11, 1, 13] },
    {
      source: "(x = 1",
      message: "missing `)` to close the `(` at line 1, column 1",
      at: [1, 7, 1, 7],
      expected: ["and", "or", ")"],
    },
    { source: "(x = 1 y", message: "expected `and`, `or` or `)`, found `y`", at: [1, 8, 1, 9] },
    { source: "x = 1)", message: "unexpected `)` without a matching `(`", at: [1, 6, 1, 7] },
    {
      source: "x = 1 y",
      message: "expected `and`, `or` or the end of the query, found `y`",
      at: [1, 7, 1, 8],
      expected: ["and", "or"],
    },
    { source: '"acme" = org.name', message: 'expected a condition, found `"acme"`', at: [1, 1, 1, 7] },
    { source: "x in 1", message: "expected `(` after `in`, as in `in (a, b)`", at: [1, 6, 1, 7] },
    { source: "x in (1 2)", message: "expected `,` or `)` in the list, found `2`", at: [1, 9, 1, 10] },
    { source: "x in (1,)", message: "expected a value after `,`, found `)`", at: [1, 9, 1, 10] },
    { source: "x in ()", message: "expected a value after `(`, found `)`", at: [1, 7, 1, 8] },
    { source: "x is nul", message: "expected `null` or `not null` after `is`", at: [1, 6, 1, 9], expected: ["null", "not null"] },
    { source: "x is not 1", message: "expected `null` after `is not`", at: [1, 10, 1, 11] },
    { source: 'x starts "a"', message: "expected `with` after `starts`", at: [1, 10, 1, 13] },
    { source: "x not 3", message: "expected `in` after `not`, found `3`", at: [1, 7, 1, 8] },
    {
      source: "x = null",
      message: "`null` is not a value; write `is null` or `is not null`",
      at: [1, 3, 1, 9],
      suggestion: "is null",
    },
    {
      source: "x != NULL",
      message: "`null` is not a value; write `is null` or `is not null`",
      at: [1, 3, 1, 10],
      suggestion: "is not null",
    },
    { source: "x in (null)", message: "`null` is not a value; write `is null` or `is not null`", at: [1, 7, 1, 11] },
    {
      source: "state = banned\nand (lastLoginAt < now-90d\n     or tickets.count >=)",
      message: "expected a value after `>=`, found `)`",
      at: [3, 25, 3, 26],
    },
  ])("$source: $message", ({ source, message, at, suggestion, expected }) => {
    const [line, column, endLine, endColumn] = at;
    const result = parse(source);
    expect(result.ast).toBeUndefined();
    expect(result.errors).toEqual([expect.objectContaining({ message, line, column, endLine, endColumn })]);
    expect(result.errors[0].suggestion).toBe(suggestion);
    if (expected) expect(result.errors[0].expected).toEqual(expected);
  });

  test("lexical errors come back all at once, without parsing", () => {
    expect(parse('x = "a\n and y = #').errors.map((error) => error.message)).toEqual([
      "unterminated string",
      "unexpected character `#`",
    ]);
  });
});
