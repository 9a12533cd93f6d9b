/**
 * A cost budget per caller (an API key, an agent's session, or an address without either):
 * a token bucket that holds `pointsPerMinute` points and refills continuously. Each operation
 * takes its cost (see query-limits.ts); when the bucket cannot pay, the caller is told how many
 * seconds until it can. In memory: one Roster process serves one installation.
 */
import { createHash } from "node:crypto";
import type { Credentials } from "../common/context";

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
        retryAfterSeconds: Math.max(1, Math.ceil((missing * 60) / limit)),
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

/** Who pays: the key or session presented (hashed, never kept in clear), else the address. */
export function callerKey(credentials: Credentials): string {
  const digest = (secret: string) => createHash("sha256").update(secret).digest("base64url");
  if (credentials.bearerToken !== undefined) return `key:${digest(credentials.bearerToken)}`;
  if (credentials.sessionToken) return `session:${digest(credentials.sessionToken)}`;
  return `address:${credentials.address}`;
}
