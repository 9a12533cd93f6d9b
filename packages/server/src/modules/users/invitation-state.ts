/**
 * Where an agent's invitation stands, read off their INVITATION tokens and their state (never
 * stored): null for someone never invited (customers, the first administrator).
 */
import { registerEnumType } from "type-graphql";
import type { UserToken } from "../tokens/user-token.entity";
import type { User } from "./user.entity";
import { UserKind } from "./user.enums";

export enum InvitationState {
  /** A link that still works waits to be followed. */
  PENDING = "PENDING",
  /** The agent set their password from a link (or was activated another way since). */
  ACCEPTED = "ACCEPTED",
  /** Every link has expired or been replaced, unused: resend the invitation. */
  EXPIRED = "EXPIRED",
}

registerEnumType(InvitationState, { name: "InvitationState", description: "Where an agent's invitation stands." });

export function invitationState(user: User, invitations: readonly UserToken[], now: Date): InvitationState | null {
  if (user.kind !== UserKind.AGENT || invitations.length === 0) return null;
  if (invitations.some((token) => token.usedAt !== null)) return InvitationState.ACCEPTED;
  // A password set another way (activated by an agent, then its link): nothing waits on the invitation.
  if (user.passwordHash !== null) return InvitationState.ACCEPTED;
  return invitations.some((token) => token.expiresAt > now) ? InvitationState.PENDING : InvitationState.EXPIRED;
}
