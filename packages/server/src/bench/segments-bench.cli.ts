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
import { dialectOf } from "../database/data-source";
import { querySql, readNumber } from "../database/sql";
import { communicationSegmentColumns } from "../modules/communications/communication-segment-columns";
import { roleSegmentColumns } from "../modules/roles/role-segment-columns";
import { SegmentService } from "../modules/segments/segment.service";
import { userSegmentColumns } from "../modules/users/user-segment-columns";
import { seedPeople } from "../seed/seed-generator";
import { scratchDatabase } from "./scratch-database";
import { addModerators, SEGMENT_EXAMPLES } from "./segment-examples";

const NOW = new Date("2026-06-15T12:00:00.000Z");
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
  for (const example of SEGMENT_EXAMPLES) {
    const [compiled] = segments.filterForText(example.segment, NOW).conditions;
    const roster = await timed(
      () => countOf(dataSource, `SELECT COUNT(*) AS n FROM users u WHERE ${compiled.condition}`, compiled.parameters),
      runs,
    );
    const hand = await timed(() => countOf(dataSource, example.sql(dialect), { now: NOW, ...example.parameters(NOW) }), runs);
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
  await addModerators(dataSource, NOW);
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
