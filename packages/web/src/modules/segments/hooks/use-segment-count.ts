import type { ErrorLike } from "@apollo/client";
import { useDebouncedValue } from "@mantine/hooks";
import { useSegmentCountQuery } from "../../../generated/graphql";
import { segmentProblem } from "../lib/segment-status";

// A pause in typing asks the server, not every keystroke.
const COUNT_DEBOUNCE_MS = 300;

export type SegmentCount =
  | { status: "empty" }
  | { status: "invalid" }
  | { status: "counting" }
  | { status: "counted"; count: number }
  | { status: "failed"; error: ErrorLike };

/** How many people the query picks, while it is being written: counted once typing pauses and only while it is valid. */
export function useSegmentCount(text: string): SegmentCount {
  const [settled] = useDebouncedValue(text, COUNT_DEBOUNCE_MS);
  const { data, error, loading } = useSegmentCountQuery({ variables: { q: settled }, skip: segmentProblem(settled) !== null });
  if (text.trim() === "") return { status: "empty" };
  if (segmentProblem(text) !== null) return { status: "invalid" };
  if (settled !== text || loading) return { status: "counting" };
  if (error) return { status: "failed", error };
  return data ? { status: "counted", count: data.users.totalCount } : { status: "counting" };
}
