// The people ticked on the Users list for a bulk action: the rows of the page on screen, or
// everyone the view matches once the agent asks for "all".
import { useState } from "react";

export interface BulkSelection<T> {
  /** The ticked rows of the page on screen. */
  selected: T[];
  /** Everyone matching the view, on every page, rather than just the ticked rows. */
  allMatching: boolean;
  /** Ticking or unticking a row also leaves "all matching". */
  setSelected: (records: T[]) => void;
  selectAllMatching: () => void;
  clear: () => void;
}

interface SelectionState<T> {
  resetKey: string;
  selected: T[];
  allMatching: boolean;
}

/**
 * `resetKey` identifies the rows on screen (view, sort and page): when it changes the selection
 * is dropped, so an action never reaches people the agent can no longer see ticked.
 */
export function useBulkSelection<T>(resetKey: string): BulkSelection<T> {
  const [state, setState] = useState<SelectionState<T>>({ resetKey, selected: [], allMatching: false });

  // Reset while rendering rather than in an effect, so no render shows the stale selection.
  let current = state;
  if (state.resetKey !== resetKey) {
    current = { resetKey, selected: [], allMatching: false };
    setState(current);
  }

  return {
    selected: current.selected,
    allMatching: current.allMatching,
    setSelected: (selected) => setState((previous) => ({ ...previous, selected, allMatching: false })),
    selectAllMatching: () => setState((previous) => ({ ...previous, allMatching: true })),
    clear: () => setState((previous) => ({ ...previous, selected: [], allMatching: false })),
  };
}
