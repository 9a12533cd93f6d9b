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
  /** Absent for an error; `warning` for a hint, which never stops a query from running. */
  severity?: "warning";
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

/** A hint: something legal but probably not meant (`createdAt is null` is always false). */
export function segmentHint(span: Span, message: string, details: ErrorDetails = {}): SegmentError {
  return { ...segmentError(span, message, details), severity: "warning" };
}
