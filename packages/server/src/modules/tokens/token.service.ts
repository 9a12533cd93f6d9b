/**
 * Single-use, expiring tokens for the links in account emails: 256 random bits, stored hashed,
 * spent by one conditional UPDATE so that of twenty simultaneous clicks exactly one wins.
 */
import { createHash, randomBytes } from "node:crypto";
import { In, IsNull, MoreThan, type EntityManager } from "typeorm";
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
    return (await this.redeem(manager, token, [purpose], now)).userId;
  }

  /**
   * Spends a token of any of `purposes` and says whose it is and what it was for; INVALID_TOKEN
   * when unknown, used, expired, or for another purpose.
   */
  async redeem(
    manager: EntityManager,
    token: string,
    purposes: readonly TokenPurpose[],
    now: Date,
  ): Promise<{ userId: number; purpose: TokenPurpose }> {
    const tokenHash = hash(token);
    const result = await manager
      .createQueryBuilder()
      .update(UserToken)
      .set({ usedAt: now })
      .where("tokenHash = :tokenHash AND purpose IN (:...purposes) AND usedAt IS NULL AND expiresAt > :now", {
        tokenHash,
        purposes,
        now,
      })
      .execute();
    if (result.affected !== 1) {
      throw new DomainError(ErrorCode.InvalidToken, "This link is invalid, already used, or expired. Ask for a new one.");
    }
    const spent = await manager.findOneByOrFail(UserToken, { tokenHash });
    return { userId: spent.userId, purpose: spent.purpose };
  }

  /** Ends a person's live, unused tokens of one purpose (a fresh link replaces them): they expire now. */
  async revoke(manager: EntityManager, userId: number, purpose: TokenPurpose, now: Date): Promise<void> {
    await manager.update(UserToken, { userId, purpose, usedAt: IsNull(), expiresAt: MoreThan(now) }, { expiresAt: now });
  }

  /** The tokens of one purpose of these people, for reading a state off them (in chunks of 500). */
  async tokensOf(manager: EntityManager, userIds: readonly number[], purpose: TokenPurpose): Promise<UserToken[]> {
    const found: UserToken[] = [];
    const ids = [...new Set(userIds)];
    for (let start = 0; start < ids.length; start += 500) {
      found.push(...(await manager.findBy(UserToken, { userId: In(ids.slice(start, start + 500)), purpose })));
    }
    return found;
  }
}
