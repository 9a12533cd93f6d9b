/**
 * SCIM Groups over Roster's roles. Reads compile the filter to SQL (scim-filter.ts, `members`
 * included) and read one page with its versions and, unless excluded, its members in a constant
 * number of statements. Writes go through RoleManagementService (create, rename, delete, and
 * `assign` per member added or removed) inside one transaction per request, so the role, its
 * holders, their audit events (actor: the API key) and person.roles_changed events commit
 * together. System roles are read-only (mutability). The role is locked and its version checked
 * against `If-Match` before anything is written.
 */
import { createHash } from "node:crypto";
import type { DataSource, EntityManager } from "typeorm";
import { dialectOf, writeLock } from "../../database/data-source";
import { findIn, querySql, readNumber } from "../../database/sql";
import type { Actor } from "../audit/actor";
import type { RoleManagementService } from "../roles/role-management.service";
import { Role } from "../roles/role.entity";
import { RoleKind } from "../roles/role.enums";
import { User } from "../users/user.entity";
import { UserKind, UserState } from "../users/user.enums";
import { SCIM } from "./scim-discovery";
import { ScimError } from "./scim-error";
import { GROUP_SQL } from "./scim-filter";
import {
  bareMemberOperations,
  fromScimGroup,
  patchableGroup,
  toScimGroup,
  type GroupMember,
  type ScimGroup,
  type SentGroup,
} from "./scim-group.mapper";
import { readPage, rowOfId, type ScimList, type ScimListQuery, type ScimReading, type ScimResourceService } from "./scim-list";
import { applyPatch, checkIfMatch, patchOperationsOf } from "./scim-patching";

/** The explicit holders SCIM lists: people in the trash read as unknown Users, so they are not members either. */
const MEMBERS_OF = `FROM user_roles ur JOIN users u ON u.id = ur.userId WHERE ur.roleId IN (:...roleIds) AND u.state <> 'TRASHED'`;

export class ScimGroupService implements ScimResourceService<ScimGroup> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly roleManagement: RoleManagementService,
  ) {}

  /** A caller who does not want members (excludedAttributes=members, as Entra ID and Okta ask) gets none read. */
  async list(query: ScimListQuery, { baseUrl, now, returned }: ScimReading): Promise<ScimList<ScimGroup>> {
    const manager = this.dataSource.manager;
    const roles = manager.getRepository(Role).createQueryBuilder("r");
    const { totalResults, startIndex, page } = await readPage(roles, query, GROUP_SQL, dialectOf(this.dataSource), now);
    return {
      schemas: [SCIM.listResponse],
      totalResults,
      startIndex,
      itemsPerPage: page.length,
      Resources: await this.represent(manager, page, returned("members"), baseUrl),
    };
  }

  async get(id: string, { baseUrl, returned }: ScimReading): Promise<ScimGroup> {
    const manager = this.dataSource.manager;
    const [group] = await this.represent(manager, [await this.role(manager, id, false)], returned("members"), baseUrl);
    return group;
  }

  /**
   * POST: a custom role with no permissions (agents grant them in Roster). Its kind is its first
   * member's; without members it is an agent role, since the groups an identity provider pushes
   * are its staff's (a customer role is made in Roster, or with customers as members).
   */
  async create(actor: Actor, body: unknown, baseUrl: string, now: Date): Promise<ScimGroup> {
    const sent = fromScimGroup(body);
    return this.dataSource.transaction(async (manager) => {
      const [first] = await this.people(manager, sent.memberIds.slice(0, 1));
      const kind = first?.kind === UserKind.CUSTOMER ? RoleKind.CUSTOMER : RoleKind.AGENT;
      const role = await this.roleManagement.create(
        actor,
        { name: sent.displayName, description: "", kind, permissions: [] },
        now,
        manager,
      );
      await this.setMembers(actor, manager, role, [], sent.memberIds, now);
      return this.reread(manager, role.id, baseUrl);
    });
  }

  /** PUT: the sent Group's displayName and members replace the role's name and holders (RFC 7644 §3.5.1). */
  replace(actor: Actor, id: string, body: unknown, ifMatch: string | undefined, baseUrl: string, now: Date): Promise<ScimGroup> {
    const sent = fromScimGroup(body);
    return this.write(actor, id, ifMatch, baseUrl, now, () => sent);
  }

  /** PATCH: applied by scim-patch to the Group (members by value alone), then saved as a PUT would be. */
  patch(actor: Actor, id: string, body: unknown, ifMatch: string | undefined, baseUrl: string, now: Date): Promise<ScimGroup> {
    const operations = bareMemberOperations(patchOperationsOf(body));
    return this.write(actor, id, ifMatch, baseUrl, now, (current) =>
      fromScimGroup(applyPatch(patchableGroup(current), operations)),
    );
  }

  /** DELETE: the custom role goes, and its holders lose it (RoleManagementService records each one's change). */
  async delete(actor: Actor, id: string, ifMatch: string | undefined, now: Date): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const role = await this.writable(manager, id);
      const [current] = await this.represent(manager, [role], false, "");
      checkIfMatch(ifMatch, current.meta.version, "Group");
      await this.roleManagement.delete(actor, role.id, now, manager);
    });
  }

  private write(
    actor: Actor,
    id: string,
    ifMatch: string | undefined,
    baseUrl: string,
    now: Date,
    sentOf: (current: ScimGroup) => SentGroup,
  ): Promise<ScimGroup> {
    return this.dataSource.transaction(async (manager) => {
      const role = await this.writable(manager, id);
      const [current] = await this.represent(manager, [role], true, baseUrl);
      checkIfMatch(ifMatch, current.meta.version, "Group");
      const sent = sentOf(current);
      if (sent.displayName !== role.name)
        await this.roleManagement.update(actor, role.id, { name: sent.displayName }, now, manager);
      const memberIds = (current.members ?? []).map((member) => Number(member.value));
      await this.setMembers(actor, manager, role, memberIds, sent.memberIds, now);
      return this.reread(manager, role.id, baseUrl);
    });
  }

  /**
   * Gives the role to the people added and takes it from those removed, each through `assign`
   * (its kind check, the last-administrator check, the audit event and the change event). One
   * person at a time: `assign` sets a person's roles, and a request's members are bounded by its body.
   */
  private async setMembers(
    actor: Actor,
    manager: EntityManager,
    role: Role,
    before: readonly number[],
    after: readonly number[],
    now: Date,
  ): Promise<void> {
    const added = after.filter((userId) => !before.includes(userId));
    const removed = before.filter((userId) => !after.includes(userId));
    await this.people(manager, added);
    for (const userId of [...added, ...removed]) {
      const held = await this.roleManagement.explicitRoleIds(manager, userId);
      const roleIds = added.includes(userId) ? [...held, role.id] : held.filter((roleId) => roleId !== role.id);
      await this.roleManagement.assign(actor, userId, roleIds.map(String), now, manager);
    }
  }

  /** The people of these ids, in their order; an id that is nobody's (or in the trash) is refused, all of them named. */
  private async people(manager: EntityManager, ids: readonly number[]): Promise<User[]> {
    const found = new Map(
      (await findIn(manager, User, "id", ids)).filter((user) => user.state !== UserState.TRASHED).map((user) => [user.id, user]),
    );
    const unknown = ids.filter((id) => !found.has(id));
    if (unknown.length) throw new ScimError(400, `members: there is no User with id ${unknown.join(", ")}.`, "invalidValue");
    return ids.map((id) => found.get(id)!);
  }

  /** The role of a SCIM id; unknown and malformed ids alike are 404. */
  private async role(manager: EntityManager, id: string, lock: boolean): Promise<Role> {
    const role = await rowOfId(manager, Role, id, lock ? writeLock(this.dataSource) : undefined);
    if (!role) throw new ScimError(404, `There is no Group with id ${id}.`);
    return role;
  }

  /** The role, locked, when SCIM may write it: system roles are Roster's own. */
  private async writable(manager: EntityManager, id: string): Promise<Role> {
    const role = await this.role(manager, id, true);
    if (role.systemKey !== null) {
      throw new ScimError(400, `${role.name} is a system role: it is read-only here; manage it in Roster.`, "mutability");
    }
    return role;
  }

  private async reread(manager: EntityManager, id: number, baseUrl: string): Promise<ScimGroup> {
    const [group] = await this.represent(manager, [await manager.findOneByOrFail(Role, { id })], true, baseUrl);
    return group;
  }

  /**
   * Roles as SCIM Groups: their versions in one statement and their members in one more, whatever
   * the page's size. The version digests the role's `updatedAt` (name changes) and its members
   * (count, sum and a sum of squares of their ids), since an assignment changes the group but
   * not the role's row; reading it costs no member row in the answer.
   */
  private async represent(
    manager: EntityManager,
    roles: readonly Role[],
    withMembers: boolean,
    baseUrl: string,
  ): Promise<ScimGroup[]> {
    if (roles.length === 0) return [];
    const roleIds = roles.map((role) => role.id);
    const digests = await querySql<{ roleId: unknown; members: unknown; idSum: unknown; idSquares: unknown }>(
      manager,
      `SELECT ur.roleId AS roleId, COUNT(*) AS members, SUM(ur.userId) AS idSum,
              SUM((ur.userId % 1000003) * (ur.userId % 1000003) % 1000003) AS idSquares
       ${MEMBERS_OF} GROUP BY ur.roleId`,
      { roleIds },
    );
    const digestOf = new Map(
      digests.map((row) => [
        readNumber(row.roleId),
        `${readNumber(row.members)}:${readNumber(row.idSum)}:${readNumber(row.idSquares)}`,
      ]),
    );
    const members = new Map<number, GroupMember[]>();
    if (withMembers) {
      const rows = await querySql<{ roleId: unknown; userId: unknown; displayName: string }>(
        manager,
        `SELECT ur.roleId AS roleId, u.id AS userId, u.displayName AS displayName ${MEMBERS_OF} ORDER BY ur.roleId, u.id`,
        { roleIds },
      );
      for (const row of rows) {
        const roleId = readNumber(row.roleId);
        const list = members.get(roleId) ?? [];
        list.push({ userId: readNumber(row.userId), displayName: row.displayName });
        members.set(roleId, list);
      }
    }
    return roles.map((role) => {
      const digest = `${role.updatedAt.getTime()}:${digestOf.get(role.id) ?? "0"}`;
      const version = `W/"${createHash("sha256").update(digest).digest("hex").slice(0, 16)}"`;
      // Implicit roles have no user_roles rows, so they list none (scim-group.mapper.ts).
      return toScimGroup(role, withMembers ? (members.get(role.id) ?? []) : undefined, version, baseUrl);
    });
  }
}
