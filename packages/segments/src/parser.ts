import type { Comparison, Expr, FieldRef, NullCheck, Predicate, Span, Value } from "./ast";
import { type ComparisonOperator, comparisonOperators, listOperators, nullOperators } from "./catalog";
import { type ErrorDetails, type SegmentError, segmentError } from "./errors";
import { lex, type Token } from "./lexer";

export interface ParseResult {
  /** Present when the text is syntactically a segment; it still needs `checkSegment`. */
  ast?: Expr;
  errors: SegmentError[];
}

/** Words that cannot name a field, so `x and and` fails where the second `and` stands. */
const reservedWords = new Set(["and", "or", "not", "in", "is", "null", "true", "false", "contains", "starts", "ends", "with"]);
const allOperators: string[] = [...comparisonOperators, ...listOperators, ...nullOperators];
const conditionStarts = ["a field", "not", "("];

/** Thrown to abandon the parse at the first syntax error: later errors would mostly be echoes of it. */
class SyntaxFailure extends Error {
  constructor(readonly error: SegmentError) {
    super(error.message);
  }
}

function join(start: Span, end: Span): Span {
  return { start: start.start, end: end.end };
}

function describe(token: Token): string {
  return token.kind === "end" ? "the end of the query" : `\`${token.text}\``;
}

function isWord(token: Token, word: string): boolean {
  return token.kind === "word" && token.text.toLowerCase() === word;
}

function isSymbol(token: Token, symbol: string): boolean {
  return token.kind === "symbol" && token.text === symbol;
}

/** Precedence, loosest first: `or`, `and`, `not`; parentheses group. */
class Parser {
  private position = 0;

  constructor(private readonly tokens: Token[]) {}

  parseSegment(): Expr {
    if (this.peek().kind === "end")
      this.fail(this.peek(), "the query is empty; expected a condition", { expected: conditionStarts });
    const expr = this.parseOr();
    const token = this.peek();
    if (isSymbol(token, ")")) this.fail(token, "unexpected `)` without a matching `(`");
    if (token.kind !== "end") {
      this.fail(token, `expected \`and\`, \`or\` or the end of the query, found ${describe(token)}`, { expected: ["and", "or"] });
    }
    return expr;
  }

  private peek(): Token {
    return this.tokens[this.position];
  }

  private next(): Token {
    const token = this.tokens[this.position];
    if (token.kind !== "end") this.position++;
    return token;
  }

  private fail(at: Token | Span, message: string, details?: ErrorDetails): never {
    throw new SyntaxFailure(segmentError("span" in at ? at.span : at, message, details));
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (isWord(this.peek(), "or")) {
      this.next();
      const right = this.parseAnd();
      left = { kind: "or", left, right, span: join(left.span, right.span) };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseUnary();
    while (isWord(this.peek(), "and")) {
      this.next();
      const right = this.parseUnary();
      left = { kind: "and", left, right, span: join(left.span, right.span) };
    }
    return left;
  }

  private parseUnary(): Expr {
    if (!isWord(this.peek(), "not")) return this.parsePrimary();
    const not = this.next();
    const operand = this.parseUnary();
    return { kind: "not", operand, span: join(not.span, operand.span) };
  }

  private parsePrimary(): Expr {
    const token = this.peek();
    if (isSymbol(token, "(")) {
      const open = this.next();
      const inner = this.parseOr();
      const close = this.peek();
      if (!isSymbol(close, ")")) {
        const where = `line ${open.span.start.line}, column ${open.span.start.column}`;
        const message =
          close.kind === "end"
            ? `missing \`)\` to close the \`(\` at ${where}`
            : `expected \`and\`, \`or\` or \`)\`, found ${describe(close)}`;
        this.fail(close, message, { expected: ["and", "or", ")"] });
      }
      this.next();
      return { ...inner, span: join(open.span, close.span) };
    }
    if (token.kind === "word" && !reservedWords.has(token.text.toLowerCase())) return this.parsePredicate();
    const previous = this.tokens[this.position - 1];
    const after = previous ? ` after \`${previous.text}\`` : "";
    const found = token.kind === "end" ? "" : `, found ${describe(token)}`;
    return this.fail(token, `expected a condition${after}${found}`, { expected: conditionStarts });
  }

  private parsePredicate(): Predicate {
    const fieldToken = this.next();
    const field: FieldRef = { name: fieldToken.text, span: fieldToken.span };
    const token = this.peek();
    if (isWord(token, "is")) return this.parseNullCheck(field);
    if (isWord(token, "in") || isWord(token, "not")) return this.parseList(field);
    const operator = this.parseOperator();
    if (operator) {
      const value = this.parseValue(operator.text, operator.span);
      return {
        kind: "comparison",
        field,
        operator: operator.operator,
        operatorSpan: operator.span,
        value,
        span: join(field.span, value.span),
      };
    }
    if (token.kind === "end" || isWord(token, "and") || isWord(token, "or") || isSymbol(token, ")")) {
      return { kind: "booleanField", field, span: field.span };
    }
    return this.fail(token, `expected an operator after \`${field.name}\`, found ${describe(token)}`, { expected: allOperators });
  }

  /** The operators written as one token (`>=`, `contains`) or two (`starts with`). */
  private parseOperator(): { operator: ComparisonOperator; text: string; span: Span } | undefined {
    const token = this.peek();
    if (token.kind === "symbol" && token.text !== "(" && token.text !== ")" && token.text !== ",") {
      this.next();
      return { operator: token.text, text: token.text, span: token.span };
    }
    if (isWord(token, "contains")) {
      this.next();
      return { operator: "contains", text: token.text, span: token.span };
    }
    if (isWord(token, "starts") || isWord(token, "ends")) {
      this.next();
      const withToken = this.peek();
      if (!isWord(withToken, "with")) this.fail(withToken, `expected \`with\` after \`${token.text}\``, { expected: ["with"] });
      this.next();
      const operator = isWord(token, "starts") ? "starts with" : "ends with";
      return { operator, text: `${token.text} ${withToken.text}`, span: join(token.span, withToken.span) };
    }
    return undefined;
  }

  private parseNullCheck(field: FieldRef): NullCheck {
    const is = this.next();
    const negated = isWord(this.peek(), "not");
    if (negated) this.next();
    const nullToken = this.peek();
    if (!isWord(nullToken, "null")) {
      const expected = negated ? ["null"] : ["null", "not null"];
      const message = negated ? "expected `null` after `is not`" : "expected `null` or `not null` after `is`";
      this.fail(nullToken, message, { expected });
    }
    this.next();
    const operatorSpan = join(is.span, nullToken.span);
    return { kind: "nullCheck", field, negated, operatorSpan, span: join(field.span, nullToken.span) };
  }

  private parseList(field: FieldRef): Comparison {
    const first = this.next();
    const negated = isWord(first, "not");
    const inToken = negated ? this.peek() : first;
    if (!isWord(inToken, "in"))
      this.fail(inToken, `expected \`in\` after \`not\`, found ${describe(inToken)}`, { expected: ["in"] });
    if (negated) this.next();
    const operatorSpan = join(first.span, inToken.span);
    const open = this.peek();
    if (!isSymbol(open, "(")) this.fail(open, "expected `(` after `in`, as in `in (a, b)`", { expected: ["("] });
    this.next();
    const values: Value[] = [];
    for (;;) {
      const previous = this.tokens[this.position - 1];
      values.push(this.parseValue(previous.text, previous.span));
      const token = this.next();
      if (isSymbol(token, ")")) {
        const operator = negated ? "not in" : "in";
        return { kind: "comparison", field, operator, operatorSpan, values, span: join(field.span, token.span) };
      }
      if (!isSymbol(token, ","))
        this.fail(token, `expected \`,\` or \`)\` in the list, found ${describe(token)}`, { expected: [",", ")"] });
    }
  }

  private parseValue(after: string, afterSpan: Span): Value {
    const token = this.peek();
    const expectedValue = `expected a value after \`${after}\``;
    switch (token.kind) {
      case "string":
        this.next();
        return { kind: "string", value: token.value, span: token.span };
      case "number":
        this.next();
        return { kind: "number", value: token.value, span: token.span };
      case "date":
        this.next();
        return { kind: "date", value: token.value, span: token.span };
      case "now":
        this.next();
        return { kind: "now", offset: token.offset, unit: token.unit, span: token.span };
      case "word": {
        const word = token.text.toLowerCase();
        if (word === "null") {
          const suggestion = after === "=" ? "is null" : after === "!=" ? "is not null" : undefined;
          const message = "`null` is not a value; write `is null` or `is not null`";
          this.fail(suggestion ? join(afterSpan, token.span) : token, message, suggestion ? { suggestion } : {});
        }
        if (reservedWords.has(word) && word !== "true" && word !== "false") break;
        this.next();
        if (word === "true" || word === "false") return { kind: "boolean", value: word === "true", span: token.span };
        return { kind: "enum", value: token.text, span: token.span };
      }
    }
    return this.fail(token, token.kind === "end" ? expectedValue : `${expectedValue}, found ${describe(token)}`);
  }
}

/** Parses a segment; on a syntax error there is no AST and exactly one error, or every lexical error. */
export function parse(source: string): ParseResult {
  const { tokens, errors } = lex(source);
  if (errors.length > 0) return { errors };
  try {
    return { ast: new Parser(tokens).parseSegment(), errors: [] };
  } catch (failure) {
    if (failure instanceof SyntaxFailure) return { errors: [failure.error] };
    throw failure;
  }
}
