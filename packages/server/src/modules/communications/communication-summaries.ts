/**
 * Keeps `communication_summaries` (communication-summary.entity.ts) equal to what the person's
 * communications add up to. Communications are only ever added (recorded, seeded) or deleted
 * with their person (by foreign key, which takes the summary rows too); what is summed here
 * (kind, status, occurredAt, duration, rating) never changes after a communication is recorded.
 * So each write that adds communications adds them to the summaries in its own transaction
 * (`addToSummaries`), and a bulk load summarizes its people once (`summarizePeople`). A new path
 * that changes a summed field of a recorded communication must call `summarizePeople` for the
 * person in its transaction.
 *
 * Adding is one atomic upsert that increments the rows: two communications recorded at once
 * for one person both count (on MariaDB the second waits for the first's row lock; SQLite has
 * one writer). It reads only the new communications, so its cost does not grow with the
 * person's history, where recomputing the person's rows would read all of it.
 */
import type { EntityManager } from "typeorm";
import { dialectOf, type Dialect } from "../../database/data-source";
import { CHUNK, querySql } from "../../database/sql";
import { CommunicationKind, OPEN_TICKET_STATUSES } from "./communication.enums";

/** The summary row's kind for every kind of communication at once (`communications.count`…). */
export const ALL_KINDS = "ALL";

const TABLE = "communication_summaries";

type Measure = "count" | "openCount" | "firstAt" | "lastAt" | "durationSeconds" | "ratingSum" | "ratingCount";

/** Each measure's aggregate over communications `c`, and how two partial sums of it combine. */
const MEASURES: Record<Measure, { aggregate: (dialect: Dialect) => string; combine: "sum" | "min" | "max" }> = {
  count: { aggregate: () => "COUNT(*)", combine: "sum" },
  openCount: {
    // Folded and compared exactly, as segment-sql.ts compares text.
    aggregate: (dialect) => {
      const fold = (sql: string) => (dialect === "sqlite" ? `roster_lower(${sql})` : `CAST(LOWER(${sql}) AS BINARY)`);
      const open = OPEN_TICKET_STATUSES.map((status) => fold(`'${status}'`)).join(", ");
      return `SUM(CASE WHEN c.kind = '${CommunicationKind.TICKET}' AND ${fold("c.status")} IN (${open}) THEN 1 ELSE 0 END)`;
    },
    combine: "sum",
  },
  firstAt: { aggregate: () => "MIN(c.occurredAt)", combine: "min" },
  lastAt: { aggregate: () => "MAX(c.occurredAt)", combine: "max" },
  durationSeconds: { aggregate: () => "COALESCE(SUM(c.durationSeconds), 0)", combine: "sum" },
  ratingSum: { aggregate: () => "COALESCE(SUM(c.rating), 0)", combine: "sum" },
  ratingCount: { aggregate: () => "COUNT(c.rating)", combine: "sum" },
};

const measures = Object.keys(MEASURES) as Measure[];

/** The summary rows (per kind, then all kinds) of the communications `c` matching `where`. */
function summaryRowsOf(dialect: Dialect, where: string): string {
  const aggregates = measures.map((measure) => `${MEASURES[measure].aggregate(dialect)} AS ${measure}`).join(", ");
  return (
    `SELECT c.userId AS userId, c.kind AS kind, ${aggregates} FROM communications c WHERE ${where} GROUP BY c.userId, c.kind` +
    ` UNION ALL SELECT c.userId AS userId, '${ALL_KINDS}' AS kind, ${aggregates} FROM communications c WHERE ${where} GROUP BY c.userId`
  );
}

/**
 * INSERT … SELECT of `rows` into the summaries; a person's existing row is added to (`add`) or
 * replaced (`replace`). `WHERE 1 = 1` is SQLite's required disambiguation before ON CONFLICT.
 */
function upsert(dialect: Dialect, rows: string, mode: "add" | "replace"): string {
  const insert = `INSERT INTO ${TABLE} (userId, kind, ${measures.join(", ")}) SELECT * FROM (${rows}) summed WHERE 1 = 1`;
  const assign = (measure: Measure) => {
    const [current, incoming] =
      dialect === "sqlite" ? [measure, `excluded.${measure}`] : [`${TABLE}.${measure}`, `VALUES(${measure})`];
    if (mode === "replace") return `${measure} = ${incoming}`;
    switch (MEASURES[measure].combine) {
      case "sum":
        return `${measure} = ${current} + ${incoming}`;
      // Both sides are set (a row exists only with a communication): neither MIN nor LEAST sees a NULL.
      case "min":
        return `${measure} = ${dialect === "sqlite" ? "MIN" : "LEAST"}(${current}, ${incoming})`;
      case "max":
        return `${measure} = ${dialect === "sqlite" ? "MAX" : "GREATEST"}(${current}, ${incoming})`;
    }
  };
  // Each assignment reads only its own column, so MariaDB's left-to-right evaluation of
  // ON DUPLICATE KEY UPDATE and SQLite's all-at-once DO UPDATE agree.
  const assignments = measures.map(assign).join(", ");
  return dialect === "sqlite"
    ? `${insert} ON CONFLICT (userId, kind) DO UPDATE SET ${assignments}`
    : `${insert} ON DUPLICATE KEY UPDATE ${assignments}`;
}

/** Adds newly written communications (by id) to their people's summaries, in the caller's transaction. */
export async function addToSummaries(manager: EntityManager, communicationIds: readonly number[]): Promise<void> {
  const dialect = dialectOf(manager.connection);
  for (let start = 0; start < communicationIds.length; start += CHUNK) {
    const ids = communicationIds.slice(start, start + CHUNK);
    await querySql(manager, upsert(dialect, summaryRowsOf(dialect, "c.id IN (:...ids)"), "add"), { ids });
  }
}

/**
 * Recomputes the summaries of the people with ids `from` to `to` from their communications: one
 * statement however many they are (a seeded chunk of people). Rows of kinds a person no longer
 * has are not removed (communications are not deleted one by one).
 */
export async function summarizePeople(manager: EntityManager, from: number, to: number): Promise<void> {
  const dialect = dialectOf(manager.connection);
  await querySql(manager, upsert(dialect, summaryRowsOf(dialect, "c.userId BETWEEN :from AND :to"), "replace"), { from, to });
}
