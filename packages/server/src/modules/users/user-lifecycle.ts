/**
 * The account state machine (SPEC §3.1), written once: which transition may leave which state.
 * Every lifecycle mutation checks it against the state as read now (an ended ban reads ACTIVE),
 * and the SPA offers only the transitions `allowedTransitions` lists.
 */
import { registerEnumType } from "type-graphql";
import { DomainError, ErrorCode } from "../../common/errors";
import { UserState } from "./user.enums";

export enum UserTransition {
  ACTIVATE = "ACTIVATE",
  BAN = "BAN",
  UNBAN = "UNBAN",
  TRASH = "TRASH",
  RESTORE = "RESTORE",
  DELETE = "DELETE",
  SEND_VERIFICATION_EMAIL = "SEND_VERIFICATION_EMAIL",
}

registerEnumType(UserTransition, {
  name: "UserTransition",
  description: "A change of account state, or an account action that depends on the state.",
});

const { ACTIVE, NOT_ACTIVATED, BANNED, TRASHED } = UserState;

/** From which states each transition is allowed. Banning a banned person changes the ban. */
export const TRANSITIONS: Readonly<Record<UserTransition, readonly UserState[]>> = {
  [UserTransition.ACTIVATE]: [NOT_ACTIVATED],
  [UserTransition.BAN]: [ACTIVE, NOT_ACTIVATED, BANNED],
  [UserTransition.UNBAN]: [BANNED],
  [UserTransition.TRASH]: [ACTIVE, NOT_ACTIVATED, BANNED],
  [UserTransition.RESTORE]: [TRASHED],
  [UserTransition.DELETE]: [TRASHED],
  [UserTransition.SEND_VERIFICATION_EMAIL]: [ACTIVE, NOT_ACTIVATED],
};

const verbs: Record<UserTransition, string> = {
  ACTIVATE: "activate",
  BAN: "ban",
  UNBAN: "unban",
  TRASH: "move to the trash",
  RESTORE: "restore",
  DELETE: "delete",
  SEND_VERIFICATION_EMAIL: "send a verification email to",
};

const stateWords: Record<UserState, string> = {
  ACTIVE: "active",
  NOT_ACTIVATED: "not activated",
  BANNED: "banned",
  TRASHED: "in the trash",
};

/** A hint where the refusal has an obvious next step. */
const hints: Partial<Record<UserTransition, Partial<Record<UserState, string>>>> = {
  [UserTransition.DELETE]: {
    ACTIVE: "Move them to the trash first.",
    NOT_ACTIVATED: "Move them to the trash first.",
    BANNED: "Move them to the trash first.",
  },
  [UserTransition.BAN]: { TRASHED: "Restore them first." },
  [UserTransition.ACTIVATE]: { TRASHED: "Restore them first." },
};

export function allowedTransitions(state: UserState): UserTransition[] {
  return (Object.keys(TRANSITIONS) as UserTransition[]).filter((transition) => TRANSITIONS[transition].includes(state));
}

export function checkTransition(transition: UserTransition, state: UserState, who: string): void {
  if (TRANSITIONS[transition].includes(state)) return;
  const hint = hints[transition]?.[state];
  throw new DomainError(
    ErrorCode.InvalidTransition,
    `Cannot ${verbs[transition]} ${who}: they are ${stateWords[state]}.${hint ? ` ${hint}` : ""}`,
    { transition, state },
  );
}
