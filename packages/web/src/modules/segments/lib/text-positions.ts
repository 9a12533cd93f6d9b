// The segment language locates problems by 1-based line and column; CodeMirror by offset.

/**
 * The offset of a 1-based line and column (columns count UTF-16 code units, as the language
 * does), clamped to the text: a problem "at the end of the query" may point one past it.
 */
export function offsetAt(text: string, line: number, column: number): number {
  let lineStart = 0;
  for (let current = 1; current < line; current++) {
    const newline = text.indexOf("\n", lineStart);
    if (newline < 0) return text.length;
    lineStart = newline + 1;
  }
  const lineEnd = text.indexOf("\n", lineStart);
  const lineLength = (lineEnd < 0 ? text.length : lineEnd) - lineStart;
  return lineStart + Math.min(Math.max(column - 1, 0), lineLength);
}
