import type { NowUnit, Position, Span } from "./ast";
import { isoDateMillis } from "./dates";
import { type SegmentError, segmentError } from "./errors";

// Two-character symbols first, so `<=` is not read as `<` followed by `=`.
export const symbols = ["!=", "<=", ">=", "(", ")", ",", "=", "<", ">"] as const;
export type SymbolText = (typeof symbols)[number];

interface TokenBase {
  /** The source text of the token. */
  text: string;
  span: Span;
}

export type Token =
  | (TokenBase & { kind: "word" })
  | (TokenBase & { kind: "string"; value: string })
  | (TokenBase & { kind: "number"; value: number })
  | (TokenBase & { kind: "date"; value: string })
  | (TokenBase & { kind: "now"; offset: number; unit: NowUnit })
  | (TokenBase & { kind: "symbol"; text: SymbolText })
  | (TokenBase & { kind: "end" });

export interface LexResult {
  tokens: Token[];
  errors: SegmentError[];
}

const wordPattern = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/y;
const datePattern = /\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?/iy;
const numberPattern = /-?\d+(?:\.\d+)?/y;
// Whatever is glued to a number or date (`3abc`, `2026-01-01T10`) makes the whole lexeme invalid.
const gluedPattern = /[A-Za-z0-9_.:+-]+/y;
const nowSignPattern = /\s*([+-])/y;
const nowAmountPattern = /\s*(\d+)/y;
const unitWordPattern = /[A-Za-z_][A-Za-z0-9_]*/y;

const nowUnits: readonly string[] = ["m", "h", "d", "w"] satisfies NowUnit[];
const unitNames = "m (minutes), h (hours), d (days) or w (weeks)";
const unitSpellings: Record<string, NowUnit> = {
  min: "m",
  mins: "m",
  minute: "m",
  minutes: "m",
  hr: "h",
  hrs: "h",
  hour: "h",
  hours: "h",
  day: "d",
  days: "d",
  week: "w",
  weeks: "w",
};
const simpleEscapes: Record<string, string> = { '"': '"', "'": "'", "\\": "\\", n: "\n", t: "\t", r: "\r" };

function isUnit(text: string): text is NowUnit {
  return nowUnits.includes(text);
}

/** Splits a segment into tokens, reporting every lexical problem rather than only the first. */
export function lex(source: string): LexResult {
  const tokens: Token[] = [];
  const errors: SegmentError[] = [];
  const lineStarts = [0];
  for (let i = 0; i < source.length; i++) if (source[i] === "\n") lineStarts.push(i + 1);

  const positionAt = (offset: number): Position => {
    let line = lineStarts.length - 1;
    while (lineStarts[line] > offset) line--;
    return { line: line + 1, column: offset - lineStarts[line] + 1, offset };
  };
  const spanOf = (start: number, end: number): Span => ({ start: positionAt(start), end: positionAt(end) });
  const matchAt = (pattern: RegExp, at: number): RegExpExecArray | null => {
    pattern.lastIndex = at;
    return pattern.exec(source);
  };

  let pos = 0;

  const lexString = (): void => {
    const start = pos;
    const quote = source[pos++];
    let value = "";
    for (;;) {
      const char = source[pos];
      if (char === undefined || char === "\n" || char === "\r") {
        errors.push(segmentError(spanOf(start, pos), "unterminated string"));
        return;
      }
      pos++;
      if (char === quote) break;
      if (char !== "\\") {
        value += char;
        continue;
      }
      const escape = source[pos];
      const hex = escape === "u" ? source.slice(pos + 1, pos + 5) : "";
      if (escape !== undefined && Object.hasOwn(simpleEscapes, escape)) {
        value += simpleEscapes[escape];
        pos++;
      } else if (escape === "u" && /^[0-9A-Fa-f]{4}$/.test(hex)) {
        value += String.fromCharCode(parseInt(hex, 16));
        pos += 5;
      } else if (escape === "u") {
        errors.push(segmentError(spanOf(pos - 1, pos + 1), "`\\u` needs four hex digits, as in `\\u00e9`"));
        pos++;
      } else if (escape !== undefined && escape !== "\n" && escape !== "\r") {
        errors.push(
          segmentError(spanOf(pos - 1, pos + 1), `unknown escape \`\\${escape}\`; write \`\\\\\` for a backslash`, {
            suggestion: `\\\\${escape}`,
          }),
        );
        pos++;
      }
    }
    tokens.push({ kind: "string", text: source.slice(start, pos), value, span: spanOf(start, pos) });
  };

  /** `now`, optionally followed by a signed offset such as `-30d` (spaces allowed around the sign). */
  const lexNow = (start: number): void => {
    const sign = matchAt(nowSignPattern, pos);
    if (!sign) {
      tokens.push({ kind: "now", text: source.slice(start, pos), offset: 0, unit: "d", span: spanOf(start, pos) });
      return;
    }
    pos = nowSignPattern.lastIndex;
    const amount = matchAt(nowAmountPattern, pos);
    if (!amount) {
      errors.push(segmentError(spanOf(start, pos), `expected a number after \`now${sign[1]}\`, as in \`now${sign[1]}30d\``));
      return;
    }
    pos = nowAmountPattern.lastIndex;
    const written = `now${sign[1]}${amount[1]}`;
    const unitWord = matchAt(unitWordPattern, pos);
    const unit = unitWord?.[0].toLowerCase() ?? "";
    if (unitWord) pos = unitWordPattern.lastIndex;
    if (!isUnit(unit)) {
      const known = unitSpellings[unit];
      const message = unitWord
        ? `unknown time unit \`${unitWord[0]}\`; use ${unitNames}`
        : `expected a time unit after \`${written}\`: ${unitNames}`;
      errors.push(segmentError(spanOf(start, pos), message, known ? { suggestion: `${written}${known}` } : {}));
      return;
    }
    const magnitude = Number(amount[1]);
    const offset = sign[1] === "-" && magnitude !== 0 ? -magnitude : magnitude;
    tokens.push({ kind: "now", text: source.slice(start, pos), offset, unit, span: spanOf(start, pos) });
  };

  /** Numbers and dates both start with a digit (or a minus); anything glued on makes them invalid. */
  const lexNumberOrDate = (): void => {
    const start = pos;
    const date = matchAt(datePattern, pos);
    const number = date ? null : matchAt(numberPattern, pos);
    pos = date ? datePattern.lastIndex : numberPattern.lastIndex;
    const glued = matchAt(gluedPattern, pos);
    if (glued) {
      pos = gluedPattern.lastIndex;
      const what = date ? "date" : "number";
      errors.push(segmentError(spanOf(start, pos), `invalid ${what} \`${source.slice(start, pos)}\``));
      return;
    }
    const text = source.slice(start, pos);
    const span = spanOf(start, pos);
    if (number) {
      tokens.push({ kind: "number", text, value: Number(text), span });
      return;
    }
    const value = text.toUpperCase();
    if (isoDateMillis(value) === undefined) {
      errors.push(segmentError(span, `\`${text}\` is not a valid date`));
      return;
    }
    tokens.push({ kind: "date", text, value, span });
  };

  while (pos < source.length) {
    const char = source[pos];
    const symbol = symbols.find((candidate) => source.startsWith(candidate, pos));
    if (/\s/.test(char)) {
      pos++;
    } else if (char === '"' || char === "'") {
      lexString();
    } else if (/[0-9]/.test(char) || (char === "-" && /[0-9]/.test(source[pos + 1] ?? ""))) {
      lexNumberOrDate();
    } else if (matchAt(wordPattern, pos)) {
      const start = pos;
      pos = wordPattern.lastIndex;
      const text = source.slice(start, pos);
      if (text.toLowerCase() === "now") lexNow(start);
      else tokens.push({ kind: "word", text, span: spanOf(start, pos) });
    } else if (symbol) {
      tokens.push({ kind: "symbol", text: symbol, span: spanOf(pos, pos + symbol.length) });
      pos += symbol.length;
    } else {
      const codePoint = String.fromCodePoint(source.codePointAt(pos) ?? 0);
      errors.push(segmentError(spanOf(pos, pos + codePoint.length), `unexpected character \`${codePoint}\``));
      pos += codePoint.length;
    }
  }
  tokens.push({ kind: "end", text: "", span: spanOf(pos, pos) });
  return { tokens, errors };
}
