import { In, type DataSource } from "typeorm";
import { manyPer } from "../../common/batch";
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

  /** Each person's roles, implicit and explicit, in two statements for any number of people. */
  async rolesOf(users: readonly User[], now: Date): Promise<Role[][]> {
    const assignments = users.length
      ? await this.dataSource.getRepository(UserRole).find({ where: { userId: In(users.map((user) => user.id)) } })
      : [];
    const assignedIds = [...new Set(assignments.map((assignment) => assignment.roleId))];
    const roles = await this.dataSource
      .getRepository(Role)
      .createQueryBuilder("role")
      .where("role.systemKey IS NOT NULL")
      .orWhere(assignedIds.length ? "role.id IN (:...assignedIds)" : "1 = 0", { assignedIds })
      .orderBy("role.id")
      .getMany();
    const assignedPerUser = new Map<number, number[]>();
    for (const { userId, roleId } of assignments) assignedPerUser.set(userId, [...(assignedPerUser.get(userId) ?? []), roleId]);
    return users.map((user) => {
      const implicit = new Set(implicitRolesOf(user, now));
      const explicit = new Set(assignedPerUser.get(user.id));
      return roles.filter((role) => (role.systemKey !== null && implicit.has(role.systemKey)) || explicit.has(role.id));
    });
  }

  async permissionsOf(roleIds: readonly number[]): Promise<string[][]> {
    const rows = roleIds.length
      ? await this.dataSource.getRepository(RolePermission).find({ where: { roleId: In([...roleIds]) } })
      : [];
    return manyPer(roleIds, rows, (row) => row.roleId).map((grants) => grants.map((grant) => grant.permission).sort());
  }

  /** The effective permission set of one person (the signed-in agent, say). */
  async effectivePermissions(user: User, now: Date): Promise<Set<string>> {
    const [roles] = await this.rolesOf([user], now);
    const perRole = await this.permissionsOf(roles.map((role) => role.id));
    return new Set(perRole.flat());
  }
}
