/**
 * What reads of Users and Groups share: a list (RFC 7644 §3.4.2) is the filter compiled to SQL,
 * totalResults counted, then one page read by `startIndex`/`count` in the order asked, the id
 * breaking ties; one resource is the row of its id.
 */
import type { EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral, SelectQueryBuilder } from "typeorm";
import type { Dialect } from "../../database/data-source";
import type { Actor } from "../audit/actor";
import { MAX_RESULTS, SCIM } from "./scim-discovery";
import { compileScimFilter, sortExpression, type ScimResourceSql } from "./scim-filter";

export interface ScimListQuery {
  filter?: string;
  /** 1-based. */
  startIndex: number;
  count: number;
  sortBy?: string;
  sortOrder: "ascending" | "descending";
}

export interface ScimList<Resource> {
  schemas: [typeof SCIM.listResponse];
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: Resource[];
}

/** What a read is answered for: the base URL the caller reached, the request's time, and which top-level attributes it asked for. */
export interface ScimReading {
  baseUrl: string;
  now: Date;
  returned(attribute: string): boolean;
}

/** What /scim/v2 serves of each resource type (scim.endpoint.ts routes them alike). */
export interface ScimResourceService<Resource> {
  list(query: ScimListQuery, reading: ScimReading): Promise<ScimList<Resource>>;
  get(id: string, reading: ScimReading): Promise<Resource>;
  create(actor: Actor, body: unknown, baseUrl: string, now: Date): Promise<Resource>;
  replace(actor: Actor, id: string, body: unknown, ifMatch: string | undefined, baseUrl: string, now: Date): Promise<Resource>;
  patch(actor: Actor, id: string, body: unknown, ifMatch: string | undefined, baseUrl: string, now: Date): Promise<Resource>;
  delete(actor: Actor, id: string, ifMatch: string | undefined, now: Date): Promise<void>;
}

/** The page of rows `query` asks of `rows` (a query builder over the resource's table, aliased as `resource` expects). */
export async function readPage<Row extends ObjectLiteral>(
  rows: SelectQueryBuilder<Row>,
  query: ScimListQuery,
  resource: ScimResourceSql,
  dialect: Dialect,
  now: Date,
): Promise<{ totalResults: number; startIndex: number; page: Row[] }> {
  if (query.filter !== undefined) {
    const { condition, parameters } = compileScimFilter(query.filter, resource, dialect, now);
    rows.andWhere(condition, parameters);
  }
  const totalResults = await rows.getCount();
  const count = Math.min(Math.max(query.count, 0), MAX_RESULTS);
  const startIndex = Math.max(query.startIndex, 1);
  if (count === 0 || startIndex > totalResults) return { totalResults, startIndex, page: [] };
  const direction = query.sortOrder === "descending" ? "DESC" : "ASC";
  const page = await rows
    .orderBy(query.sortBy === undefined ? resource.id : sortExpression(query.sortBy, resource), direction)
    .addOrderBy(resource.id, direction)
    .offset(startIndex - 1)
    .limit(count)
    .getMany();
  return { totalResults, startIndex, page };
}

/** The row a SCIM id names, locked when `lock` is given; null for an id Roster never gives (so malformed ids read as unknown ones). */
export async function rowOfId<Row extends { id: number }>(
  manager: EntityManager,
  entity: EntityTarget<Row>,
  id: string,
  lock: { mode: "pessimistic_write" } | undefined,
): Promise<Row | null> {
  if (!/^[1-9]\d{0,9}$/.test(id)) return null;
  const where = { id: Number(id) } as FindOptionsWhere<Row>;
  return manager.findOne(entity, lock ? { where, lock } : { where });
}
