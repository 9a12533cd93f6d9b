// How the audit log names what happened and who did it. Records over the generated enum
// types, so an action the server adds fails the typecheck until it has words here.
import type { ActorType, AuditAction } from "../../../generated/graphql";

/** In the order the action filter lists them: a person's account first, then roles, agents and organizations. */
export const ACTION_LABELS: Record<AuditAction, string> = {
  USER_CREATED: "Person created",
  USER_REGISTERED: "Person registered",
  USER_UPDATED: "Person edited",
  USER_ACTIVATED: "Person activated",
  VERIFICATION_EMAIL_SENT: "Verification email sent",
  EMAIL_CONFIRMED: "Email address confirmed",
  PASSWORD_SET: "Password set",
  PASSWORD_RESET_REQUESTED: "Password reset requested",
  PASSWORD_RESET: "Password reset",
  PASSWORD_CHANGED: "Password changed",
  USER_BANNED: "Person banned",
  USER_UNBANNED: "Person unbanned",
  USER_TRASHED: "Person moved to trash",
  USER_RESTORED: "Person restored from trash",
  USER_DELETED: "Person deleted permanently",
  USER_ERASED: "Personal data erased",
  POST_MODERATED: "Community post moderated",
  ROLES_ASSIGNED: "Roles assigned",
  ROLE_CREATED: "Role created",
  ROLE_UPDATED: "Role changed",
  ROLE_DELETED: "Role deleted",
  AGENT_INVITED: "Agent invited",
  INVITATION_RESENT: "Invitation sent again",
  INVITATION_ACCEPTED: "Invitation accepted",
  ORGANIZATION_CREATED: "Organization created",
  ORGANIZATION_UPDATED: "Organization edited",
  ORGANIZATION_DELETED: "Organization deleted",
};

export const ACTOR_TYPE_LABELS: Record<ActorType, string> = {
  AGENT: "Agent",
  API_KEY: "API key",
  USER: "Person",
  SYSTEM: "Roster",
};

export function isAuditAction(value: string): value is AuditAction {
  return Object.hasOwn(ACTION_LABELS, value);
}

export function isActorType(value: string | null): value is ActorType {
  return value !== null && Object.hasOwn(ACTOR_TYPE_LABELS, value);
}
