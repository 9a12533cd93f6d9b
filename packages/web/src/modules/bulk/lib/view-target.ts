// "Everyone matching" on the Users list as a bulk job target: the list's view in the segment
// language, so the job acts on the same people the list counts.
import { quoteString } from "@roster/segments";
import type { StartBulkJobInput, UserSort, UserState } from "../../../generated/graphql";

/** What the Users list shows: the states it asks for (never empty), its search and its segment. */
export interface PeopleView {
  states: readonly UserState[];
  search: string;
  segment: string | null;
  segmentId: string | null;
  /** The role the list is narrowed to (the role selector); null for everyone. */
  role: { id: string; name: string } | null;
  /** The list's order: an export of the view keeps it (a bulk job's target does not depend on it). */
  sort: UserSort;
}

export type BulkTarget = Pick<StartBulkJobInput, "userIds" | "segment" | "segmentId">;

export type ViewTarget = { target: BulkTarget; unavailable: null } | { target: null; unavailable: string };

/** `state in (active, not_activated, banned)`: the segment language spells states in lower case. */
function statesClause(states: readonly UserState[]): string {
  return `state in (${states.map((state) => state.toLowerCase()).join(", ")})`;
}

/**
 * The view as a segment. A job over a segment alone would also reach the people the list
 * leaves out by state (the trashed, from the People view), so the states always go with it;
 * the server ANDs `segment` with the saved `segmentId`. The search matches several fields at
 * once and has no equivalent in the segment language: a view with one cannot be a target.
 */
export function viewTarget(view: PeopleView): ViewTarget {
  if (view.search) {
    return {
      target: null,
      unavailable:
        'A search cannot be the target of a bulk action. Clear the search and express it as a segment (e.g. email contains "@example.com") to act on everyone matching.',
    };
  }
  // Role names are unique, and the segment language matches roles by name, implicit ones included.
  const scope = view.role ? `${statesClause(view.states)} and role = ${quoteString(view.role.name)}` : statesClause(view.states);
  if (view.segmentId) return { target: { segmentId: view.segmentId, segment: scope }, unavailable: null };
  if (view.segment) return { target: { segment: `(${view.segment}) and ${scope}` }, unavailable: null };
  return { target: { segment: scope }, unavailable: null };
}
