// Every keyboard shortcut of the SPA, once: the `?` sheet renders this list and the handlers
// read their keys from it, so the sheet cannot name a key that does nothing.

/** Where a shortcut works; the sheet groups by it, in this order. */
export const SHORTCUT_SCOPES = ["Anywhere", "Lists", "Profile"] as const;
export type ShortcutScope = (typeof SHORTCUT_SCOPES)[number];

export interface Shortcut {
  scope: ShortcutScope;
  /**
   * Alternatives, each a `KeyboardEvent.key` value; "mod+k" is Ctrl+K, or ⌘K on a Mac (the
   * notation of Mantine's useHotkeys).
   */
  keys: readonly string[];
  description: string;
}

export const SHORTCUTS = {
  palette: {
    scope: "Anywhere",
    keys: ["mod+k"],
    description: "Open the command palette: find a person or an organization, go to a page, run an action",
  },
  search: { scope: "Anywhere", keys: ["/"], description: "Focus the page's search field" },
  help: { scope: "Anywhere", keys: ["?"], description: "Show these shortcuts" },
  nextRow: { scope: "Lists", keys: ["j", "ArrowDown"], description: "Move to the next row" },
  previousRow: { scope: "Lists", keys: ["k", "ArrowUp"], description: "Move to the previous row" },
  openRow: { scope: "Lists", keys: ["Enter"], description: "Open the row's person" },
  selectRow: { scope: "Lists", keys: ["x"], description: "Select or unselect the row" },
  leaveRow: { scope: "Lists", keys: ["Escape", "Backspace"], description: "Leave the row focus" },
  rowActions: { scope: "Lists", keys: ["."], description: "Open the row's action menu" },
  backToList: {
    scope: "Profile",
    keys: ["Escape", "Backspace"],
    description: "Back to the list, on the same row",
  },
  previousPerson: { scope: "Profile", keys: ["["], description: "Previous person of the list" },
  nextPerson: { scope: "Profile", keys: ["]"], description: "Next person of the list" },
} as const satisfies Record<string, Shortcut>;

export type ShortcutId = keyof typeof SHORTCUTS;

const IS_MAC = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

const KEY_NAMES: Record<string, string> = {
  mod: IS_MAC ? "⌘" : "Ctrl",
  ArrowDown: "↓",
  ArrowUp: "↑",
  Escape: "Esc",
};

/** One alternative as the keys to press, for <Kbd>: "mod+k" → ["Ctrl", "K"], "j" → ["j"]. */
export function keyCaps(key: string): string[] {
  const parts = key.split("+");
  // A lone letter is typed as is (an upper-case J would suggest Shift); after a modifier it is written upper-case.
  return parts.map((part) => KEY_NAMES[part] ?? (parts.length > 1 ? part.toUpperCase() : part));
}

/** Whether a keydown is one of the shortcut's keys (single keys only: "mod+k" is Mantine's). */
export function matchesShortcut(event: KeyboardEvent, id: ShortcutId): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey) return false;
  return (SHORTCUTS[id].keys as readonly string[]).includes(event.key);
}
