// How the SPA names each bulk action, who may run it, and in which view of the list it is offered.
import type { BulkAction, BulkOutcome } from "../../../generated/graphql";
import { formatCount } from "../../../shared/lib/format";

export const BULK_ACTION_LABELS: Record<BulkAction, string> = {
  ACTIVATE: "Activate",
  SEND_VERIFICATION_EMAIL: "Send verification email",
  UNBAN: "Unban",
  BAN: "Ban",
  ADD_ROLE: "Add role",
  REMOVE_ROLE: "Remove role",
  SET_ORGANIZATION: "Set organization",
  TRASH: "Move to trash",
  RESTORE: "Restore from trash",
  DELETE: "Delete permanently",
};

/**
 * Menu order per view: the everyday actions first, the destructive ones last. Trashed people can
 * only come back or go for good, so the trash offers just that; deleting is never offered outside
 * it, and restoring there would skip everyone.
 */
export const PEOPLE_VIEW_ACTIONS: readonly BulkAction[] = [
  "ACTIVATE",
  "SEND_VERIFICATION_EMAIL",
  "UNBAN",
  "BAN",
  "ADD_ROLE",
  "REMOVE_ROLE",
  "SET_ORGANIZATION",
  "TRASH",
];
export const TRASH_VIEW_ACTIONS: readonly BulkAction[] = ["RESTORE", "DELETE"];

/** What the server checks before queueing the job (see `startBulkJob`). */
export function bulkActionPermission(action: BulkAction): string {
  switch (action) {
    case "DELETE":
      return "people.delete";
    case "ADD_ROLE":
    case "REMOVE_ROLE":
      return "roles.manage";
    default:
      return "people.manage";
  }
}

/** Shown in red and asked about before running: hard or impossible to take back. */
export const DESTRUCTIVE_BULK_ACTIONS: ReadonlySet<BulkAction> = new Set(["BAN", "TRASH", "DELETE"]);

export const BULK_OUTCOME_LABELS: Record<BulkOutcome, string> = { DONE: "Done", SKIPPED: "Skipped", FAILED: "Failed" };
export const BULK_OUTCOME_COLORS: Record<BulkOutcome, string> = { DONE: "green", SKIPPED: "gray", FAILED: "red" };

/** "1 person", "12 people". */
export function peopleCount(count: number): string {
  return `${formatCount(count)} ${count === 1 ? "person" : "people"}`;
}
