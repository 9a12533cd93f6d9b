// "Load more" over a cursor connection: the next page is appended to the one on screen.
// The appending itself is the cache's job (see appendPagination in app/apollo-client.ts);
// this hook turns a query result into what a "Load more" list renders.
import { NetworkStatus, type ErrorLike } from "@apollo/client";
import { useCallback, useState } from "react";

export interface LoadMoreConnection<TNode> {
  nodes: readonly TNode[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

/** The parts of a useQuery result this hook reads. */
interface LoadMoreQueryResult<TData> {
  data: TData | undefined;
  previousData?: TData;
  loading: boolean;
  networkStatus: NetworkStatus;
  error?: ErrorLike;
  refetch: () => Promise<unknown>;
  fetchMore: (options: { variables: { after: string } }) => Promise<unknown>;
}

export interface LoadMoreList<TNode> {
  /** What to show: the current result, or the previous one while new variables load. */
  connection: LoadMoreConnection<TNode> | undefined;
  /** Nothing to show yet: render a skeleton. */
  initialLoading: boolean;
  /** Variables changed (e.g. a filter) and the new first page is on its way. */
  refreshing: boolean;
  loadingMore: boolean;
  /** The first page failed, or the last "Load more" did. */
  error: ErrorLike | undefined;
  retry: () => void;
  loadMore: () => void;
}

export function useLoadMore<TData, TNode>(
  result: LoadMoreQueryResult<TData>,
  select: (data: TData) => LoadMoreConnection<TNode> | null | undefined,
): LoadMoreList<TNode> {
  const { data, previousData, loading, networkStatus, error, refetch, fetchMore } = result;
  // fetchMore reports failures through its promise only, not through the query's `error`.
  // The failure is kept with the cursor it was for, so it disappears once the list changes.
  const [failedLoad, setFailedLoad] = useState<{ after: string; error: ErrorLike }>();

  const current = data ? (select(data) ?? undefined) : undefined;
  const shown = error ? undefined : (current ?? (previousData ? (select(previousData) ?? undefined) : undefined));
  const endCursor = current?.pageInfo.hasNextPage ? current.pageInfo.endCursor : null;

  const loadMore = useCallback(() => {
    if (!endCursor) return;
    setFailedLoad(undefined);
    fetchMore({ variables: { after: endCursor } }).catch((cause: unknown) =>
      setFailedLoad({ after: endCursor, error: cause instanceof Error ? cause : new Error(String(cause)) }),
    );
  }, [endCursor, fetchMore]);
  const loadMoreError = failedLoad && failedLoad.after === endCursor ? failedLoad.error : undefined;

  return {
    connection: shown,
    initialLoading: loading && !shown,
    refreshing: loading && !current && !!shown,
    loadingMore: networkStatus === NetworkStatus.fetchMore,
    error: error ?? loadMoreError,
    retry: () => {
      // A failed refetch lands in the query's `error`, which is what gets shown.
      if (error) refetch().catch(() => undefined);
      else loadMore();
    },
    loadMore,
  };
}
