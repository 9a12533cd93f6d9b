// A forgiving tokenizer for the editor: it colours text while it is being typed (unterminated
// strings, half-written offsets) and tells completion what came before the cursor. Whether the
// query is right is for `validateSegment` to say, not for this.

export type SegmentTokenKind =
  "keyword" | "operator" | "field" | "value" | "literal" | "string" | "number" | "date" | "now" | "punctuation" | "invalid";

export interface SegmentToken {
  kind: SegmentTokenKind;
  /** Offsets into the text; `to` is exclusive. */
  from: number;
  to: number;
  text: string;
}

const logicWords = new Set(["and", "or", "not"]);
const operatorWords = new Set(["in", "is", "null", "contains", "starts", "ends", "with"]);
const literalWords = new Set(["true", "false"]);

const whitespacePattern = /\s+/y;
const stringPattern = /"(?:[^"\\\n\r]|\\.)*"?|'(?:[^'\\\n\r]|\\.)*'?/y;
const datePattern = /\d{4}-\d{2}-\d{2}(?:T[\d:.]*(?:Z|[+-]\d{2}:\d{2})?)?/iy;
const numberPattern = /-?\d+(?:\.\d+)?/y;
const wordPattern = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/y;
// `now` takes an offset with spaces around the sign, as the language does: `now - 30d`.
const nowOffsetPattern = /\s*[+-]\s*\d+[A-Za-z]*/y;
const symbolPattern = /!=|<=|>=|[=<>]|[(),]/y;

function matchAt(pattern: RegExp, text: string, at: number): string | undefined {
  pattern.lastIndex = at;
  return pattern.exec(text)?.[0];
}

/** A word names a field where a condition starts: at the beginning, after `and`/`or`/`not`, or after a `(` that opens a group. */
function expectsField(previous: readonly SegmentToken[]): boolean {
  const last = previous.at(-1);
  if (!last) return true;
  if (last.kind === "keyword") return true;
  if (last.text !== "(") return false;
  return previous.at(-2)?.text.toLowerCase() !== "in";
}

export function tokenizeSegment(text: string): SegmentToken[] {
  const tokens: SegmentToken[] = [];
  let pos = 0;
  const push = (kind: SegmentTokenKind, length: number) => {
    tokens.push({ kind, from: pos, to: pos + length, text: text.slice(pos, pos + length) });
    pos += length;
  };
  while (pos < text.length) {
    const char = text[pos];
    const whitespace = matchAt(whitespacePattern, text, pos);
    if (whitespace) {
      pos += whitespace.length;
      continue;
    }
    if (char === '"' || char === "'") {
      push("string", matchAt(stringPattern, text, pos)?.length ?? 1);
      continue;
    }
    const date = matchAt(datePattern, text, pos);
    if (date) {
      push("date", date.length);
      continue;
    }
    const number = matchAt(numberPattern, text, pos);
    if (number) {
      push("number", number.length);
      continue;
    }
    const word = matchAt(wordPattern, text, pos);
    if (word) {
      const lower = word.toLowerCase();
      if (lower === "now") {
        push("now", word.length + (matchAt(nowOffsetPattern, text, pos + word.length)?.length ?? 0));
      } else if (logicWords.has(lower)) {
        push("keyword", word.length);
      } else if (operatorWords.has(lower)) {
        push("operator", word.length);
      } else if (literalWords.has(lower)) {
        push("literal", word.length);
      } else {
        push(expectsField(tokens) ? "field" : "value", word.length);
      }
      continue;
    }
    const symbol = matchAt(symbolPattern, text, pos);
    if (symbol) {
      push(symbol === "(" || symbol === ")" || symbol === "," ? "punctuation" : "operator", symbol.length);
      continue;
    }
    push("invalid", String.fromCodePoint(text.codePointAt(pos) ?? 0).length);
  }
  return tokens;
}
