/**
 * Which requests read from the replicas (`DATABASE_REPLICA_URLS`): the queries and exports of a
 * caller who has not written within `readYourWritesMs`. Everything else stays on the primary:
 * mutations (their lookups must see what they are about to change), the sign-in check that comes
 * before routing (a new session, a revoked key or a ban counts at once), the job runner, and any
 * caller's reads for a while after its own mutation, so an agent who saves a person sees the
 * saved person on the next page whatever the replicas' lag.
 *
 * "A caller" is its credentials (`callerKey`: the session or the API key). With `REDIS_URL` the
 * recent writers are known to every process, so read-your-writes holds behind a load balancer;
 * without it each process knows its own (one process, or sticky sessions). Redis that does not
 * answer sends reads to the primary: stale data is the one answer routing must not give.
 */
import { Redis } from "ioredis";
import type { Config } from "../config/config";
import { logger } from "../common/logger";
import { allowReplicaReads } from "../database/statement-counter";

export interface ReadRouting {
  /** Lets the current request read from a replica, unless the caller wrote recently. */
  routeReads(caller: string): Promise<void>;
  /** The caller has written: its reads stay on the primary for the window. */
  noteWrite(caller: string): Promise<void>;
  close(): Promise<void>;
}

/** Without replicas: every read is the primary's, nothing to remember. */
const primaryOnly: ReadRouting = {
  routeReads: () => Promise.resolve(),
  noteWrite: () => Promise.resolve(),
  close: () => Promise.resolve(),
};

/** The recent writers of this process, each until its window ends. */
class LocalWriters {
  private readonly until = new Map<string, number>();

  constructor(private readonly windowMs: number) {}

  wroteRecently(caller: string): boolean {
    const until = this.until.get(caller);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    this.until.delete(caller);
    return false;
  }

  note(caller: string): void {
    // Re-inserted so the map stays in expiry order, and the expired are dropped from its front.
    this.until.delete(caller);
    this.until.set(caller, Date.now() + this.windowMs);
    const now = Date.now();
    for (const [key, until] of this.until) {
      if (until > now) break;
      this.until.delete(key);
    }
  }
}

class ReplicaRouting implements ReadRouting {
  private readonly local: LocalWriters;
  private readonly redis?: Redis;
  private lastRedisWarning = 0;

  constructor(
    private readonly windowMs: number,
    redisUrl: string | undefined,
  ) {
    this.local = new LocalWriters(windowMs);
    if (redisUrl) {
      this.redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
      this.redis.on("error", () => undefined);
    }
  }

  async routeReads(caller: string): Promise<void> {
    if (this.windowMs > 0 && (await this.wroteRecently(caller))) return;
    allowReplicaReads();
  }

  async noteWrite(caller: string): Promise<void> {
    if (this.windowMs === 0) return;
    this.local.note(caller);
    await this.redis?.set(this.key(caller), "1", "PX", this.windowMs).catch((error: Error) => this.warn(error));
  }

  async close(): Promise<void> {
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }

  private async wroteRecently(caller: string): Promise<boolean> {
    if (this.local.wroteRecently(caller)) return true;
    if (!this.redis) return false;
    try {
      return (await this.redis.exists(this.key(caller))) === 1;
    } catch (error) {
      this.warn(error as Error);
      return true;
    }
  }

  private key(caller: string): string {
    return `roster:wrote:${caller}`;
  }

  /** Once a minute at most: a Redis outage would otherwise write a line per request. */
  private warn(error: Error): void {
    if (Date.now() - this.lastRedisWarning < 60_000) return;
    this.lastRedisWarning = Date.now();
    logger.warn({ error: error.message }, "Redis unavailable for read-your-writes: reads go to the primary meanwhile");
  }
}

export function createReadRouting(config: Pick<Config, "databaseReplicaUrls" | "readYourWritesMs" | "redisUrl">): ReadRouting {
  if (config.databaseReplicaUrls.length === 0) return primaryOnly;
  return new ReplicaRouting(config.readYourWritesMs, config.redisUrl);
}
