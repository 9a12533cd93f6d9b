import { registerEnumType } from "type-graphql";

/** What a bulk job does to each person; each maps to the single-person operation of the same name. */
export enum BulkAction {
  ACTIVATE = "ACTIVATE",
  BAN = "BAN",
  UNBAN = "UNBAN",
  TRASH = "TRASH",
  RESTORE = "RESTORE",
  DELETE = "DELETE",
  SEND_VERIFICATION_EMAIL = "SEND_VERIFICATION_EMAIL",
  ADD_ROLE = "ADD_ROLE",
  REMOVE_ROLE = "REMOVE_ROLE",
  SET_ORGANIZATION = "SET_ORGANIZATION",
}

export enum BulkJobStatus {
  QUEUED = "QUEUED",
  RUNNING = "RUNNING",
  DONE = "DONE",
  CANCELLED = "CANCELLED",
  /** Stopped by an error it could not get past; `retryBulkJob` carries on after the last whole batch. */
  FAILED = "FAILED",
}

/** Per person: changed, left alone for a reason (already so, not allowed from their state), or failed. */
export enum BulkOutcome {
  DONE = "DONE",
  SKIPPED = "SKIPPED",
  FAILED = "FAILED",
}

registerEnumType(BulkAction, { name: "BulkAction" });
registerEnumType(BulkJobStatus, { name: "BulkJobStatus" });
registerEnumType(BulkOutcome, { name: "BulkOutcome" });
