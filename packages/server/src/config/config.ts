/**
 * The server's whole configuration, read once from the environment at boot and validated.
 * A bad value stops the process with a message naming the variable (see `.env.example`).
 */
import path from "node:path";
import { z } from "zod";
import { passwordProblem } from "../modules/auth/password-policy";
import type { ThrottleSettings } from "../modules/auth/credential-throttle";

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
  ROSTER_DATA_DIR: optionalText,
  ROSTER_ADMIN_EMAIL: optionalText.pipe(z.email().optional()),
  ROSTER_ADMIN_PASSWORD: optionalText.pipe(z.string().min(8, "must be at least 8 characters").optional()),
  ROSTER_DEMO_DATA: z.enum(["auto", "off"]).default("auto"),
  ROSTER_WEB_DIR: optionalText,
  SMTP_URL: optionalText.pipe(z.url().optional()),
  ROSTER_MAIL_FROM: z.string().trim().min(3).default("Roster <no-reply@roster.localhost>"),
  ROSTER_PUBLIC_URL: optionalText.pipe(z.url().optional()),
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
});

export interface Config {
  nodeEnv: "development" | "production" | "test";
  port: number;
  /** Absent: the embedded SQLite database under `dataDir`. */
  databaseUrl?: string;
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
  /** MariaDB/MySQL stop a statement after this long (the embedded SQLite has no such switch). */
  queryTimeoutMs: number;
  /** Failed credential checks per account and per address, and what follows them. */
  credentialThrottle: ThrottleSettings;
}

export class ConfigError extends Error {}

const defaultDemoAdmin = { email: "admin@roster.test", password: "roster-admin" };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(env);
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
    dataDir: path.resolve(values.ROSTER_DATA_DIR ?? path.join(repositoryRoot, ".data")),
    admin,
    demoData: embedded && values.ROSTER_DEMO_DATA === "auto",
    webDir: path.resolve(values.ROSTER_WEB_DIR ?? path.join(repositoryRoot, "packages/web/dist")),
    smtpUrl: values.SMTP_URL,
    mailFrom: values.ROSTER_MAIL_FROM,
    publicUrl: (values.ROSTER_PUBLIC_URL ?? `http://localhost:${values.PORT}`).replace(/\/+$/, ""),
    sessionTtlHours: values.SESSION_TTL_HOURS,
    rateLimitPerMinute: values.ROSTER_RATE_LIMIT_PER_MINUTE,
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
  };
}
