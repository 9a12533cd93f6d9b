/**
 * Custom roles and role assignment (SPEC §4). System roles cannot be deleted or renamed; no
 * change may leave Roster without an administrator (an active agent who can manage roles);
 * customer roles go to customers only, agent roles to agents only.
 */
import { In, type DataSource, type EntityManager } from "typeorm";
import { DomainError, ErrorCode, badInput } from "../../common/errors";
import { parseId } from "../../common/ids";
import { querySql, readNumber } from "../../database/sql";
import type { Actor } from "../audit/actor";
import { AuditAction, AuditTarget } from "../audit/audit.enums";
import type { AuditService } from "../audit/audit.service";
import type { ChangeRecorder } from "../changes/change-recorder";
import { rolesChanged } from "../users/person-changes";
import { User } from "../users/user.entity";
import { UserKind } from "../users/user.enums";
import { assertAdministratorRemains, implicitRoleSql, isImplicit } from "./role-membership";
import { Role, RolePermission, UserRole } from "./role.entity";
import { RoleKind, SystemRole } from "./role.enums";
import { permissionCatalog } from "./permissions";
import type { CreateRoleInput, UpdateRoleInput } from "./dto/role.inputs";

const kindOfPermission = new Map<string, RoleKind>(permissionCatalog.map((permission) => [permission.name, permission.kind]));

export class RoleManagementService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly changes: ChangeRecorder,
  ) {}

  /** `within`: a caller's transaction to join (a SCIM request's). */
  async create(actor: Actor, input: CreateRoleInput, now: Date, within?: EntityManager): Promise<Role> {
    const permissions = checkPermissions(input.permissions, input.kind);
    const work = async (manager: EntityManager): Promise<Role> => {
      await this.checkNameFree(manager, input.name.trim(), null);
      const role = await manager.save(
        manager.create(Role, {
          name: input.name.trim(),
          description: input.description.trim(),
          kind: input.kind,
          systemKey: null,
          createdAt: now,
          updatedAt: now,
        }),
      );
      await manager.insert(
        RolePermission,
        permissions.map((permission) => ({ roleId: role.id, permission })),
      );
      await this.audit.record(
        manager,
        actor,
        {
          action: AuditAction.ROLE_CREATED,
          targetType: AuditTarget.ROLE,
          targetId: role.id,
          details: { name: role.name, permissions },
        },
        now,
      );
      return role;
    };
    return within ? work(within) : this.dataSource.transaction(work);
  }

  async update(actor: Actor, id: number, input: UpdateRoleInput, now: Date, within?: EntityManager): Promise<Role> {
    const work = async (manager: EntityManager): Promise<Role> => {
      const role = await this.load(manager, id);
      const changes: Partial<Role> = {};
      if (input.name !== undefined && input.name !== null && input.name.trim() !== role.name) {
        if (role.systemKey)
          throw new DomainError(ErrorCode.Conflict, `${role.name} is a system role: it cannot be renamed.`, { argument: "name" });
        await this.checkNameFree(manager, input.name.trim(), id);
        changes.name = input.name.trim();
      }
      if (input.description !== undefined && input.description !== null) changes.description = input.description.trim();
      if (Object.keys(changes).length) await manager.update(Role, { id }, { ...changes, updatedAt: now });
      let permissions: string[] | undefined;
      if (input.permissions) {
        permissions = checkPermissions(input.permissions, role.kind);
        await manager.delete(RolePermission, { roleId: id });
        if (permissions.length)
          await manager.insert(
            RolePermission,
            permissions.map((permission) => ({ roleId: id, permission })),
          );
        await assertAdministratorRemains(manager, now);
      }
      await this.audit.record(
        manager,
        actor,
        { action: AuditAction.ROLE_UPDATED, targetType: AuditTarget.ROLE, targetId: id, details: { ...changes, permissions } },
        now,
      );
      return Object.assign(role, changes);
    };
    return within ? work(within) : this.dataSource.transaction(work);
  }

  async delete(actor: Actor, id: number, now: Date, within?: EntityManager): Promise<void> {
    const work = async (manager: EntityManager): Promise<void> => {
      const role = await this.load(manager, id);
      if (role.systemKey)
        throw new DomainError(ErrorCode.Conflict, `${role.name} is a system role: it cannot be deleted.`, { argument: "id" });
      // Its holders lose it with it (by foreign key): each one's roles changed.
      const holders = await manager.findBy(UserRole, { roleId: id });
      await manager.delete(Role, { id });
      await assertAdministratorRemains(manager, now);
      await this.audit.record(
        manager,
        actor,
        { action: AuditAction.ROLE_DELETED, targetType: AuditTarget.ROLE, targetId: id, details: { name: role.name } },
        now,
      );
      await this.changes.record(
        manager,
        actor,
        holders.map((holder) => rolesChanged(holder.userId, [], [id])),
        now,
      );
    };
    await (within ? work(within) : this.dataSource.transaction(work));
  }

  /** Sets a person's explicit roles. `within`: a caller's transaction to join (a bulk job's batch, a SCIM request). */
  async assign(actor: Actor, userId: number, roleIds: readonly string[], now: Date, within?: EntityManager): Promise<User> {
    const work = async (manager: EntityManager): Promise<User> => {
      const user = await manager.findOneBy(User, { id: userId });
      if (!user) throw new DomainError(ErrorCode.NotFound, `There is no person with id ${userId}.`, { argument: "userId" });
      const ids = [...new Set(roleIds.map((roleId) => parseId(roleId, "roleIds")))];
      const roles = ids.length ? await manager.findBy(Role, { id: In(ids) }) : [];
      const unknown = ids.filter((roleId) => !roles.some((role) => role.id === roleId));
      if (unknown.length) throw badInput("roleIds", `roleIds: there is no role with id ${unknown.join(", ")}.`);
      const wanted = user.kind === UserKind.AGENT ? RoleKind.AGENT : RoleKind.CUSTOMER;
      for (const role of roles) {
        if (isImplicit(role.systemKey))
          throw badInput("roleIds", `roleIds: ${role.name} follows from the account and cannot be assigned.`);
        if (role.kind !== wanted) {
          throw badInput(
            "roleIds",
            `roleIds: ${role.name} is a ${role.kind.toLowerCase()} role; ${user.displayName} is ${user.kind === UserKind.AGENT ? "an agent" : "a customer"}.`,
          );
        }
      }
      const before = (await manager.findBy(UserRole, { userId })).map((assignment) => assignment.roleId).sort((a, b) => a - b);
      await manager.delete(UserRole, { userId });
      if (ids.length)
        await manager.insert(
          UserRole,
          ids.map((roleId) => ({ userId, roleId })),
        );
      await assertAdministratorRemains(manager, now);
      await this.audit.record(
        manager,
        actor,
        { action: AuditAction.ROLES_ASSIGNED, targetId: userId, details: { before, after: ids.sort((a, b) => a - b) } },
        now,
      );
      const added = ids.filter((roleId) => !before.includes(roleId));
      const removed = before.filter((roleId) => !ids.includes(roleId));
      if (added.length || removed.length) await this.changes.record(manager, actor, [rolesChanged(userId, added, removed)], now);
      return user;
    };
    return within ? work(within) : this.dataSource.transaction(work);
  }

  /** The ids of a person's explicit roles. */
  async explicitRoleIds(manager: EntityManager, userId: number): Promise<number[]> {
    return (await manager.findBy(UserRole, { userId })).map((assignment) => assignment.roleId);
  }

  /** Members of each role, implicit members included: one COUNT per implicit role, one grouped for the rest. */
  async memberCounts(roles: readonly Role[], now: Date): Promise<number[]> {
    const explicit = roles.filter((role) => !isImplicit(role.systemKey)).map((role) => role.id);
    const rows = explicit.length
      ? await querySql<{ roleId: number; members: unknown }>(
          this.dataSource,
          "SELECT roleId, COUNT(*) AS members FROM user_roles WHERE roleId IN (:...explicit) GROUP BY roleId",
          { explicit },
        )
      : [];
    const counts = new Map(rows.map((row) => [Number(row.roleId), readNumber(row.members)]));
    return Promise.all(
      roles.map(async (role) => {
        const condition = isImplicit(role.systemKey) ? implicitRoleSql("u", role.systemKey as SystemRole) : null;
        if (!condition) return counts.get(role.id) ?? 0;
        const [row] = await querySql<{ members: unknown }>(
          this.dataSource,
          `SELECT COUNT(*) AS members FROM users u WHERE ${condition}`,
          { now },
        );
        return readNumber(row?.members);
      }),
    );
  }

  private async load(manager: EntityManager, id: number): Promise<Role> {
    const role = await manager.findOneBy(Role, { id });
    if (!role) throw new DomainError(ErrorCode.NotFound, `There is no role with id ${id}.`, { argument: "id" });
    return role;
  }

  private async checkNameFree(manager: EntityManager, name: string, exceptId: number | null): Promise<void> {
    const taken = await manager.findOneBy(Role, { name });
    if (taken && taken.id !== exceptId)
      throw new DomainError(ErrorCode.Conflict, `There is already a role named ${name}.`, { argument: "name" });
  }
}

/** Known permissions of the role's kind, deduplicated and sorted. */
function checkPermissions(permissions: readonly string[], kind: RoleKind): string[] {
  const unique = [...new Set(permissions)].sort();
  const unknown = unique.filter((permission) => !kindOfPermission.has(permission));
  if (unknown.length)
    throw badInput(
      "permissions",
      `permissions: ${unknown.join(", ")} ${unknown.length === 1 ? "is" : "are"} not in the catalog.`,
    );
  const wrongKind = unique.filter((permission) => kindOfPermission.get(permission) !== kind);
  if (wrongKind.length) {
    throw badInput(
      "permissions",
      `permissions: ${wrongKind.join(", ")} cannot go in ${kind === RoleKind.AGENT ? "an agent" : "a customer"} role.`,
    );
  }
  return unique;
}
