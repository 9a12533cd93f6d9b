/**
 * Throttling of every credential check (SPEC §3.1.1): `login`, `authenticateUser`, the
 * current password of `changePassword`, and the emailed tokens (set, reset, confirm). Failures
 * are counted per account and per client address; each failure past the first waits a little
 * longer (a growing delay), and the last allowed one locks for a while. A locked account answers
 * TOO_MANY_ATTEMPTS with `retryAfterSeconds`, whether or not the account exists.
 *
 * The counters live in rate-limiter-flexible's memory store (one process) or in Redis when
 * REDIS_URL is set (several processes). Not in the database: every failed attempt would be a
 * write, on the embedded SQLite a write that waits behind every other one, so the throttle
 * itself would be the cheapest way to slow Roster down; and its SQL stores manage their own
 * tables outside TypeORM's migrations.
 */
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { DomainError, ErrorCode } from "../../common/errors";

export interface ThrottleSettings {
  /** Failures per account within the window; the last one locks the account. */
  accountAttempts: number;
  /** Failures per client address within the window; the last one locks the address. */
  addressAttempts: number;
  windowSeconds: number;
  lockSeconds: number;
  /** The delay after the second failure; it doubles with each further one. */
  delayMs: number;
  /** Counters in Redis, shared by every process; in memory without it. */
  redisUrl?: string;
}

/** What the caller does when an account has just been locked (email its owner). */
export type OnLock = (lockSeconds: number) => Promise<void>;

/** One attempt in progress: counted already; `succeeded` forgives it, `failed` may lock. */
export interface Attempt {
  succeeded(): Promise<void>;
  failed(onLock?: OnLock): Promise<void>;
}

const MAX_DELAY_MS = 5_000;

export class CredentialThrottle {
  private readonly accounts: RateLimiterAbstract;
  private readonly addresses: RateLimiterAbstract;
  private readonly redis?: Redis;

  constructor(private readonly settings: ThrottleSettings) {
    const window = (points: number, keyPrefix: string) => ({ points, duration: settings.windowSeconds, keyPrefix });
    if (settings.redisUrl) {
      this.redis = new Redis(settings.redisUrl, { maxRetriesPerRequest: 1 });
      // A Redis that went away shows in the answers (the limiter rejects); keep the process up.
      this.redis.on("error", () => undefined);
      this.accounts = new RateLimiterRedis({
        storeClient: this.redis,
        ...window(settings.accountAttempts, "roster:cred:account"),
      });
      this.addresses = new RateLimiterRedis({
        storeClient: this.redis,
        ...window(settings.addressAttempts, "roster:cred:address"),
      });
    } else {
      this.accounts = new RateLimiterMemory(window(settings.accountAttempts, "account"));
      this.addresses = new RateLimiterMemory(window(settings.addressAttempts, "address"));
    }
  }

  /**
   * Counts an attempt before the credential is checked (so parallel guesses cannot slip past
   * the limit); refuses it when the account or the address is locked. `account` is null when
   * the credential names no account (an emailed token); `address` is absent for callers that
   * do not know it.
   */
  async begin(account: string | null, address: string | undefined): Promise<Attempt> {
    const addressKey = address ?? null;
    if (addressKey !== null) await this.take(this.addresses, addressKey);
    const counted = account === null ? null : await this.take(this.accounts, account);
    return {
      succeeded: async () => {
        // A success forgives the account's failures, and this attempt of the address.
        if (account !== null) await this.accounts.delete(account);
        if (addressKey !== null) await this.addresses.reward(addressKey, 1);
      },
      failed: async (onLock) => {
        const failures = counted?.consumedPoints ?? 0;
        if (account !== null && failures === this.settings.accountAttempts) {
          await this.accounts.block(account, this.settings.lockSeconds);
          await onLock?.(this.settings.lockSeconds);
        }
        if (addressKey !== null) {
          const used = await this.addresses.get(addressKey);
          if (used && used.consumedPoints === this.settings.addressAttempts) {
            await this.addresses.block(addressKey, this.settings.lockSeconds);
          }
        }
        // The growing delay: none after a first mistake, then 1×, 2×, 4×… the configured delay.
        if (failures >= 2 && this.settings.delayMs > 0) {
          await sleep(Math.min(this.settings.delayMs * 2 ** (failures - 2), MAX_DELAY_MS));
        }
      },
    };
  }

  async close(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }

  private async take(limiter: RateLimiterAbstract, key: string): Promise<RateLimiterRes> {
    try {
      const taken = await limiter.consume(key, 1);
      if (taken.consumedPoints > limiter.points) throw taken;
      return taken;
    } catch (refusal) {
      if (refusal instanceof RateLimiterRes) throw tooManyAttempts(refusal.msBeforeNext);
      throw refusal;
    }
  }
}

/** The one answer of a locked account or address, the same for an account that does not exist. */
export function tooManyAttempts(msBeforeNext: number): DomainError {
  const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new DomainError(
    ErrorCode.TooManyAttempts,
    `Too many failed attempts: try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s).`,
    { retryAfterSeconds },
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
