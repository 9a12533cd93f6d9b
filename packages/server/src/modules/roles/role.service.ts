import { In, type DataSource } from "typeorm";
import { manyPer } from "../../common/batch";
import { querySql, readNumber } from "../../database/sql";
import type { User } from "../users/user.entity";
import { implicitRolesOf } from "./role-membership";
import { Role, RolePermission, UserRole } from "./role.entity";
import { permissionCatalog, type PermissionDescription } from "./permissions";

export class RoleService {
  constructor(private readonly dataSource: DataSource) {}

  list(): Promise<Role[]> {
    return this.dataSource.getRepository(Role).find({ order: { kind: "ASC", name: "ASC" } });
  }

  findById(id: number): Promise<Role | null> {
    return this.dataSource.getRepository(Role).findOneBy({ id });
  }

  catalog(): readonly PermissionDescription[] {
    return permissionCatalog;
  }

  /** Each person's roles, implicit and explicit, in one statement for any number of people. */
  async rolesOf(users: readonly User[], now: Date): Promise<Role[][]> {
    if (users.length === 0) return [];
    // Every system role (implicit membership is decided below, from each person's row) and the
    // assigned ones, each row carrying whom it is assigned to.
    const { entities, raw } = await this.dataSource
      .getRepository(Role)
      .createQueryBuilder("role")
      .leftJoin(UserRole, "ur", "ur.roleId = role.id AND ur.userId IN (:...userIds)", { userIds: users.map((user) => user.id) })
      .addSelect("ur.userId", "assigned_to")
      .where("role.systemKey IS NOT NULL OR ur.userId IS NOT NULL")
      .orderBy("role.id")
      .getRawAndEntities<{ role_id: unknown; assigned_to: unknown }>();
    const assignedPerUser = new Map<number, Set<number>>();
    for (const row of raw) {
      if (row.assigned_to === null) continue;
      const userId = readNumber(row.assigned_to);
      assignedPerUser.set(userId, (assignedPerUser.get(userId) ?? new Set()).add(readNumber(row.role_id)));
    }
    return users.map((user) => {
      const implicit = new Set(implicitRolesOf(user, now));
      const explicit = assignedPerUser.get(user.id);
      return entities.filter((role) => (role.systemKey !== null && implicit.has(role.systemKey)) || explicit?.has(role.id));
    });
  }

  async permissionsOf(roleIds: readonly number[]): Promise<string[][]> {
    const rows = roleIds.length
      ? await this.dataSource.getRepository(RolePermission).find({ where: { roleId: In([...roleIds]) } })
      : [];
    return manyPer(roleIds, rows, (row) => row.roleId).map((grants) => grants.map((grant) => grant.permission).sort());
  }

  /** The effective permission set of one person (the signed-in agent, say), in one statement. */
  async effectivePermissions(user: User, now: Date): Promise<Set<string>> {
    const rows = await querySql<{ permission: string }>(
      this.dataSource,
      `SELECT DISTINCT rp.permission AS permission FROM role_permissions rp JOIN roles r ON r.id = rp.roleId
       WHERE r.systemKey IN (:...implicit) OR r.id IN (SELECT ur.roleId FROM user_roles ur WHERE ur.userId = :userId)`,
      { implicit: implicitRolesOf(user, now), userId: user.id },
    );
    return new Set(rows.map((row) => row.permission));
  }
}
