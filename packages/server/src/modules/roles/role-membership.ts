/**
 * Implicit membership of the system roles, derived from each person rather than stored,
 * so it is always in step with their state, verification and kind.
 */
import { effectiveState, effectiveStateSql } from "../users/user-state";
import { UserKind, UserState } from "../users/user.enums";
import type { User } from "../users/user.entity";
import { SystemRole } from "./role.enums";

export const IMPLICIT_SYSTEM_ROLES: readonly SystemRole[] = [
  SystemRole.EVERYONE,
  SystemRole.REGISTERED,
  SystemRole.VERIFIED,
  SystemRole.AGENT,
];

export function isImplicit(systemKey: SystemRole | null): boolean {
  return systemKey !== null && IMPLICIT_SYSTEM_ROLES.includes(systemKey);
}

export function implicitRolesOf(user: User, now: Date): SystemRole[] {
  const roles = [SystemRole.EVERYONE];
  if (effectiveState(user, now) === UserState.ACTIVE) roles.push(SystemRole.REGISTERED);
  if (user.emailVerifiedAt !== null) roles.push(SystemRole.VERIFIED);
  if (user.kind === UserKind.AGENT) roles.push(SystemRole.AGENT);
  return roles;
}

/** SQL for "the person aliased `alias` has implicit role `role`"; may bind `:now`. */
export function implicitRoleSql(alias: string, role: SystemRole): string | null {
  switch (role) {
    case SystemRole.EVERYONE:
      return "1 = 1";
    case SystemRole.REGISTERED:
      return effectiveStateSql(alias, UserState.ACTIVE);
    case SystemRole.VERIFIED:
      return `${alias}.emailVerifiedAt IS NOT NULL`;
    case SystemRole.AGENT:
      return `${alias}.kind = 'AGENT'`;
    case SystemRole.ADMINISTRATOR:
      return null;
  }
}
