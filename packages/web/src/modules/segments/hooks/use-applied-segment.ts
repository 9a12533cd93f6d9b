import { useSegmentQuery } from "../../../generated/graphql";

export interface AppliedSegment {
  /** The query in effect; empty while a saved segment is still loading. */
  query: string;
  /** Set when a saved segment is applied (`?segmentId=`), rather than a query (`?segment=`). */
  saved: { id: string; name: string | null } | null;
}

/** What filters the people list: a query from the URL, or a saved segment, whose query is fetched. */
export function useAppliedSegment(query: string | null, segmentId: string | null): AppliedSegment | null {
  const { data } = useSegmentQuery({ variables: { id: segmentId ?? "" }, skip: !segmentId });
  if (segmentId) {
    const segment = data?.segment;
    return { query: segment?.query ?? "", saved: { id: segmentId, name: segment?.name ?? null } };
  }
  return query ? { query, saved: null } : null;
}
