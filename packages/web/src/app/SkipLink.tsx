import type { MouseEvent } from "react";
import { focusPageHeading } from "../shared/hooks/use-focus-heading";
import classes from "./SkipLink.module.css";

/** The id of the frame's main region, the skip link's target. */
export const MAIN_CONTENT_ID = "main-content";

/**
 * "Skip to content": the frame's first focusable element, so keyboard users do not Tab through
 * the header and the navigation on every page.
 */
export function SkipLink() {
  // A plain fragment link scrolls but leaves focus where it was: move it into the page, to its
  // title when it has rendered one, else to the main region itself.
  const skip = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    if (!focusPageHeading()) document.getElementById(MAIN_CONTENT_ID)?.focus();
  };
  return (
    <a href={`#${MAIN_CONTENT_ID}`} className={classes.link} onClick={skip}>
      Skip to content
    </a>
  );
}
