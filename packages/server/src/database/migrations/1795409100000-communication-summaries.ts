/**
 * Per-person activity summaries (modules/communications/communication-summary.entity.ts), so that
 * segment aggregates (`tickets.count >= 3`, `chats.last > now-7d`, `surveys.avgRating < 3`) read
 * one indexed row per person and kind instead of aggregating ten million communications.
 *
 * The backfill is INSERT … SELECT … GROUP BY, one statement per range of people: each statement
 * must finish within Roster's statement limit (10 s, which the connection carries), and a
 * database of a million people takes several times that as one statement. The SQL is written
 * out here rather than taken from communication-summaries.ts, whose statements follow the
 * entity as it is now: a migration must keep doing what it did when it landed.
 */
import { Table, type MigrationInterface, type QueryRunner } from "typeorm";
import { datetime, foreignKey, index, int, varchar } from "./columns";

/**
 * About 100,000 communications per statement at the seed's ten per person: 1–2 s on MariaDB on a
 * 2-core machine, most of it writing the summary rows' indexes (a million people: 100 statements).
 */
const PEOPLE_PER_STATEMENT = 10_000;

export class CommunicationSummaries1795409100000 implements MigrationInterface {
  name = "CommunicationSummaries1795409100000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "communication_summaries",
        columns: [
          { ...int("userId"), isPrimary: true },
          { ...varchar("kind", 16), isPrimary: true },
          int("count"),
          int("openCount"),
          datetime("firstAt"),
          datetime("lastAt"),
          int("durationSeconds"),
          int("ratingSum"),
          int("ratingCount"),
        ],
        indices: [
          index("IDX_communication_summaries_kind_count", ["kind", "count"]),
          index("IDX_communication_summaries_kind_lastAt", ["kind", "lastAt"]),
          index("IDX_communication_summaries_kind_firstAt", ["kind", "firstAt"]),
          index("IDX_communication_summaries_kind_openCount", ["kind", "openCount"]),
          index("IDX_communication_summaries_kind_duration", ["kind", "durationSeconds"]),
          index("IDX_communication_summaries_kind_rating", ["kind", "ratingCount", "ratingSum"]),
        ],
        foreignKeys: [foreignKey("FK_communication_summaries_user", "userId", "users", "CASCADE")],
      }),
    );

    const sqlite = queryRunner.connection.options.type === "better-sqlite3";
    // Open tickets as segments read them: the status lower-cased, compared exactly.
    const fold = (sql: string) => (sqlite ? `roster_lower(${sql})` : `CAST(LOWER(${sql}) AS BINARY)`);
    const open = `c.kind = 'TICKET' AND ${fold("c.status")} IN (${["new", "open", "pending"].map((status) => fold(`'${status}'`)).join(", ")})`;
    const measures = `COUNT(*), SUM(CASE WHEN ${open} THEN 1 ELSE 0 END), MIN(c.occurredAt), MAX(c.occurredAt),
      COALESCE(SUM(c.durationSeconds), 0), COALESCE(SUM(c.rating), 0), COUNT(c.rating)`;
    const inRange = "c.userId BETWEEN ? AND ?";
    const backfill = `INSERT INTO communication_summaries
      (userId, kind, count, openCount, firstAt, lastAt, durationSeconds, ratingSum, ratingCount)
      SELECT c.userId, c.kind, ${measures} FROM communications c WHERE ${inRange} GROUP BY c.userId, c.kind
      UNION ALL
      SELECT c.userId, 'ALL', ${measures} FROM communications c WHERE ${inRange} GROUP BY c.userId`;
    const [bounds] = (await queryRunner.query("SELECT MIN(userId) AS low, MAX(userId) AS high FROM communications")) as {
      low: unknown;
      high: unknown;
    }[];
    if (bounds.low === null) return;
    const [low, high] = [Number(bounds.low), Number(bounds.high)];
    for (let from = low; from <= high; from += PEOPLE_PER_STATEMENT) {
      const to = Math.min(high, from + PEOPLE_PER_STATEMENT - 1);
      await queryRunner.query(backfill, [from, to, from, to]);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("communication_summaries");
  }
}
