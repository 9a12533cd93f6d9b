// Page-by-page navigation over a cursor connection (`first`/`after`). The server only knows
// "the page after this cursor", so going back means remembering the cursors that led here.
import { useState } from "react";

export const PAGE_SIZES = [25, 50, 100] as const;
export type PageSize = (typeof PAGE_SIZES)[number];
export const DEFAULT_PAGE_SIZE: PageSize = 25;

export function isPageSize(value: number): value is PageSize {
  return (PAGE_SIZES as readonly number[]).includes(value);
}

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
