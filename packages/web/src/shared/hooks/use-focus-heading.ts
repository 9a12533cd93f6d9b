// After a client-side navigation the browser leaves focus on the link that was followed, so a
// screen reader announces nothing and the keyboard starts over from the navigation. Moving focus
// to the new page's h1 (every page title has tabIndex -1 for this) says where one landed and
// starts the keyboard at the page's content, as a full page load would.
import { useEffect, useRef } from "react";
import { useLocation } from "react-router";

/** Focuses the page's h1 if it is there; false while the page has not rendered it yet. */
export function focusPageHeading(): boolean {
  const heading = document.querySelector<HTMLElement>("main h1");
  heading?.focus();
  return heading !== null;
}

/**
 * Focuses the page's h1 whenever the path changes: not on the first load (Tab then reaches the
 * skip link first), not when only the search parameters change (a filter or a sort keeps focus
 * on the control that changed it). A page that loads its code or data shows its h1 later: focus
 * moves when it appears, unless focus has gone elsewhere meanwhile.
 */
export function useFocusHeadingOnNavigation(): void {
  const { pathname } = useLocation();
  // A ref, not a "first render" flag: StrictMode runs the effect twice on mount.
  const shownPath = useRef(pathname);

  useEffect(() => {
    if (shownPath.current === pathname) return;
    shownPath.current = pathname;
    const focusedAtNavigation = document.activeElement;
    // A page that puts focus somewhere itself (the Users list on the row the agent came back
    // from) has already done so: its effects run before this one.
    if (focusedAtNavigation !== document.body && document.querySelector("main")?.contains(focusedAtNavigation)) return;
    const focusHeading = (): boolean => {
      const movedMeanwhile = document.activeElement !== focusedAtNavigation && document.activeElement !== document.body;
      return movedMeanwhile || focusPageHeading();
    };
    if (focusHeading()) return;
    const observer = new MutationObserver(() => {
      if (focusHeading()) observer.disconnect();
    });
    observer.observe(document.querySelector("main") ?? document.body, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [pathname]);
}
