import { In, IsNull, Not, type DataSource, type EntityManager, type SelectQueryBuilder } from "typeorm";
import { manyPer, onePer } from "../../common/batch";
import { fetchPage, type KeysetSort, type Page } from "../../common/pagination";
import { TEXT_BYTES, truncateToWidth, WIDTH } from "../../common/widths";
import { insertMany } from "../../database/sql";
import { BulkJob } from "../bulk-jobs/bulk-job.entity";
import type { UserState } from "../users/user.enums";
import type { Actor } from "./actor";
import { AuditEvent } from "./audit-event.entity";
import { AuditTarget, type ActorType, type AuditAction } from "./audit.enums";

export interface AuditEntry {
  action: AuditAction;
  /** Default: a person. */
  targetType?: AuditTarget;
  targetId: number;
  fromState?: UserState | null;
  toState?: UserState | null;
  reason?: string | null;
  details?: Record<string, unknown> | null;
}

export interface AuditFilter {
  actorType?: ActorType | null;
  actorId?: number | null;
  actions?: AuditAction[] | null;
  targetType?: AuditTarget | null;
  targetId?: number | null;
  since?: Date | null;
  until?: Date | null;
  /** Only the events this bulk job wrote. */
  bulkJobId?: number | null;
  /**
   * One entry per bulk job (its first event matching the other filters) instead of one per
   * person. Not with targetId or bulkJobId: a person's history and a job's rows list each event.
   */
  groupBulkJobs?: boolean;
}

/** What an audit event names: a person, organization or role, by id. */
export interface TargetKey {
  type: AuditTarget;
  id: number;
}

// The current name of each kind of target, by table; a name outlives neither erasure nor deletion.
const NAME_SQL: Record<AuditTarget, string> = {
  [AuditTarget.USER]: "SELECT 'USER' AS type, id, displayName AS name FROM users",
  [AuditTarget.ORGANIZATION]: "SELECT 'ORGANIZATION' AS type, id, name FROM organizations",
  [AuditTarget.ROLE]: "SELECT 'ROLE' AS type, id, name FROM roles",
};

const NEWEST_FIRST: KeysetSort = {
  key: "occurredAt-DESC",
  expression: "e.occurredAt",
  idExpression: "e.id",
  direction: "DESC",
  nullable: false,
  isDate: true,
};

export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  /** Records an event through the caller's transaction, so it commits with the change or not at all. */
  async record(manager: EntityManager, actor: Actor, entry: AuditEntry, now: Date): Promise<void> {
    await manager.insert(AuditEvent, this.eventOf(actor, entry, now));
  }

  private eventOf(actor: Actor, entry: AuditEntry, now: Date): Partial<AuditEvent> {
    return {
      action: entry.action,
      actorType: actor.type,
      actorId: actor.id,
      actorName: truncateToWidth(actor.name, WIDTH.audit.actorName),
      targetType: entry.targetType ?? AuditTarget.USER,
      targetId: entry.targetId,
      fromState: entry.fromState ?? null,
      toState: entry.toState ?? null,
      reason: entry.reason ?? null,
      details: entry.details ? detailsWithin(entry.details) : null,
      occurredAt: now,
      bulkJobId: actor.bulkJobId ?? null,
    };
  }

  /** Many events in one statement, through the caller's transaction (an import's batch). */
  async recordMany(manager: EntityManager, actor: Actor, entries: readonly AuditEntry[], now: Date): Promise<void> {
    if (entries.length === 0) return;
    await insertMany(
      manager,
      AuditEvent,
      entries.map((entry) => this.eventOf(actor, entry, now)),
    );
  }

  /** Each person's state transitions (the events that set a state), oldest first. */
  async stateHistoryOf(userIds: readonly number[]): Promise<AuditEvent[][]> {
    const events = await this.dataSource.getRepository(AuditEvent).find({
      where: { targetType: AuditTarget.USER, targetId: In([...userIds]), toState: Not(IsNull()) },
      order: { occurredAt: "ASC", id: "ASC" },
    });
    return manyPer(userIds, events, (event) => event.targetId);
  }

  /** The targets' current names, in key order (null for one that is gone), in one statement of as many parts as kinds. */
  async namesOf(keys: readonly TargetKey[]): Promise<(string | null)[]> {
    const parts: string[] = [];
    const parameters: number[] = [];
    for (const type of Object.values(AuditTarget)) {
      const ids = [...new Set(keys.filter((key) => key.type === type).map((key) => key.id))];
      if (ids.length === 0) continue;
      parts.push(`${NAME_SQL[type]} WHERE id IN (${ids.map(() => "?").join(", ")})`);
      parameters.push(...ids);
    }
    const rows = (await this.dataSource.query(parts.join(" UNION ALL "), parameters)) as {
      type: string;
      id: number;
      name: string;
    }[];
    // MariaDB may hand ids back as strings or bigints: the key is made from numbers on both sides.
    return onePer(keys.map(targetKey), rows, (row) => `${row.type}:${Number(row.id)}`).map((row) => row?.name ?? null);
  }

  async bulkJobsOf(ids: readonly number[]): Promise<(BulkJob | null)[]> {
    const jobs = await this.dataSource.getRepository(BulkJob).findBy({ id: In([...ids]) });
    return onePer(ids, jobs, (job) => job.id);
  }

  /** A page of the log, newest first. */
  page(filter: AuditFilter, first: number, after: string | null | undefined): Promise<Page<AuditEvent>> {
    return fetchPage(this.filtered(filter), NEWEST_FIRST, first, after);
  }

  count(filter: AuditFilter): Promise<number> {
    return this.filtered(filter).getCount();
  }

  private filtered(filter: AuditFilter): SelectQueryBuilder<AuditEvent> {
    const query = this.dataSource.getRepository(AuditEvent).createQueryBuilder("e");
    const conditions = conditionsOn("e", filter);
    conditions.forEach((condition) => query.andWhere(condition));
    if (filter.groupBulkJobs && !filter.targetId && !filter.bulkJobId) {
      // A job's entry is its first event that the filters keep: a row of the table like any other,
      // so the keyset pages over the grouped list exactly as over the plain one, and a job
      // still running keeps its entry (and place) as it writes more.
      const first = ["g.bulkJobId IS NOT NULL", ...conditionsOn("g", filter)].join(" AND ");
      query.andWhere(
        `(e.bulkJobId IS NULL OR e.id IN (SELECT MIN(g.id) FROM audit_events g WHERE ${first} GROUP BY g.bulkJobId))`,
      );
    }
    return query.setParameters({
      actorType: filter.actorType,
      actorId: filter.actorId,
      actions: filter.actions ? [...new Set(filter.actions)] : [],
      targetType: filter.targetType,
      targetId: filter.targetId,
      since: filter.since,
      until: filter.until,
      bulkJobId: filter.bulkJobId,
    });
  }
}

const targetKey = (key: TargetKey): string => `${key.type}:${key.id}`;

/** The filter's conditions on the events aliased `alias`, over the named parameters `filtered` sets. */
function conditionsOn(alias: string, filter: AuditFilter): string[] {
  const conditions: string[] = [];
  if (filter.actorType) conditions.push(`${alias}.actorType = :actorType`);
  if (filter.actorId) conditions.push(`${alias}.actorId = :actorId`);
  if (filter.actions?.length) conditions.push(`${alias}.action IN (:...actions)`);
  if (filter.targetType) conditions.push(`${alias}.targetType = :targetType`);
  if (filter.targetId) conditions.push(`${alias}.targetId = :targetId`);
  if (filter.since) conditions.push(`${alias}.occurredAt >= :since`);
  if (filter.until) conditions.push(`${alias}.occurredAt < :until`);
  if (filter.bulkJobId) conditions.push(`${alias}.bulkJobId = :bulkJobId`);
  return conditions;
}

/**
 * The details as JSON within a `text` column: an import that changes forty long attributes must
 * not fail on its own audit event. When the whole does not fit, long texts in it are cut (with
 * "…"), shorter and shorter until it does; the event still says which fields changed.
 */
function detailsWithin(details: Record<string, unknown>): string {
  let json = JSON.stringify(details);
  for (let cap = 1000; Buffer.byteLength(json) > TEXT_BYTES; cap = Math.floor(cap / 2)) {
    if (cap === 0) return JSON.stringify({ omitted: "The details were too large to keep." });
    json = JSON.stringify(details, (_key, value: unknown) =>
      typeof value === "string" && value.length > cap ? truncateToWidth(value, cap) : value,
    );
  }
  return json;
}
