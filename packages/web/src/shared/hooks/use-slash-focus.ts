// "/" focuses the search box, as in most tools agents use all day (GitHub, Gmail, Slack).
import { useWindowEvent } from "@mantine/hooks";
import type { RefObject } from "react";

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

export function useSlashFocus(ref: RefObject<HTMLInputElement | null>, enabled: boolean): void {
  useWindowEvent("keydown", (event) => {
    // Compare the produced character, not a key code: "/" needs Shift on many layouts.
    if (!enabled || event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (isTypingTarget(event.target)) return;
    event.preventDefault();
    ref.current?.focus();
    ref.current?.select();
  });
}
