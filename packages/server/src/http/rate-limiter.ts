/**
 * A cost budget per caller (an API key, an agent's session, or an address without either):
 * a token bucket that holds `pointsPerMinute` points and refills continuously. Each operation
 * takes its cost (see query-limits.ts); when the bucket cannot pay, the caller is told how many
 * seconds until it can. `RateLimiter` keeps the buckets in memory (one process); with
 * REDIS_URL, `createCostBudget` keeps them in Redis, so every process of an installation spends
 * from the same bucket.
 */
import { createHash } from "node:crypto";
import { Redis } from "ioredis";
import type { Credentials } from "../common/context";
import { logger } from "../common/logger";

interface Bucket {
  points: number;
  updatedAt: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Points left after this operation (or now, when refused). */
  remaining: number;
  limit: number;
  /** When refused: whole seconds until the bucket holds the cost. */
  retryAfterSeconds: number;
}

// Past this many callers, buckets untouched for a minute are dropped: a bucket refills
// completely in a minute, so it holds nothing a new one would not. At most once a minute, so a
// crowd of active callers does not cost a sweep on every request.
const PRUNE_ABOVE = 10_000;
const MINUTE = 60_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private prunedAt = 0;

  constructor(
    private readonly pointsPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  take(caller: string, cost: number): RateDecision {
    const now = this.now();
    const bucket = this.refilled(this.buckets.get(caller), now);
    const limit = this.pointsPerMinute;
    if (cost > bucket.points) {
      this.buckets.set(caller, bucket);
      const missing = cost - bucket.points;
      return {
        allowed: false,
        remaining: Math.floor(bucket.points),
        limit,
        retryAfterSeconds: secondsUntil(missing, limit),
      };
    }
    bucket.points -= cost;
    this.buckets.set(caller, bucket);
    if (this.buckets.size > PRUNE_ABOVE && now - this.prunedAt >= MINUTE) this.prune(now);
    return { allowed: true, remaining: Math.floor(bucket.points), limit, retryAfterSeconds: 0 };
  }

  private refilled(bucket: Bucket | undefined, now: number): Bucket {
    if (!bucket) return { points: this.pointsPerMinute, updatedAt: now };
    const earned = ((now - bucket.updatedAt) / MINUTE) * this.pointsPerMinute;
    return { points: Math.min(this.pointsPerMinute, bucket.points + earned), updatedAt: now };
  }

  private prune(now: number): void {
    this.prunedAt = now;
    for (const [caller, bucket] of this.buckets) {
      if (now - bucket.updatedAt >= MINUTE) this.buckets.delete(caller);
    }
  }
}

/** Where the request gate takes each operation's cost from. */
export interface CostBudget {
  take(caller: string, cost: number): Promise<RateDecision>;
  close(): Promise<void>;
}

/**
 * The bucket refilled and paid from in one atomic step on the Redis server, by its own clock, so
 * processes whose clocks differ still share one bucket. Returns whether it paid and the points
 * left (as text: Lua would truncate a fraction).
 */
const TAKE_SCRIPT = `
local limit = tonumber(ARGV[1])
local cost = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local bucket = redis.call('HMGET', KEYS[1], 'points', 'at')
local points = tonumber(bucket[1]) or limit
local at = tonumber(bucket[2]) or now
points = math.min(limit, points + math.max(0, now - at) * limit / 60000)
local paid = 0
if cost <= points then
  points = points - cost
  paid = 1
end
redis.call('HSET', KEYS[1], 'points', tostring(points), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], 60000)
return { paid, tostring(points) }
`;

/** How often a Redis that does not answer is reported while requests fall back to this process's buckets. */
const OUTAGE_LOG_INTERVAL_MS = 60_000;

class RedisCostBudget implements CostBudget {
  private readonly redis: Redis;
  private readonly fallback: RateLimiter;
  private reportedAt = 0;

  constructor(
    url: string,
    private readonly pointsPerMinute: number,
  ) {
    // No offline queue: a request must not wait for a Redis that is away; it falls back at once.
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.redis.on("error", () => undefined);
    this.fallback = new RateLimiter(pointsPerMinute);
  }

  async take(caller: string, cost: number): Promise<RateDecision> {
    const limit = this.pointsPerMinute;
    try {
      const [paid, left] = (await this.redis.eval(TAKE_SCRIPT, 1, `roster:cost:${caller}`, limit, cost)) as [number, string];
      const points = Number(left);
      return paid === 1
        ? { allowed: true, remaining: Math.floor(points), limit, retryAfterSeconds: 0 }
        : { allowed: false, remaining: Math.floor(points), limit, retryAfterSeconds: secondsUntil(cost - points, limit) };
    } catch (error) {
      // Budgets guard against abuse; an outage of their store must not take the API down with
      // it. Until Redis answers again, each process keeps its own buckets, as without REDIS_URL.
      if (Date.now() - this.reportedAt >= OUTAGE_LOG_INTERVAL_MS) {
        this.reportedAt = Date.now();
        logger.warn({ err: error }, "cost budgets: Redis does not answer; each process counts on its own meanwhile");
      }
      return this.fallback.take(caller, cost);
    }
  }

  async close(): Promise<void> {
    // A Redis that is away cannot be said goodbye to: stop reconnecting instead.
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** The budgets of this installation: in Redis when `redisUrl` is set, else in this process. */
export function createCostBudget(pointsPerMinute: number, redisUrl: string | undefined): CostBudget {
  if (redisUrl) return new RedisCostBudget(redisUrl, pointsPerMinute);
  const limiter = new RateLimiter(pointsPerMinute);
  return { take: async (caller, cost) => limiter.take(caller, cost), close: async () => undefined };
}

function secondsUntil(missing: number, pointsPerMinute: number): number {
  return Math.max(1, Math.ceil((missing * 60) / pointsPerMinute));
}

/** Who pays: the key or session presented (hashed, never kept in clear), else the address. */
export function callerKey(credentials: Credentials): string {
  const digest = (secret: string) => createHash("sha256").update(secret).digest("base64url");
  if (credentials.bearerToken !== undefined) return `key:${digest(credentials.bearerToken)}`;
  if (credentials.sessionToken) return `session:${digest(credentials.sessionToken)}`;
  return `address:${credentials.address}`;
}
