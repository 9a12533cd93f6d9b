import { validateSegment } from "@roster/segments";

/**
 * Why a query cannot be run yet, in a sentence for a disabled button; null when it can. The
 * server checks with the same package, so a query that passes here is one it accepts.
 */
export function segmentProblem(text: string): string | null {
  if (text.trim() === "") return "Write a query first.";
  const [first] = validateSegment(text).errors;
  return first ? `Fix the query first: ${first.message} (line ${first.line}, column ${first.column}).` : null;
}
