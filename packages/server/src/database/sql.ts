/**
 * Helpers for the few statements written as SQL text (aggregates, window functions):
 * named parameters go through the driver's own escaping, so dates and arrays are bound the
 * same way TypeORM binds them, and raw values are read back the same way on both databases.
 */
import type { DataSource, EntityManager, ObjectLiteral } from "typeorm";

export async function querySql<Row>(db: DataSource | EntityManager, sql: string, parameters: ObjectLiteral = {}): Promise<Row[]> {
  const dataSource = "dataSource" in db ? db.dataSource : db;
  const [text, bound] = dataSource.driver.escapeQueryWithParameters(sql, parameters);
  return (await db.query(text, bound)) as Row[];
}

/** A datetime column read raw: a Date from mysql2, UTC text from SQLite. */
export function readDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  const text = String(value);
  return new Date(text.includes("T") ? text : `${text.replace(" ", "T")}Z`);
}

/** COUNT and SUM come back as numbers, bigint strings or decimal strings depending on the driver. */
export function readNumber(value: unknown): number {
  return value === null || value === undefined ? 0 : Number(value);
}

/** Escapes LIKE wildcards so that a search for "50%_off" finds that text literally. */
export function likeContains(text: string): string {
  return `%${text.replace(/[!%_]/g, (character) => `!${character}`)}%`;
}

export const LIKE_ESCAPE = "ESCAPE '!'";
