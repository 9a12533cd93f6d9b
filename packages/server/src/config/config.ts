/**
 * The server's whole configuration, read once from the environment at boot and validated.
 * A bad value stops the process with a message naming the variable (see `.env.example`).
 */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { passwordProblem } from "../modules/auth/password-policy";
import type { ThrottleSettings } from "../modules/auth/credential-throttle";
import { defaultLogFormat, type LogSettings } from "../common/logger";

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const environmentSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^mysql:\/\/.+/, "must be a mysql:// URL (MySQL 8 or MariaDB 10.6+); leave it unset for the embedded database")
      .optional(),
  ),
  // Read replicas of DATABASE_URL (http/read-routing.ts): comma-separated mysql:// URLs.
  DATABASE_REPLICA_URLS: optionalText.pipe(
    z
      .string()
      .transform((value) =>
        value
          .split(",")
          .map((url) => url.trim())
          .filter((url) => url !== ""),
      )
      .pipe(z.array(z.string().regex(/^mysql:\/\/.+/, "each must be a mysql:// URL of a replica of DATABASE_URL")).max(16))
      .optional(),
  ),
  ROSTER_READ_YOUR_WRITES_MS: z.coerce.number().int().min(0).max(3_600_000).default(5000),
  ROSTER_DATA_DIR: optionalText,
  ROSTER_ADMIN_EMAIL: optionalText.pipe(z.email().optional()),
  ROSTER_ADMIN_PASSWORD: optionalText.pipe(z.string().min(8, "must be at least 8 characters").optional()),
  ROSTER_DEMO_DATA: z.enum(["auto", "off"]).default("auto"),
  ROSTER_WEB_DIR: optionalText,
  SMTP_URL: optionalText.pipe(z.url().optional()),
  ROSTER_MAIL_FROM: z.string().trim().min(3).default("Roster <no-reply@roster.localhost>"),
  ROSTER_PUBLIC_URL: optionalText.pipe(
    z
      .url({ protocol: /^https?$/, error: "must be an absolute http:// or https:// URL, e.g. https://roster.example.com" })
      .optional(),
  ),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24 * 14),
  ROSTER_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(10).max(1_000_000).default(3000),
  ROSTER_QUERY_TIMEOUT_MS: z.coerce.number().int().min(10).max(600_000).default(10_000),
  // Credential throttling (modules/auth/credential-throttle.ts).
  ROSTER_LOGIN_ACCOUNT_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(5),
  ROSTER_LOGIN_ADDRESS_ATTEMPTS: z.coerce.number().int().min(1).max(1_000_000).optional(),
  ROSTER_LOGIN_WINDOW_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  ROSTER_LOGIN_LOCK_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  ROSTER_LOGIN_DELAY_MS: z.coerce.number().int().min(0).max(5000).default(250),
  REDIS_URL: optionalText.pipe(
    z
      .string()
      .regex(/^rediss?:\/\/.+/, "must be a redis:// URL; leave it unset to count in memory (one process)")
      .optional(),
  ),
  // Logs and metrics (common/logger.ts, http/metrics.ts).
  ROSTER_LOG_LEVEL: optionalText.pipe(z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional()),
  ROSTER_LOG_FORMAT: optionalText.pipe(z.enum(["json", "pretty"]).optional()),
  ROSTER_METRICS_TOKEN: optionalText.pipe(z.string().min(16, "must be at least 16 characters").optional()),
  // Webhooks (modules/webhooks/webhook-address.ts): deliveries to private and loopback addresses.
  ROSTER_WEBHOOKS_ALLOW_PRIVATE: z.enum(["true", "false"]).default("false"),
});

/** Every variable `loadConfig` reads; the README's table and `.env.example` must list each one. */
export const configVariables = Object.keys(environmentSchema.shape);

/** Names another file of variables than `.env` in the working directory (read by `loadEnvironmentFile`). */
export const ENV_FILE_VARIABLE = "ROSTER_ENV_FILE";

export interface Config {
  nodeEnv: "development" | "production" | "test";
  port: number;
  /** Absent: the embedded SQLite database under `dataDir`. */
  databaseUrl?: string;
  /**
   * Replicas that serve reads (queries of callers who have not written within
   * `readYourWritesMs`); writes, sign-in checks and jobs stay on `databaseUrl`.
   */
  databaseReplicaUrls: string[];
  /** After a caller's mutation, how long its reads stay on the primary (longer than the replicas' usual lag). */
  readYourWritesMs: number;
  dataDir: string;
  admin?: { email: string; password: string };
  /** Fill an empty embedded database with demo people on first start. */
  demoData: boolean;
  /** The built SPA served at `/`; absent when not built (API only). */
  webDir: string;
  smtpUrl?: string;
  /** The From header of every email. */
  mailFrom: string;
  /** Where people reach Roster, for links in emails (no trailing slash). */
  publicUrl: string;
  sessionTtlHours: number;
  /** Query-cost points each caller may spend per minute (see http/rate-limiter.ts). */
  rateLimitPerMinute: number;
  /** Redis shared by every process (cost budgets, failed sign-ins); unset: each process counts in memory. */
  redisUrl?: string;
  /** MariaDB/MySQL stop a statement after this long (the embedded SQLite has no such switch). */
  queryTimeoutMs: number;
  /** Failed credential checks per account and per address, and what follows them. */
  credentialThrottle: ThrottleSettings;
  /** Log level and line format; tests log warnings and errors only, so their output stays readable. */
  log: LogSettings;
  /** With it, GET /metrics asks for `Authorization: Bearer <token>`; without, it answers loopback callers only. */
  metricsToken?: string;
  /** Webhooks may point at private and loopback addresses (tests, a receiver on the same network). */
  webhooksAllowPrivate: boolean;
}

export class ConfigError extends Error {}

const defaultDemoAdmin = { email: "admin@roster.test", password: "roster-admin" };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty value is an unset one (`PORT=` in a copied .env.example must not mean port 0).
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ""));
  const parsed = environmentSchema.safeParse(given);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  }
  const values = parsed.data;
  if (Boolean(values.ROSTER_ADMIN_EMAIL) !== Boolean(values.ROSTER_ADMIN_PASSWORD)) {
    throw new ConfigError("Invalid configuration: ROSTER_ADMIN_EMAIL and ROSTER_ADMIN_PASSWORD go together");
  }
  if (values.NODE_ENV === "production" && values.ROSTER_ADMIN_EMAIL && values.ROSTER_ADMIN_PASSWORD) {
    // The demo's password, or any weak one, must not guard a real administrator.
    const problem =
      values.ROSTER_ADMIN_PASSWORD === defaultDemoAdmin.password
        ? "ROSTER_ADMIN_PASSWORD is the demo's password: choose your own."
        : passwordProblem("ROSTER_ADMIN_PASSWORD", values.ROSTER_ADMIN_PASSWORD, {
            email: values.ROSTER_ADMIN_EMAIL,
            username: null,
          });
    if (problem) throw new ConfigError(`Invalid configuration: ${problem}`);
  }
  if (values.DATABASE_REPLICA_URLS?.length && !values.DATABASE_URL) {
    throw new ConfigError(
      "Invalid configuration: DATABASE_REPLICA_URLS needs DATABASE_URL: replicas copy a MariaDB/MySQL primary; the embedded database has none.",
    );
  }
  if (values.NODE_ENV === "production" && !values.ROSTER_PUBLIC_URL) {
    // Links in emails would otherwise point at localhost, which no recipient can open.
    throw new ConfigError(
      "Invalid configuration: ROSTER_PUBLIC_URL is required in production: the https:// address people reach Roster at, the base of the links in emails.",
    );
  }
  const repositoryRoot = path.resolve(__dirname, "../../../..");
  const embedded = !values.DATABASE_URL;
  // On the embedded demo database an administrator is always created, so a new user can sign in;
  // a production database gets one only when both variables are set.
  const admin =
    values.ROSTER_ADMIN_EMAIL && values.ROSTER_ADMIN_PASSWORD
      ? { email: values.ROSTER_ADMIN_EMAIL, password: values.ROSTER_ADMIN_PASSWORD }
      : embedded && values.NODE_ENV !== "production"
        ? defaultDemoAdmin
        : undefined;
  return {
    nodeEnv: values.NODE_ENV,
    port: values.PORT,
    databaseUrl: values.DATABASE_URL,
    databaseReplicaUrls: values.DATABASE_REPLICA_URLS ?? [],
    readYourWritesMs: values.ROSTER_READ_YOUR_WRITES_MS,
    dataDir: path.resolve(values.ROSTER_DATA_DIR ?? path.join(repositoryRoot, ".data")),
    admin,
    // Never in production: an empty production database waits for its real people.
    demoData: embedded && values.ROSTER_DEMO_DATA === "auto" && values.NODE_ENV !== "production",
    webDir: path.resolve(values.ROSTER_WEB_DIR ?? path.join(repositoryRoot, "packages/web/dist")),
    smtpUrl: values.SMTP_URL,
    mailFrom: values.ROSTER_MAIL_FROM,
    publicUrl: (values.ROSTER_PUBLIC_URL ?? `http://localhost:${values.PORT}`).replace(/\/+$/, ""),
    sessionTtlHours: values.SESSION_TTL_HOURS,
    rateLimitPerMinute: values.ROSTER_RATE_LIMIT_PER_MINUTE,
    redisUrl: values.REDIS_URL,
    queryTimeoutMs: values.ROSTER_QUERY_TIMEOUT_MS,
    credentialThrottle: {
      accountAttempts: values.ROSTER_LOGIN_ACCOUNT_ATTEMPTS,
      // The test suites sign in and fail on purpose many times from 127.0.0.1.
      addressAttempts: values.ROSTER_LOGIN_ADDRESS_ATTEMPTS ?? (values.NODE_ENV === "test" ? 100_000 : 50),
      windowSeconds: values.ROSTER_LOGIN_WINDOW_MINUTES * 60,
      lockSeconds: values.ROSTER_LOGIN_LOCK_MINUTES * 60,
      delayMs: values.ROSTER_LOGIN_DELAY_MS,
      redisUrl: values.REDIS_URL,
    },
    log: {
      level: values.ROSTER_LOG_LEVEL ?? (values.NODE_ENV === "test" ? "warn" : "info"),
      format: values.ROSTER_LOG_FORMAT ?? defaultLogFormat(values.NODE_ENV),
    },
    metricsToken: values.ROSTER_METRICS_TOKEN,
    webhooksAllowPrivate: values.ROSTER_WEBHOOKS_ALLOW_PRIVATE === "true",
  };
}

/**
 * Loads `ROSTER_ENV_FILE`, else `.env` in the working directory when there is one, into
 * `process.env` before `loadConfig` reads it. A variable already set in the real environment
 * wins over the file (Node's `process.loadEnvFile` never overwrites one). Returns the file read.
 */
export function loadEnvironmentFile(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const chosen = env[ENV_FILE_VARIABLE]?.trim();
  const file = path.resolve(chosen || ".env");
  if (!fs.existsSync(file)) {
    if (chosen) throw new ConfigError(`Invalid configuration: ${ENV_FILE_VARIABLE}: no such file: ${file}`);
    return undefined;
  }
  process.loadEnvFile(file);
  return file;
}

const localHosts = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** What a valid configuration still gets wrong for production: said loudly at start, not refused. */
export function configWarnings(config: Config): string[] {
  if (config.nodeEnv !== "production") return [];
  const warnings: string[] = [];
  if (!config.databaseUrl) {
    warnings.push(
      `Production on the embedded SQLite database (${config.dataDir}): one process only, no statement time limit, backups by copying the stopped file. Set DATABASE_URL to MySQL 8 or MariaDB 10.6+.`,
    );
  }
  const publicUrl = new URL(config.publicUrl);
  if (publicUrl.protocol === "http:" && !localHosts.has(publicUrl.hostname)) {
    warnings.push(
      `ROSTER_PUBLIC_URL is plain HTTP (${config.publicUrl}): in production the session cookie is Secure, so browsers drop it over HTTP and nobody can sign in. Serve Roster over HTTPS and set ROSTER_PUBLIC_URL to its https:// address.`,
    );
  }
  return warnings;
}
