// Page-by-page navigation over a cursor connection (`first`/`after`). The server only knows
// "the page after this cursor", so going back means remembering the cursors that led here.
import { useState } from "react";
import { useLocation, useSearchParams } from "react-router";

export { DEFAULT_PAGE_SIZE, isPageSize, PAGE_SIZES, type PageSize } from "../lib/page-sizes";

export interface CursorPaging {
  /** The `after` variable for the current page. */
  after: string | null;
  /** 0 for the first page. */
  pageIndex: number;
  next: (endCursor: string) => void;
  previous: () => void;
}

interface PagingState {
  resetKey: string;
  cursors: string[];
}

/**
 * `resetKey` identifies the list being paged (its filters, sort and page size): when it
 * changes, paging starts again from the first page, since old cursors point into another list.
 */
export function useCursorPaging(resetKey: string): CursorPaging {
  const [state, setState] = useState<PagingState>({ resetKey, cursors: [] });

  // Reset while rendering rather than in an effect, so no request is sent with a stale cursor.
  let cursors = state.cursors;
  if (state.resetKey !== resetKey) {
    cursors = [];
    setState({ resetKey, cursors });
  }

  return {
    after: cursors.at(-1) ?? null,
    pageIndex: cursors.length,
    next: (endCursor) => setState((current) => ({ ...current, cursors: [...current.cursors, endCursor] })),
    previous: () => setState((current) => ({ ...current, cursors: current.cursors.slice(0, -1) })),
  };
}

/** What a list page keeps in its history entry: the cursors of the pages before this one. */
interface PagedHistoryState {
  cursors?: string[];
}

/**
 * The same paging kept in the URL, for a list an agent leaves and comes back to: `after` (the
 * current page's cursor) and `page` (its number, for "26–50 of 312") are query parameters, so
 * Back, a reload or a shared link shows the same page; the cursors of the pages before it live
 * in the history entry, for Previous. A link without them goes back to the first page.
 * The caller drops `after` and `page` whenever the list itself changes (filters, sort).
 */
export function useUrlCursorPaging(): CursorPaging {
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const after = params.get("after");
  const page = Math.max(Number.parseInt(params.get("page") ?? "", 10) || 1, after ? 2 : 1);
  const stored = (location.state as PagedHistoryState | null)?.cursors ?? [];
  // The stored cursors lead to this page only if the last of them is this page's.
  const cursors = after && stored.at(-1) === after ? stored : after ? [after] : [];

  const go = (nextCursors: string[], nextPage: number) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        const last = nextCursors.at(-1);
        if (last) next.set("after", last);
        else next.delete("after");
        if (nextPage > 1) next.set("page", String(nextPage));
        else next.delete("page");
        return next;
      },
      { replace: true, state: { ...(location.state as object | null), cursors: nextCursors } },
    );

  return {
    after,
    pageIndex: page - 1,
    next: (endCursor) => go([...cursors, endCursor], page + 1),
    // Without the earlier cursors (a shared link) there is no page before to step to but the first.
    previous: () => (cursors.length > 1 ? go(cursors.slice(0, -1), page - 1) : go([], 1)),
  };
}
