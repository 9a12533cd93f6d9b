/**
 * Whose an emailed token is, read without spending it: so that a forged token is refused before
 * a new password is checked or hashed (most of a second of CPU each). The token service spends
 * it afterwards, atomically; this read decides nothing on its own.
 */
import { createHash } from "node:crypto";
import { In, IsNull, MoreThan, type EntityManager } from "typeorm";
import type { TokenPurpose } from "../tokens/token-purpose";
import { UserToken } from "../tokens/user-token.entity";
import { User } from "../users/user.entity";

/** The token's holder when it is live (known, unused, unexpired, for one of `purposes`); null otherwise. */
export async function peekToken(
  manager: EntityManager,
  token: string,
  purposes: readonly TokenPurpose[],
  now: Date,
): Promise<User | null> {
  // Stored as the SHA-256 hex of the token, as the token service stores it.
  const tokenHash = createHash("sha256").update(token).digest("hex");
  const live = await manager.findOne(UserToken, {
    where: { tokenHash, purpose: In([...purposes]), usedAt: IsNull(), expiresAt: MoreThan(now) },
  });
  return live ? manager.findOneBy(User, { id: live.userId }) : null;
}
