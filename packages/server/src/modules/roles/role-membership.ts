/**
 * Implicit membership of the system roles, derived from each person rather than stored,
 * so it is always in step with their state, verification and kind.
 */
import { In, type EntityManager } from "typeorm";
import { DomainError, ErrorCode } from "../../common/errors";
import { querySql, readNumber } from "../../database/sql";
import { effectiveState, effectiveStateSql } from "../users/user-state";
import { UserKind, UserState } from "../users/user.enums";
import type { User } from "../users/user.entity";
import { Permission } from "./permissions";
import { Role, UserRole } from "./role.entity";
import { RoleKind, SystemRole } from "./role.enums";

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

/**
 * Refuses (rolling the transaction back) a change after which no active agent could manage
 * roles: nobody could repair it from inside Roster. Role changes and the account transitions
 * that take an agent out (a ban, the trash) both ask.
 */
export async function assertAdministratorRemains(manager: EntityManager, now: Date): Promise<void> {
  const implicit = Object.values(SystemRole)
    .map((systemKey) => [systemKey, implicitRoleSql("u", systemKey)] as const)
    .filter((entry): entry is readonly [SystemRole, string] => entry[1] !== null)
    .map(([systemKey, condition]) => `(r.systemKey = '${systemKey}' AND ${condition})`)
    .join(" OR ");
  const [row] = await querySql<{ administrators: unknown }>(
    manager,
    `SELECT COUNT(*) AS administrators FROM users u
     WHERE u.kind = 'AGENT' AND ${effectiveStateSql("u", UserState.ACTIVE)} AND EXISTS (
       SELECT 1 FROM roles r JOIN role_permissions rp ON rp.roleId = r.id
       WHERE rp.permission = :manage AND (r.id IN (SELECT ur.roleId FROM user_roles ur WHERE ur.userId = u.id) OR ${implicit})
     )`,
    { now, manage: Permission.RolesManage },
  );
  if (readNumber(row?.administrators) === 0) {
    throw new DomainError(
      ErrorCode.Conflict,
      "This would leave no active agent able to manage roles. Give another agent that permission first.",
    );
  }
}

/** Removes the person's explicit roles that are not of their kind (after a kind change); answers their ids. */
export async function dropRolesOfOtherKind(manager: EntityManager, userId: number, kind: UserKind): Promise<number[]> {
  const roleKind = kind === UserKind.AGENT ? RoleKind.AGENT : RoleKind.CUSTOMER;
  const rows = await manager
    .createQueryBuilder(UserRole, "ur")
    .innerJoin(Role, "r", "r.id = ur.roleId")
    .where("ur.userId = :userId", { userId })
    .andWhere("r.kind <> :roleKind", { roleKind })
    .getMany();
  const ids = rows.map((row) => row.roleId);
  if (ids.length) await manager.delete(UserRole, { userId, roleId: In(ids) });
  return ids;
}
