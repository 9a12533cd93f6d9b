/**
 * Ending an agent's sessions, inside the caller's transaction: a new or reset password ends
 * every session; a changed password keeps only the browser that changed it.
 */
import { createHash } from "node:crypto";
import { Not, type EntityManager } from "typeorm";
import { Session } from "./session.entity";

export const hashSessionToken = (token: string): string => createHash("sha256").update(token).digest("hex");

/** Deletes the person's sessions, but the one of `keepToken` when given; returns how many ended. */
export async function endSessions(manager: EntityManager, userId: number, keepToken?: string): Promise<number> {
  const result = await manager.delete(
    Session,
    keepToken === undefined ? { userId } : { userId, tokenHash: Not(hashSessionToken(keepToken)) },
  );
  return result.affected ?? 0;
}
