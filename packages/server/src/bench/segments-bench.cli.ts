/**
 * `pnpm bench [--users N] [--database mariadb|sqlite|both] [--runs N]`: the ten segment examples
 * of the SPEC, counted through Roster's compiler and through SQL written by hand for the same
 * question, on a freshly generated population (100,000 people and about a million
 * communications by default). Prints each query's median time both ways and the ratio
 * Roster / hand-written, measured in the same run; the counts must agree.
 *
 * The databases are scratch ones (see scratch-database.ts).
 */
import "reflect-metadata";
import { parseArgs } from "node:util";
import type { DataSource } from "typeorm";
import { dialectOf, type Dialect } from "../database/data-source";
import { querySql, readNumber } from "../database/sql";
import { communicationSegmentColumns } from "../modules/communications/communication-segment-columns";
import { roleSegmentColumns } from "../modules/roles/role-segment-columns";
import { SegmentService } from "../modules/segments/segment.service";
import { userSegmentColumns } from "../modules/users/user-segment-columns";
import { seedPeople } from "../seed/seed-generator";
import { scratchDatabase } from "./scratch-database";

const NOW = new Date("2026-06-15T12:00:00.000Z");
const DAY = 86_400_000;
const at = (days: number) => new Date(NOW.getTime() + days * DAY);

interface Example {
  segment: string;
  /** The same question as a developer would write it for this schema; `?`-free, named parameters. */
  sql: (dialect: Dialect) => string;
  parameters: Record<string, unknown>;
}

const ACTIVE =
  "(u.state = 'ACTIVE' OR (u.state = 'BANNED' AND u.bannedUntil <= :now AND (u.stateBeforeBan IS NULL OR u.stateBeforeBan <> 'NOT_ACTIVATED')))";
const BANNED = "(u.state = 'BANNED' AND (u.bannedUntil IS NULL OR u.bannedUntil > :now))";
const lower = (dialect: Dialect, sql: string) => (dialect === "sqlite" ? `lower(${sql})` : `LOWER(${sql})`);

const EXAMPLES: Example[] = [
  { segment: "state = banned", sql: () => `SELECT COUNT(*) AS n FROM users u WHERE ${BANNED}`, parameters: {} },
  {
    segment: "state in (active, not_activated) and withoutLogin",
    sql: () => `SELECT COUNT(*) AS n FROM users u WHERE (${ACTIVE} OR u.state = 'NOT_ACTIVATED') AND u.lastLoginAt IS NULL`,
    parameters: {},
  },
  {
    segment: "lastLoginAt < now-90d and tickets.count >= 3",
    sql: () =>
      `SELECT COUNT(*) AS n FROM users u WHERE u.lastLoginAt < :since AND u.state <> 'TRASHED'
       AND u.id IN (SELECT c.userId FROM communications c WHERE c.kind = 'TICKET' GROUP BY c.userId HAVING COUNT(*) >= 3)`,
    parameters: { since: at(-90) },
  },
  {
    segment: 'org.name contains "acme" or email ends with "@acme.com"',
    sql: (dialect) =>
      `SELECT COUNT(*) AS n FROM users u LEFT JOIN organizations o ON o.id = u.organizationId
       WHERE ${lower(dialect, "o.name")} LIKE '%acme%' OR ${lower(dialect, "u.email")} LIKE '%@acme.com'`,
    parameters: {},
  },
  {
    segment: 'role = "Moderator" and not verified',
    sql: () =>
      `SELECT COUNT(*) AS n FROM users u JOIN user_roles ur ON ur.userId = u.id JOIN roles r ON r.id = ur.roleId
       WHERE r.name = 'Moderator' AND u.emailVerifiedAt IS NULL`,
    parameters: {},
  },
  {
    segment: "surveys.avgRating < 3 and surveys.count > 0",
    sql: () =>
      `SELECT COUNT(*) AS n FROM users u WHERE u.state <> 'TRASHED' AND u.id IN
       (SELECT c.userId FROM communications c WHERE c.kind = 'SURVEY' AND c.rating IS NOT NULL GROUP BY c.userId HAVING AVG(c.rating) < 3)`,
    parameters: {},
  },
  {
    segment: "state = banned and bannedUntil < now+7d",
    sql: () => `SELECT COUNT(*) AS n FROM users u WHERE ${BANNED} AND u.bannedUntil < :until`,
    parameters: { until: at(7) },
  },
  {
    segment: "createdAt >= 2026-01-01 and source = import",
    sql: () => `SELECT COUNT(*) AS n FROM users u WHERE u.createdAt >= :start AND u.source = 'IMPORT'`,
    parameters: { start: new Date("2026-01-01T00:00:00Z") },
  },
  {
    segment: 'attr.plan = "enterprise"',
    sql: (dialect) =>
      `SELECT COUNT(*) AS n FROM users u JOIN user_attributes a ON a.userId = u.id AND a.name = 'plan'
       WHERE ${lower(dialect, "a.value")} = 'enterprise'`,
    parameters: {},
  },
  {
    segment: "chats.last > now-7d and not (state = trashed)",
    sql: () =>
      `SELECT COUNT(*) AS n FROM users u WHERE u.state <> 'TRASHED' AND u.id IN
       (SELECT c.userId FROM communications c WHERE c.kind = 'CHAT' GROUP BY c.userId HAVING MAX(c.occurredAt) > :since)`,
    parameters: { since: at(-7) },
  },
];

async function timed(run: () => Promise<number>, runs: number): Promise<{ median: number; count: number }> {
  const times: number[] = [];
  let count = 0;
  for (let index = 0; index < runs; index += 1) {
    const started = performance.now();
    count = await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], count };
}

async function countOf(dataSource: DataSource, sql: string, parameters: Record<string, unknown>): Promise<number> {
  const [row] = await querySql<{ n: unknown }>(dataSource, sql, parameters);
  return readNumber(row.n);
}

async function benchmark(dataSource: DataSource, runs: number): Promise<void> {
  const dialect = dialectOf(dataSource);
  const segments = new SegmentService(dataSource, {
    ...userSegmentColumns,
    ...roleSegmentColumns,
    ...communicationSegmentColumns,
  });
  const rows = [];
  for (const example of EXAMPLES) {
    const [compiled] = segments.filterForText(example.segment, NOW).conditions;
    const roster = await timed(
      () => countOf(dataSource, `SELECT COUNT(*) AS n FROM users u WHERE ${compiled.condition}`, compiled.parameters),
      runs,
    );
    const hand = await timed(() => countOf(dataSource, example.sql(dialect), { now: NOW, ...example.parameters }), runs);
    rows.push({
      segment: example.segment,
      people: roster.count,
      "hand-written count": hand.count === roster.count ? "same" : `DIFFERS: ${hand.count}`,
      "roster ms": Number(roster.median.toFixed(1)),
      "hand ms": Number(hand.median.toFixed(1)),
      "roster / hand": Number((roster.median / hand.median).toFixed(2)),
    });
  }
  console.table(rows);
}

async function prepare(dataSource: DataSource, users: number): Promise<void> {
  const started = performance.now();
  await seedPeople(dataSource, { users, seed: 7, now: NOW, onProgress: (message) => console.log(`  ${message}`) });
  // The seed has no custom roles: a Moderator role on one customer in a hundred.
  await querySql(
    dataSource,
    "INSERT INTO roles (name, description, kind, systemKey, createdAt, updatedAt) VALUES ('Moderator', '', 'CUSTOMER', NULL, :now, :now)",
    { now: NOW },
  );
  await dataSource.query(
    "INSERT INTO user_roles (userId, roleId) SELECT u.id, r.id FROM users u, roles r WHERE r.name = 'Moderator' AND u.kind = 'CUSTOMER' AND u.id % 100 = 0",
  );
  console.log(`  seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      users: { type: "string", default: "100000" },
      database: { type: "string", default: "both" },
      runs: { type: "string", default: "5" },
    },
  });
  const users = Number(values.users);
  const runs = Number(values.runs);
  if (!Number.isInteger(users) || users < 1) throw new Error(`--users must be a whole number, got ${values.users}`);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number, got ${values.runs}`);
  const databases = values.database === "both" ? ["mariadb", "sqlite"] : [values.database!];

  for (const database of databases) {
    const scratch = await scratchDatabase(database);
    console.log(`\n${database}: ${users.toLocaleString("en")} people`);
    try {
      await prepare(scratch.dataSource, users);
      await benchmark(scratch.dataSource, runs);
    } finally {
      await scratch.dispose();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
