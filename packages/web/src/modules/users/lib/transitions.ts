// How the SPA names each account transition, and the sentence it shows once one is done.
import type { UserTransition } from "../../../generated/graphql";
import { formatDate } from "../../../shared/lib/format";

export const TRANSITION_LABELS: Record<UserTransition, string> = {
  ACTIVATE: "Activate",
  SEND_VERIFICATION_EMAIL: "Send verification email",
  BAN: "Ban",
  UNBAN: "Unban",
  TRASH: "Move to trash",
  RESTORE: "Restore from trash",
  DELETE: "Delete permanently",
};

/** Menu order: the everyday actions first, the destructive ones last. */
export const TRANSITION_ORDER: readonly UserTransition[] = [
  "ACTIVATE",
  "SEND_VERIFICATION_EMAIL",
  "UNBAN",
  "BAN",
  "RESTORE",
  "TRASH",
  "DELETE",
];

/** Deleting is the one transition with its own permission (SPEC §4); every other needs people.manage. */
export function transitionPermission(transition: UserTransition): string {
  return transition === "DELETE" ? "people.delete" : "people.manage";
}

export interface TransitionOutcome {
  displayName: string;
  bannedUntil?: string | null;
}

export function describeOutcome(transition: UserTransition, { displayName, bannedUntil }: TransitionOutcome): string {
  switch (transition) {
    case "ACTIVATE":
      return `${displayName} is active. A registration email with a link to set a password is on its way.`;
    case "SEND_VERIFICATION_EMAIL":
      return `A verification email is on its way to ${displayName}.`;
    case "BAN":
      return bannedUntil ? `${displayName} is banned until ${formatDate(bannedUntil)}.` : `${displayName} is banned permanently.`;
    case "UNBAN":
      return `${displayName} is no longer banned.`;
    case "TRASH":
      return `${displayName} is in the trash; their communications no longer count anywhere.`;
    case "RESTORE":
      return `${displayName} is back from the trash, with their communications.`;
    case "DELETE":
      return `${displayName} was deleted permanently.`;
  }
}
