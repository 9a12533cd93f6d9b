/**
 * Single-use, expiring tokens for the links in account emails: 256 random bits, stored hashed,
 * spent by one conditional UPDATE so that of twenty simultaneous clicks exactly one wins.
 */
import { createHash, randomBytes } from "node:crypto";
import type { EntityManager } from "typeorm";
import { DomainError, ErrorCode } from "../../common/errors";
import type { TokenPurpose } from "./token-purpose";
import { UserToken } from "./user-token.entity";

const hash = (token: string): string => createHash("sha256").update(token).digest("hex");

export class TokenService {
  async issue(manager: EntityManager, userId: number, purpose: TokenPurpose, ttlHours: number, now: Date): Promise<string> {
    const token = randomBytes(32).toString("base64url");
    await manager.insert(UserToken, {
      userId,
      purpose,
      tokenHash: hash(token),
      expiresAt: new Date(now.getTime() + ttlHours * 3600_000),
      usedAt: null,
      createdAt: now,
    });
    return token;
  }

  /** Spends the token and returns its person; INVALID_TOKEN when unknown, used or expired. */
  async consume(manager: EntityManager, token: string, purpose: TokenPurpose, now: Date): Promise<number> {
    const tokenHash = hash(token);
    const result = await manager
      .createQueryBuilder()
      .update(UserToken)
      .set({ usedAt: now })
      .where("tokenHash = :tokenHash AND purpose = :purpose AND usedAt IS NULL AND expiresAt > :now", { tokenHash, purpose, now })
      .execute();
    if (result.affected !== 1) {
      throw new DomainError(ErrorCode.InvalidToken, "This link is invalid, already used, or expired. Ask for a new one.");
    }
    const spent = await manager.findOneByOrFail(UserToken, { tokenHash });
    return spent.userId;
  }
}
