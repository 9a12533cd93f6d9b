/**
 * Per-person and per-organization aggregates and timelines. Every method takes many owners at
 * once, so DataLoader turns a page of people into one statement per aggregate, whatever its size.
 * Communications of trashed people are left out everywhere (they come back on restore).
 */
import type { DataSource, ObjectLiteral, SelectQueryBuilder } from "typeorm";
import { checkPageSize, decodeCursor, encodeCursor, type Page } from "../../common/pagination";
import { querySql, readDate, readNumber } from "../../database/sql";
import { User } from "../users/user.entity";
import { Communication } from "./communication.entity";
import { CommunicationKind, OPEN_TICKET_STATUSES } from "./communication.enums";
import { ContactStats } from "./contact-stats.type";

/** Whose communications: one person's, or those of an organization's current members. */
export type CommunicationOwner = "user" | "organization";

const ownerColumn: Record<CommunicationOwner, string> = {
  user: "c.userId",
  organization: "u.organizationId",
};

/** Communications count and show only while their person is out of the trash. */
const visibleAuthor = "u.id = c.userId AND u.state <> 'TRASHED'";
const fromVisible = `FROM \`communications\` c INNER JOIN \`users\` u ON ${visibleAuthor}`;

export interface TimelineQuery {
  owner: CommunicationOwner;
  ownerId: number;
  kinds: CommunicationKind[] | null;
  first: number;
  after: string | null;
}

const TIMELINE_SORT = "occurredAt-desc";

const kindCountField: Record<CommunicationKind, keyof ContactStats> = {
  [CommunicationKind.TICKET]: "ticketCount",
  [CommunicationKind.CHAT]: "chatCount",
  [CommunicationKind.CALL]: "callCount",
  [CommunicationKind.SURVEY]: "surveyCount",
  [CommunicationKind.POST]: "postCount",
};

interface StatsRow {
  owner: number;
  kind: CommunicationKind;
  total: unknown;
  openTickets: unknown;
  seconds: unknown;
  ratingSum: unknown;
  ratingCount: unknown;
  firstAt: unknown;
  lastAt: unknown;
}

export class CommunicationService {
  constructor(private readonly dataSource: DataSource) {}

  async statsOf(owner: CommunicationOwner, ownerIds: readonly number[]): Promise<ContactStats[]> {
    const stats = new Map(ownerIds.map((id) => [id, new ContactStats(owner, id)]));
    if (ownerIds.length === 0) return [];
    const column = ownerColumn[owner];
    const rows = await querySql<StatsRow>(
      this.dataSource,
      `SELECT ${column} AS owner, c.kind AS kind, COUNT(*) AS total,
              SUM(CASE WHEN c.kind = 'TICKET' AND LOWER(c.status) IN (:...openStatuses) THEN 1 ELSE 0 END) AS openTickets,
              SUM(CASE WHEN c.kind = 'CALL' THEN COALESCE(c.durationSeconds, 0) ELSE 0 END) AS seconds,
              SUM(CASE WHEN c.kind = 'SURVEY' THEN c.rating ELSE NULL END) AS ratingSum,
              COUNT(CASE WHEN c.kind = 'SURVEY' THEN c.rating ELSE NULL END) AS ratingCount,
              MIN(c.occurredAt) AS firstAt, MAX(c.occurredAt) AS lastAt
       ${fromVisible}
       WHERE ${column} IN (:...ownerIds)
       GROUP BY ${column}, c.kind`,
      { ownerIds, openStatuses: OPEN_TICKET_STATUSES },
    );
    const ratings = new Map<number, { sum: number; count: number }>();
    for (const row of rows) {
      const entry = stats.get(Number(row.owner))!;
      const total = readNumber(row.total);
      (entry[kindCountField[row.kind]] as number) += total;
      entry.totalCount += total;
      entry.openTicketCount += readNumber(row.openTickets);
      entry.totalCallSeconds += readNumber(row.seconds);
      const rating = ratings.get(Number(row.owner)) ?? { sum: 0, count: 0 };
      rating.sum += readNumber(row.ratingSum);
      rating.count += readNumber(row.ratingCount);
      ratings.set(Number(row.owner), rating);
      const firstAt = readDate(row.firstAt);
      const lastAt = readDate(row.lastAt);
      if (firstAt && (!entry.firstContactAt || firstAt < entry.firstContactAt)) entry.firstContactAt = firstAt;
      if (lastAt && (!entry.lastContactAt || lastAt > entry.lastContactAt)) entry.lastContactAt = lastAt;
    }
    for (const [id, rating] of ratings) {
      if (rating.count > 0) stats.get(id)!.averageRating = rating.sum / rating.count;
    }
    return ownerIds.map((id) => stats.get(id)!);
  }

  /** The agent of each owner's most recent communication that had one (read only when `lastAgent` is asked for). */
  async lastAgentsOf(owner: CommunicationOwner, ownerIds: readonly number[]): Promise<(number | null)[]> {
    const column = ownerColumn[owner];
    const rows = await this.newestPerOwner<{ owner: number; agentId: number }>(
      column,
      "c.agentId AS agentId",
      [`${column} IN (:...ownerIds)`, "c.agentId IS NOT NULL"],
      1,
      { ownerIds },
    );
    const agents = new Map(rows.map((row) => [Number(row.owner), Number(row.agentId)]));
    return ownerIds.map((id) => agents.get(id) ?? null);
  }

  /**
   * Each owner's newest visible communications matching `conditions`, at most `limit` per owner,
   * for many owners in one statement: a window function numbers each owner's rows.
   */
  private newestPerOwner<Row>(column: string, select: string, conditions: string[], limit: number, parameters: ObjectLiteral) {
    return querySql<Row>(
      this.dataSource,
      `SELECT ranked.* FROM (
         SELECT ${column} AS owner, ${select},
                ROW_NUMBER() OVER (PARTITION BY ${column} ORDER BY c.occurredAt DESC, c.id DESC) AS position
         ${fromVisible}
         WHERE ${conditions.join(" AND ")}
       ) ranked WHERE ranked.position <= :limit`,
      { ...parameters, limit },
    );
  }

  /**
   * Timelines, newest first, for many owners asking the same page shape. One owner (a profile,
   * an organization's page) is one ordered statement with a limit, which the (userId, occurredAt)
   * index serves; several (a list of people with their latest communications) are one statement
   * keeping `first + 1` rows per owner and a second loading them.
   */
  async timelinesOf(queries: readonly TimelineQuery[]): Promise<Page<Communication>[]> {
    if (queries.length === 0) return [];
    const { owner, kinds, first, after } = queries[0];
    checkPageSize(first);
    const column = ownerColumn[owner];
    const cursor = after ? decodeCursor(after, TIMELINE_SORT) : null;
    const conditions = [`${column} IN (:...ownerIds)`];
    if (kinds?.length) conditions.push("c.kind IN (:...kinds)");
    if (cursor) conditions.push("(c.occurredAt < :cursorAt OR (c.occurredAt = :cursorAt AND c.id < :cursorId))");
    const parameters = {
      ownerIds: queries.map((query) => query.ownerId),
      kinds,
      cursorAt: cursor ? new Date(String(cursor.value)) : null,
      cursorId: cursor?.id,
    };
    const newestFirst = (query: SelectQueryBuilder<Communication>) =>
      query.orderBy("c.occurredAt", "DESC").addOrderBy("c.id", "DESC");
    let communications: Communication[];
    let ownerOf: (communication: Communication) => number;
    if (queries.length === 1) {
      communications = await newestFirst(
        this.dataSource
          .getRepository(Communication)
          .createQueryBuilder("c")
          .innerJoin(User, "u", visibleAuthor)
          .where(conditions.join(" AND "), parameters),
      )
        .limit(first + 1)
        .getMany();
      ownerOf = () => queries[0].ownerId;
    } else {
      const ids = await this.newestPerOwner<{ owner: number; id: number }>(
        column,
        "c.id AS id",
        conditions,
        first + 1,
        parameters,
      );
      communications = ids.length
        ? await newestFirst(
            this.dataSource
              .getRepository(Communication)
              .createQueryBuilder("c")
              .where("c.id IN (:...ids)", { ids: ids.map((row) => Number(row.id)) }),
          ).getMany()
        : [];
      const owners = new Map(ids.map((row) => [Number(row.id), Number(row.owner)]));
      ownerOf = (communication) => owners.get(communication.id)!;
    }
    return queries.map((query) => {
      const rows = communications.filter((communication) => ownerOf(communication) === query.ownerId);
      const nodes = rows.slice(0, first);
      return {
        nodes,
        cursors: nodes.map((node) => encodeCursor(TIMELINE_SORT, node.occurredAt.toISOString(), node.id)),
        hasNextPage: rows.length > first,
        hasPreviousPage: Boolean(after),
      };
    });
  }

  async countsOf(owner: CommunicationOwner, kinds: CommunicationKind[] | null, ownerIds: readonly number[]): Promise<number[]> {
    const column = ownerColumn[owner];
    const rows = await querySql<{ owner: number; total: unknown }>(
      this.dataSource,
      `SELECT ${column} AS owner, COUNT(*) AS total ${fromVisible}
       WHERE ${column} IN (:...ownerIds) ${kinds?.length ? "AND c.kind IN (:...kinds)" : ""}
       GROUP BY ${column}`,
      { ownerIds, kinds },
    );
    const totals = new Map(rows.map((row) => [Number(row.owner), readNumber(row.total)]));
    return ownerIds.map((id) => totals.get(id) ?? 0);
  }
}
