// "/" focuses the search box, as in most tools agents use all day (GitHub, Gmail, Slack).
import { useWindowEvent } from "@mantine/hooks";
import type { RefObject } from "react";
import { isPageKey } from "../lib/page-keys";
import { matchesShortcut } from "../lib/shortcuts";

export function useSlashFocus(ref: RefObject<HTMLInputElement | null>, enabled: boolean): void {
  useWindowEvent("keydown", (event) => {
    // Compare the produced character, not a key code: "/" needs Shift on many layouts.
    if (!enabled || !matchesShortcut(event, "search") || !isPageKey(event)) return;
    event.preventDefault();
    ref.current?.focus();
    ref.current?.select();
  });
}
