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
  /** Dates travel in cursors as ISO text and are bound back as dates. */
  isDate?: boolean;
}

/**
 * Orders the query by the sort and, after a cursor, keeps only the rows past it. Selects the
 * sort value as `sort_value` so the page's last row can make the next cursor.
 */
export function applyKeyset<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  sort: KeysetSort,
  after: string | null | undefined,
): SelectQueryBuilder<T> {
  const { expression, idExpression, direction } = sort;
  const beyond = direction === "ASC" ? ">" : "<";
  query
    // In parentheses: TypeORM would take a bare "alias.column" as that column's own selection
    // and rename it, leaving the entity's property empty.
    .addSelect(`(${expression})`, "sort_value")
    .orderBy(`CASE WHEN ${expression} IS NULL THEN 1 ELSE 0 END`, "ASC")
    .addOrderBy(expression, direction)
    .addOrderBy(idExpression, direction);
  if (after) {
    const cursor = decodeCursor(after, sort.key);
    if (cursor.value === null) {
      query.andWhere(`(${expression} IS NULL AND ${idExpression} ${beyond} :cursorId)`, { cursorId: cursor.id });
    } else {
      const value = sort.isDate ? new Date(String(cursor.value)) : cursor.value;
      query.andWhere(
        `(${expression} IS NULL OR ${expression} ${beyond} :cursorValue OR (${expression} = :cursorValue AND ${idExpression} ${beyond} :cursorId))`,
        { cursorValue: value, cursorId: cursor.id },
      );
    }
  }
  return query;
}

export interface Page<T> {
  nodes: T[];
  cursors: string[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

/** Runs a keyset query for one page (fetching one row more to learn whether another page follows). */
export async function fetchPage<T extends ObjectLiteral & { id: number }>(
  query: SelectQueryBuilder<T>,
  sort: KeysetSort,
  first: number,
  after: string | null | undefined,
): Promise<Page<T>> {
  checkPageSize(first);
  const { entities, raw } = await applyKeyset(query, sort, after)
    .limit(first + 1)
    .getRawAndEntities<{ sort_value: unknown }>();
  const rows = entities.slice(0, first);
  const cursors = rows.map((row, index) => {
    const rawValue = raw[index]?.sort_value ?? null;
    const value = rawValue === null ? null : sort.isDate ? readDate(rawValue)!.toISOString() : (rawValue as SortValue);
    return encodeCursor(sort.key, typeof value === "bigint" ? Number(value) : value, row.id);
  });
  return { nodes: rows, cursors, hasNextPage: entities.length > first, hasPreviousPage: Boolean(after) };
}
