/**
 * Keyset (cursor) pagination shared by every list: a page is "the next `first` rows after this
 * (sort value, id)", so a page deep in a million rows costs the same as the first one.
 * Nulls always sort last, in both directions, the same way on MariaDB and SQLite.
 */
import type { ObjectLiteral, SelectQueryBuilder } from "typeorm";
import { badInput } from "./errors";
import { readDate } from "../database/sql";

export const MAX_PAGE_SIZE = 100;

export type SortValue = string | number | null;

interface CursorPayload {
  /** The sort this cursor was made for; a cursor is refused under another sort. */
  s: string;
  v: SortValue;
  i: number;
}

export function checkPageSize(first: number, argument = "first"): void {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badInput(argument, `${argument} must be between 1 and ${MAX_PAGE_SIZE}, got ${first}.`);
  }
}

export function encodeCursor(sortKey: string, value: SortValue, id: number): string {
  const payload: CursorPayload = { s: sortKey, v: value, i: id };
  return Buffer.from(JSON.stringify(payload)).toString("base64url");
}

export function decodeCursor(cursor: string, sortKey: string, argument = "after"): { value: SortValue; id: number } {
  let payload: Partial<CursorPayload>;
  try {
    payload = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as Partial<CursorPayload>;
  } catch {
    throw badInput(argument, `${argument} is not a cursor this API gave out.`);
  }
  const valueOk = payload.v === null || typeof payload.v === "string" || typeof payload.v === "number";
  if (typeof payload !== "object" || payload === null || !Number.isInteger(payload.i) || !valueOk) {
    throw badInput(argument, `${argument} is not a cursor this API gave out.`);
  }
  if (payload.s !== sortKey) {
    throw badInput(argument, `${argument} was made for another sort order; start again from the first page.`);
  }
  return { value: payload.v ?? null, id: payload.i as number };
}

export type Direction = "ASC" | "DESC";

export interface KeysetSort {
  /** A stable name for the sort, written into cursors. */
  key: string;
  /** A column or SQL expression (no user input) to sort by. */
  expression: string;
  idExpression: string;
  direction: Direction;
  /** Whether the expression can be NULL: such rows come last, after every row that has a value. */
  nullable: boolean;
  /** Dates travel in cursors as ISO text and are bound back as dates. */
  isDate?: boolean;
}

/**
 * Orders the query by the sort (then the id) and keeps only the rows past the cursor, in a form
 * an index on (expression, id) serves: a range on the expression, no expression around it. The
 * rows with a value and those without (nulls last) are two separate keyset scans, `withValues`
 * and its complement; `ORDER BY CASE WHEN x IS NULL …` would make MariaDB sort every matching row.
 * Selects the sort value as `sort_value` so the page's last row can make the next cursor.
 */
function applyKeyset<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  sort: KeysetSort,
  cursor: { value: SortValue; id: number } | null,
  withValues: boolean,
): SelectQueryBuilder<T> {
  const { expression, idExpression, direction } = sort;
  const beyond = direction === "ASC" ? ">" : "<";
  // In parentheses: TypeORM would take a bare "alias.column" as that column's own selection
  // and rename it, leaving the entity's property empty.
  query.addSelect(`(${expression})`, "sort_value");
  if (!withValues) {
    query.andWhere(`${expression} IS NULL`).orderBy(idExpression, direction);
    if (cursor) query.andWhere(`${idExpression} ${beyond} :cursorId`, { cursorId: cursor.id });
    return query;
  }
  if (sort.nullable) query.andWhere(`${expression} IS NOT NULL`);
  query.orderBy(expression, direction).addOrderBy(idExpression, direction);
  if (cursor) {
    const value = sort.isDate ? new Date(String(cursor.value)) : cursor.value;
    // "At or beyond the value" is the index range; the tie on the value is broken by the id.
    query.andWhere(
      `(${expression} ${beyond}= :cursorValue AND (${expression} ${beyond} :cursorValue OR ${idExpression} ${beyond} :cursorId))`,
      { cursorValue: value, cursorId: cursor.id },
    );
  }
  return query;
}

export interface Page<T> {
  nodes: T[];
  cursors: string[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

/**
 * Runs a keyset query for one page (fetching one row more to learn whether another page follows).
 * With a nullable sort, a page that runs out of rows with a value goes on with the rows without
 * one: a second statement, only on the page where the two meet.
 */
export function fetchPage<T extends ObjectLiteral & { id: number }>(
  query: SelectQueryBuilder<T>,
  sort: KeysetSort,
  first: number,
  after: string | null | undefined,
): Promise<Page<T>> {
  return pageReader(query, sort, first, after)();
}

/**
 * `fetchPage` in two steps: the page size and cursor are checked now (bad input is refused
 * whatever the client selects), the page is read when the returned function is called.
 */
export function pageReader<T extends ObjectLiteral & { id: number }>(
  query: SelectQueryBuilder<T>,
  sort: KeysetSort,
  first: number,
  after: string | null | undefined,
): () => Promise<Page<T>> {
  checkPageSize(first);
  const cursor = after ? decodeCursor(after, sort.key) : null;
  return () => readPage(query, sort, first, after, cursor);
}

async function readPage<T extends ObjectLiteral & { id: number }>(
  query: SelectQueryBuilder<T>,
  sort: KeysetSort,
  first: number,
  after: string | null | undefined,
  cursor: { value: SortValue; id: number } | null,
): Promise<Page<T>> {
  const inValues = cursor === null || cursor.value !== null;
  const rows: { entity: T; value: unknown }[] = [];
  const scan = async (scanQuery: SelectQueryBuilder<T>, withValues: boolean, scanCursor: typeof cursor) => {
    const { entities, raw } = await applyKeyset(scanQuery, sort, scanCursor, withValues)
      .limit(first + 1 - rows.length)
      .getRawAndEntities<{ sort_value: unknown }>();
    entities.forEach((entity, index) => rows.push({ entity, value: raw[index]?.sort_value ?? null }));
  };
  if (inValues) await scan(sort.nullable ? query.clone() : query, true, cursor);
  if (sort.nullable && rows.length <= first) await scan(query, false, inValues ? null : cursor);
  const page = rows.slice(0, first);
  const cursors = page.map(({ entity, value }) => {
    const cursorValue = value === null ? null : sort.isDate ? readDate(value)!.toISOString() : (value as SortValue);
    return encodeCursor(sort.key, typeof cursorValue === "bigint" ? Number(cursorValue) : cursorValue, entity.id);
  });
  return {
    nodes: page.map(({ entity }) => entity),
    cursors,
    hasNextPage: rows.length > first,
    hasPreviousPage: Boolean(after),
  };
}
