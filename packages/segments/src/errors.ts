import type { Span } from "./ast";

/**
 * A problem with a segment, located for an editor: 1-based lines and columns, the end exclusive.
 * `suggestion` is replacement text for that range (a quick fix), `expected` what would fit there.
 */
export interface SegmentError {
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  expected?: string[];
  suggestion?: string;
}

export interface ErrorDetails {
  expected?: string[];
  suggestion?: string;
}

export function segmentError(span: Span, message: string, details: ErrorDetails = {}): SegmentError {
  return {
    message,
    line: span.start.line,
    column: span.start.column,
    endLine: span.end.line,
    endColumn: span.end.column,
    ...(details.expected ? { expected: details.expected } : {}),
    ...(details.suggestion !== undefined ? { suggestion: details.suggestion } : {}),
  };
}
