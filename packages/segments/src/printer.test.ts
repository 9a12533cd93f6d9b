import { lex } from "./lexer";
import { parse } from "./parser";
import { formatNumber, print, quoteString } from "./printer";

function canonical(source: string): string {
  const { ast, errors } = parse(source);
  expect(errors).toEqual([]);
  if (!ast) throw new Error(`no AST for ${source}`);
  return print(ast);
}

describe("printer", () => {
  test.each([
    ["NOT (State = BANNED)", "not state = banned"],
    ["verified or withoutLogin and not verified", "verified or withoutLogin and not verified"],
    ["(verified or withoutLogin) and verified", "(verified or withoutLogin) and verified"],
    ["(verified and withoutLogin) and verified", "verified and withoutLogin and verified"],
    ["verified and (withoutLogin and verified)", "verified and (withoutLogin and verified)"],
    ["verified or (withoutLogin or verified)", "verified or (withoutLogin or verified)"],
    ["not (verified or withoutLogin)", "not (verified or withoutLogin)"],
    ["not not ((verified))", "not not verified"],
    ["state = 'BANNED'", "state = banned"],
    ["KIND IN (Agent, 'CUSTOMER')", "kind in (agent, customer)"],
    ["LASTLOGINAT<NOW-90D", "lastLoginAt < now-90d"],
    ["createdAt > now + 2H", "createdAt > now+2h"],
    ["createdAt >= 2026-01-01t10:00:00.5z", "createdAt >= 2026-01-01T10:00:00.5Z"],
    ["email = 'it\\'s'", 'email = "it\'s"'],
    ['attr.Plan in ( 1 ,2.50, "x" )', 'attr.Plan in (1, 2.5, "x")'],
    ['ATTR.plan Not In ("x")', 'attr.plan not in ("x")'],
    ["email IS NOT NULL", "email is not null"],
    ['email starts   with "a"', 'email starts with "a"'],
    ["verified = TRUE", "verified = true"],
    ["lastLogin < now", "lastLogin < now"],
  ])("%s prints as %s", (source, expected) => {
    expect(canonical(source)).toBe(expected);
    expect(canonical(expected)).toBe(expected);
  });

  test.each([
    ["", '""'],
    ['say "hi"', '"say \\"hi\\""'],
    ["back\\slash", '"back\\\\slash"'],
    ["line\nbreak\ttab\rreturn", '"line\\nbreak\\ttab\\rreturn"'],
    ["\u0000\u001f\u007f\u2028", '"\\u0000\\u001f\\u007f\\u2028"'],
    ["lone \ud800 surrogate", '"lone \\ud800 surrogate"'],
    ["50%_off", '"50%_off"'],
    ["'single'", "\"'single'\""],
    ["Zoë 😀 中文", '"Zoë 😀 中文"'],
  ])("quotes %j as %s and reads it back", (value, quoted) => {
    expect(quoteString(value)).toBe(quoted);
    expect(lex(quoted).tokens[0]).toMatchObject({ kind: "string", value });
  });

  test.each([
    [0, "0"],
    [-3, "-3"],
    [0.1, "0.1"],
    [123.456, "123.456"],
    [1e21, "1000000000000000000000"],
    [-2.5e25, "-25000000000000000000000000"],
    [1.5e-7, "0.00000015"],
    [5e-324, `0.${"0".repeat(323)}5`],
  ])("formats %d as %s, without exponents", (value, text) => {
    expect(formatNumber(value)).toBe(text);
    expect(Number(text)).toBe(value);
  });
});
