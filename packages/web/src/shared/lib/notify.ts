// Confirmations and failures that are not part of a form: toasts, so the page under them does
// not move (an alert in a header grows it). `action-result` / `action-error` let tests find them.
import type { ErrorLike } from "@apollo/client";
import { notifications } from "@mantine/notifications";
import { describeError } from "./errors";

// Mantine's close button is an icon alone: without a name a screen reader announces "button"
// (axe: button-name, critical).
const closeButtonProps = { "aria-label": "Dismiss notification" };

/** A done action, in a sentence ("Ann is banned until …"). Stays a few seconds. */
export function notifyDone(message: string): void {
  notifications.show({ color: "green", message, autoClose: 6000, closeButtonProps, "data-testid": "action-result" });
}

/** A failed action whose dialog is already gone. Stays until closed: it may need reading twice. */
export function notifyFailed(error: ErrorLike): void {
  const { title, message } = describeError(error);
  notifications.show({ color: "red", title, message, autoClose: false, closeButtonProps, "data-testid": "action-error" });
}
