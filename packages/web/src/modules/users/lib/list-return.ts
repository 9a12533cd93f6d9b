// Leaving the Users list for a person and coming back to it: the list's URL holds its view and
// page; the history entries hold what a URL should not (the cursors of earlier pages, the row
// to focus, the people around this one for previous/next).
import type { Location } from "react-router";

/** The Users list's history entry. */
export interface ListHistoryState {
  /** The cursors of the pages before this one (use-cursor-paging.ts). */
  cursors?: string[];
  /** The person whose row gets the focus when the list shows. */
  focusId?: string;
}

/** A profile opened from the list. */
export interface ProfileHistoryState {
  /** The list's path and query: its view and page. */
  list: string;
  listState: ListHistoryState;
  /** The people of the list's page, in its order, for previous and next. */
  ids: string[];
}

export function listReturn(list: Location, personId: string, rows: readonly { id: string }[]) {
  const listState: ListHistoryState = { ...(list.state as ListHistoryState | null), focusId: personId };
  const profileState: ProfileHistoryState = { list: list.pathname + list.search, listState, ids: rows.map((row) => row.id) };
  return { listState, profileState };
}

/** Where the profile's way back leads: the list it came from, focused on this person, or the plain list. */
export function backToList(state: ProfileHistoryState | null, personId: string): { to: string; state: ListHistoryState } {
  return state ? { to: state.list, state: { ...state.listState, focusId: personId } } : { to: "/users", state: {} };
}

/** The people before and after this one in the list it came from, if any. */
export function neighbours(state: ProfileHistoryState | null, personId: string): { previous?: string; next?: string } {
  const index = state?.ids.indexOf(personId) ?? -1;
  if (!state || index < 0) return {};
  return { previous: state.ids[index - 1], next: state.ids[index + 1] };
}
