import { registerEnumType } from "type-graphql";

/** Who did something: a signed-in agent, a service with an API key, the person themself, or Roster. */
export enum ActorType {
  AGENT = "AGENT",
  API_KEY = "API_KEY",
  USER = "USER",
  SYSTEM = "SYSTEM",
}

export enum AuditAction {
  USER_CREATED = "USER_CREATED",
  USER_UPDATED = "USER_UPDATED",
  USER_REGISTERED = "USER_REGISTERED",
  USER_ACTIVATED = "USER_ACTIVATED",
  USER_BANNED = "USER_BANNED",
  USER_UNBANNED = "USER_UNBANNED",
  USER_TRASHED = "USER_TRASHED",
  USER_RESTORED = "USER_RESTORED",
  USER_DELETED = "USER_DELETED",
  /** Personal data anonymized on the person's request; cannot be undone. */
  USER_ERASED = "USER_ERASED",
  VERIFICATION_EMAIL_SENT = "VERIFICATION_EMAIL_SENT",
  EMAIL_CONFIRMED = "EMAIL_CONFIRMED",
  PASSWORD_SET = "PASSWORD_SET",
  POST_MODERATED = "POST_MODERATED",
  ROLES_ASSIGNED = "ROLES_ASSIGNED",
  ROLE_CREATED = "ROLE_CREATED",
  ROLE_UPDATED = "ROLE_UPDATED",
  ROLE_DELETED = "ROLE_DELETED",
  ORGANIZATION_CREATED = "ORGANIZATION_CREATED",
  ORGANIZATION_UPDATED = "ORGANIZATION_UPDATED",
  /** Its members were unlinked (each with a USER_UPDATED event of their own). */
  ORGANIZATION_DELETED = "ORGANIZATION_DELETED",
  AGENT_INVITED = "AGENT_INVITED",
  INVITATION_RESENT = "INVITATION_RESENT",
  INVITATION_ACCEPTED = "INVITATION_ACCEPTED",
  PASSWORD_RESET_REQUESTED = "PASSWORD_RESET_REQUESTED",
  PASSWORD_RESET = "PASSWORD_RESET",
  PASSWORD_CHANGED = "PASSWORD_CHANGED",
}

/** What an audit event is about. */
export enum AuditTarget {
  USER = "USER",
  ROLE = "ROLE",
  ORGANIZATION = "ORGANIZATION",
}

registerEnumType(ActorType, { name: "ActorType" });
registerEnumType(AuditTarget, { name: "AuditTarget" });
registerEnumType(AuditAction, { name: "AuditAction" });
