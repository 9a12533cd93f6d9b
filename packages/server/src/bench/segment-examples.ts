/**
 * The SPEC's segment examples, each with the SQL a developer would write by hand for the same
 * question: read by `pnpm bench` (the compiler against hand-written SQL) and by `pnpm bench:api`
 * (the API against a hand-written server), so both measure the same ten questions.
 */
import type { DataSource } from "typeorm";
import type { Dialect } from "../database/data-source";
import { querySql } from "../database/sql";

const DAY = 86_400_000;

export interface SegmentExample {
  segment: string;
  /** A `SELECT COUNT(*) AS n …` with named parameters (`:now` and the example's own). */
  sql: (dialect: Dialect) => string;
  /** The example's parameters besides `now`, for a question asked at `now`. */
  parameters: (now: Date) => Record<string, unknown>;
}

const daysFrom = (now: Date, days: number) => new Date(now.getTime() + days * DAY);

const ACTIVE =
  "(u.state = 'ACTIVE' OR (u.state = 'BANNED' AND u.bannedUntil <= :now AND (u.stateBeforeBan IS NULL OR u.stateBeforeBan <> 'NOT_ACTIVATED')))";
const BANNED = "(u.state = 'BANNED' AND (u.bannedUntil IS NULL OR u.bannedUntil > :now))";
const lower = (dialect: Dialect, sql: string) => (dialect === "sqlite" ? `lower(${sql})` : `LOWER(${sql})`);

export const SEGMENT_EXAMPLES: readonly SegmentExample[] = [
  { segment: "state = banned", sql: () => `SELECT COUNT(*) AS n FROM users u WHERE ${BANNED}`, parameters: () => ({}) },
  {
    segment: "state in (active, not_activated) and withoutLogin",
    sql: () => `SELECT COUNT(*) AS n FROM users u WHERE (${ACTIVE} OR u.state = 'NOT_ACTIVATED') AND u.lastLoginAt IS NULL`,
    parameters: () => ({}),
  },
  {
    segment: "lastLoginAt < now-90d and tickets.count >= 3",
    sql: () =>
      // Aggregates are read from the per-person summary rows, as Roster keeps them (counting
      // communications per person hit the 10 s limit at 1M people).
      `SELECT COUNT(*) AS n FROM users u JOIN communication_summaries s ON s.userId = u.id AND s.kind = 'TICKET'
       WHERE u.lastLoginAt < :since AND u.state <> 'TRASHED' AND s.count >= 3`,
    parameters: (now) => ({ since: daysFrom(now, -90) }),
  },
  {
    segment: 'org.name contains "acme" or email ends with "@acme.com"',
    sql: (dialect) =>
      `SELECT COUNT(*) AS n FROM users u LEFT JOIN organizations o ON o.id = u.organizationId
       WHERE ${lower(dialect, "o.name")} LIKE '%acme%' OR ${lower(dialect, "u.email")} LIKE '%@acme.com'`,
    parameters: () => ({}),
  },
  {
    segment: 'role = "Moderator" and not verified',
    sql: () =>
      `SELECT COUNT(*) AS n FROM users u JOIN user_roles ur ON ur.userId = u.id JOIN roles r ON r.id = ur.roleId
       WHERE r.name = 'Moderator' AND u.emailVerifiedAt IS NULL`,
    parameters: () => ({}),
  },
  {
    segment: "surveys.avgRating < 3 and surveys.count > 0",
    sql: () =>
      `SELECT COUNT(*) AS n FROM users u JOIN communication_summaries s ON s.userId = u.id AND s.kind = 'SURVEY'
       WHERE u.state <> 'TRASHED' AND s.ratingCount > 0 AND s.ratingSum < 3 * s.ratingCount`,
    parameters: () => ({}),
  },
  {
    segment: "state = banned and bannedUntil < now+7d",
    sql: () => `SELECT COUNT(*) AS n FROM users u WHERE ${BANNED} AND u.bannedUntil < :until`,
    parameters: (now) => ({ until: daysFrom(now, 7) }),
  },
  {
    segment: "createdAt >= 2026-01-01 and source = import",
    sql: () => `SELECT COUNT(*) AS n FROM users u WHERE u.createdAt >= :start AND u.source = 'IMPORT'`,
    parameters: () => ({ start: new Date("2026-01-01T00:00:00Z") }),
  },
  {
    segment: 'attr.plan = "enterprise"',
    sql: (dialect) =>
      `SELECT COUNT(*) AS n FROM users u JOIN user_attributes a ON a.userId = u.id AND a.name = 'plan'
       WHERE ${lower(dialect, "a.value")} = 'enterprise'`,
    parameters: () => ({}),
  },
  {
    segment: "chats.last > now-7d and not (state = trashed)",
    sql: () =>
      `SELECT COUNT(*) AS n FROM users u JOIN communication_summaries s ON s.userId = u.id AND s.kind = 'CHAT'
       WHERE u.state <> 'TRASHED' AND s.lastAt > :since`,
    parameters: (now) => ({ since: daysFrom(now, -7) }),
  },
];

/** The seed has no custom roles; the Moderator example needs one: a Moderator role on one customer in a hundred. */
export async function addModerators(dataSource: DataSource, now: Date): Promise<void> {
  await querySql(
    dataSource,
    "INSERT INTO roles (name, description, kind, systemKey, createdAt, updatedAt) VALUES ('Moderator', '', 'CUSTOMER', NULL, :now, :now)",
    { now },
  );
  await dataSource.query(
    "INSERT INTO user_roles (userId, roleId) SELECT u.id, r.id FROM users u, roles r WHERE r.name = 'Moderator' AND u.kind = 'CUSTOMER' AND u.id % 100 = 0",
  );
}
