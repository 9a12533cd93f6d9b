/**
 * Helpers for the few statements written as SQL text (aggregates, window functions):
 * named parameters go through the driver's own escaping, so dates and arrays are bound the
 * same way TypeORM binds them, and raw values are read back the same way on both databases.
 */
import { In, type DataSource, type EntityManager, type EntityTarget, type FindOptionsWhere, type ObjectLiteral } from "typeorm";
import type { QueryDeepPartialEntity } from "typeorm/query-builder/QueryPartialEntity";
import type { Dialect } from "./data-source";

export async function querySql<Row>(db: DataSource | EntityManager, sql: string, parameters: ObjectLiteral = {}): Promise<Row[]> {
  const dataSource = "dataSource" in db ? db.dataSource : db;
  const [text, bound] = dataSource.driver.escapeQueryWithParameters(sql, parameters);
  return (await db.query(text, bound)) as Row[];
}

/** A condition written as SQL text, with the named parameters it binds (`andWhere(condition, parameters)`). */
export interface SqlCondition {
  condition: string;
  parameters: Record<string, unknown>;
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

/**
 * Text lower-cased so that it compares exactly (no accent folding, no trailing-space padding),
 * the same on both databases: MariaDB/MySQL compare binary strings of LOWER(); SQLite calls
 * `roster_lower`, JavaScript's toLowerCase registered on the connection (sqlite-functions.ts).
 */
export function foldText(dialect: Dialect, sql: string): string {
  return dialect === "sqlite" ? `roster_lower(${sql})` : `CAST(LOWER(${sql}) AS BINARY)`;
}

/**
 * A substring test without LIKE, so that `%`, `_` and `\` in the value are plain characters.
 * `actual` and `expected` are SQL (folded alike by the caller when the test ignores case).
 */
export function textPositionSql(
  dialect: Dialect,
  actual: string,
  expected: string,
  test: "contains" | "starts with" | "ends with",
): string {
  const sqlite = dialect === "sqlite";
  const found = sqlite ? `instr(${actual}, ${expected})` : `LOCATE(${expected}, ${actual})`;
  if (test === "contains") return `${found} > 0`;
  if (test === "starts with") return `${found} = 1`;
  return sqlite ? `substr(${actual}, -length(${expected})) = ${expected}` : `RIGHT(${actual}, LENGTH(${expected})) = ${expected}`;
}

/**
 * Statements must not grow with the data: SQLite refuses more than 32,766 bound values and an
 * expression deeper than 1,000 terms, and MariaDB a packet over max_allowed_packet. Lists of
 * ids and rows go in chunks of this many.
 */
export const CHUNK = 500;

export function chunksOf<T>(items: readonly T[]): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += CHUNK) chunks.push(items.slice(start, start + CHUNK));
  return chunks;
}

/**
 * One INSERT's worth of text: a quarter of MariaDB's default max_allowed_packet (16 MB), since
 * each text can be up to 4 bytes a character and escaping adds more.
 */
const CHUNK_CHARACTERS = 4 * 1024 * 1024;

/** Rows in chunks of at most CHUNK rows and about CHUNK_CHARACTERS of text (a row alone may exceed it). */
function rowChunksOf<T>(rows: readonly T[]): T[][] {
  const chunks: T[][] = [];
  let chunk: T[] = [];
  let characters = 0;
  for (const row of rows) {
    const size = JSON.stringify(row).length;
    if (chunk.length > 0 && (chunk.length >= CHUNK || characters + size > CHUNK_CHARACTERS)) {
      chunks.push(chunk);
      chunk = [];
      characters = 0;
    }
    chunk.push(row);
    characters += size;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/**
 * Inserts rows a chunk at a time, without reading them back: TypeORM would otherwise fetch
 * the generated values with one `id = ? OR id = ?…` term per row, too deep for SQLite.
 */
export async function insertMany<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  rows: readonly QueryDeepPartialEntity<E>[],
): Promise<void> {
  for (const chunk of rowChunksOf(rows)) {
    await manager.createQueryBuilder().insert().into(entity).values(chunk).updateEntity(false).execute();
  }
}

/**
 * The rows whose `column` is one of `values`, read a chunk of values at a time; with `lock`
 * (`writeLock()`), locked for the rest of the caller's transaction.
 */
export async function findIn<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  column: keyof E & string,
  values: readonly unknown[],
  lock?: { mode: "pessimistic_write" },
): Promise<E[]> {
  const found: E[] = [];
  for (const chunk of chunksOf([...new Set(values)])) {
    const where = { [column]: In(chunk) } as FindOptionsWhere<E>;
    found.push(...(await manager.find(entity, lock ? { where, lock } : { where })));
  }
  return found;
}
