/**
 * API keys for services: created by an agent with at most the agent's own permissions, used
 * with `Authorization: Bearer …`, revocable, expiring, with `lastUsedAt`.
 */
import type { DataSource } from "typeorm";
import { DomainError, ErrorCode, badInput } from "../../common/errors";
import { querySql } from "../../database/sql";
import type { Viewer } from "../auth/viewer";
import { permissionCatalog } from "../roles/permissions";
import { RoleKind } from "../roles/role.enums";
import type { RoleService } from "../roles/role.service";
import { effectiveState } from "../users/user-state";
import { UserKind, UserState } from "../users/user.enums";
import type { User } from "../users/user.entity";
import { displayPrefix, hashApiKey, isWellFormedApiKey, newApiKeySecret } from "./api-key-secret";
import { ApiKey } from "./api-key.entity";

/** lastUsedAt is a hint, not a log: one write a minute per key at most. */
const LAST_USED_GRANULARITY_MS = 60_000;

const agentPermissions = new Set<string>(
  permissionCatalog.filter((permission) => permission.kind === RoleKind.AGENT).map((permission) => permission.name),
);

export class ApiKeyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly roles: RoleService,
  ) {}

  list(): Promise<ApiKey[]> {
    return this.dataSource.getRepository(ApiKey).find({ order: { createdAt: "DESC", id: "DESC" } });
  }

  async create(
    creator: Viewer,
    input: { name: string; permissions: string[]; expiresAt?: Date | null },
    now: Date,
  ): Promise<{ apiKey: ApiKey; secret: string }> {
    if (creator.kind !== "agent") throw new DomainError(ErrorCode.Forbidden, "Only a signed-in agent can create API keys.");
    const permissions = [...new Set(input.permissions)].sort();
    if (permissions.length === 0) throw badInput("permissions", "permissions: a key needs at least one permission.");
    const unknown = permissions.filter((permission) => !agentPermissions.has(permission));
    if (unknown.length)
      throw badInput(
        "permissions",
        `permissions: ${unknown.join(", ")} ${unknown.length === 1 ? "is not an" : "are not"} agent permission${unknown.length === 1 ? "" : "s"}.`,
      );
    const missing = permissions.filter((permission) => !creator.permissions.has(permission));
    if (missing.length) {
      throw new DomainError(ErrorCode.Forbidden, `A key cannot have more than its creator: you lack ${missing.join(", ")}.`, {
        missingPermissions: missing,
      });
    }
    if (input.expiresAt && input.expiresAt.getTime() <= now.getTime())
      throw badInput("expiresAt", "expiresAt must be in the future.");
    const secret = newApiKeySecret();
    const apiKey = await this.dataSource.transaction((manager) =>
      manager.save(
        manager.create(ApiKey, {
          name: input.name.trim(),
          prefix: displayPrefix(secret),
          secretHash: hashApiKey(secret),
          permissionList: JSON.stringify(permissions),
          createdById: creator.user.id,
          expiresAt: input.expiresAt ?? null,
          revokedAt: null,
          lastUsedAt: null,
          createdAt: now,
        }),
      ),
    );
    return { apiKey, secret };
  }

  async revoke(id: number, now: Date): Promise<ApiKey> {
    const repository = this.dataSource.getRepository(ApiKey);
    const apiKey = await repository.findOneBy({ id });
    if (!apiKey) throw new DomainError(ErrorCode.NotFound, `There is no API key with id ${id}.`, { argument: "id" });
    if (!apiKey.revokedAt) {
      apiKey.revokedAt = now;
      await repository.update({ id }, { revokedAt: now });
    }
    return apiKey;
  }

  /**
   * The caller behind a Bearer secret, or null when it is malformed, unknown, revoked, expired,
   * or its creator can no longer act. Permissions are the key's, cut to what its creator still has.
   */
  async viewerFor(secret: string, now: Date): Promise<Viewer | null> {
    if (!isWellFormedApiKey(secret)) return null;
    // One statement, as for a session (AuthService.viewerFor): the secret's hash is unique.
    const apiKey = await this.dataSource
      .getRepository(ApiKey)
      .createQueryBuilder("apiKey")
      .innerJoinAndSelect("apiKey.createdBy", "creator")
      .where("apiKey.secretHash = :secretHash", { secretHash: hashApiKey(secret) })
      .getOne();
    if (!apiKey || apiKey.revokedAt || (apiKey.expiresAt && apiKey.expiresAt.getTime() <= now.getTime())) return null;
    const creator = apiKey.createdBy as User;
    if (creator.kind !== UserKind.AGENT || effectiveState(creator, now) !== UserState.ACTIVE) return null;
    const creatorPermissions = await this.roles.effectivePermissions(creator, now);
    if (!apiKey.lastUsedAt || now.getTime() - apiKey.lastUsedAt.getTime() >= LAST_USED_GRANULARITY_MS) {
      await querySql(this.dataSource, "UPDATE api_keys SET lastUsedAt = :now WHERE id = :id", { now, id: apiKey.id });
      apiKey.lastUsedAt = now;
    }
    return {
      kind: "apiKey",
      apiKey,
      permissions: new Set(apiKey.permissions.filter((permission) => creatorPermissions.has(permission))),
    };
  }
}
