import { In, IsNull, Not, type DataSource, type EntityManager, type SelectQueryBuilder } from "typeorm";
import { manyPer } from "../../common/batch";
import { fetchPage, type KeysetSort, type Page } from "../../common/pagination";
import { TEXT_BYTES, truncateToWidth, WIDTH } from "../../common/widths";
import { insertMany } from "../../database/sql";
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
}

const NEWEST_FIRST: KeysetSort = {
  key: "occurredAt-DESC",
  expression: "e.occurredAt",
  idExpression: "e.id",
  direction: "DESC",
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

  /** A page of the log, newest first. */
  page(filter: AuditFilter, first: number, after: string | null | undefined): Promise<Page<AuditEvent>> {
    return fetchPage(this.filtered(filter), NEWEST_FIRST, first, after);
  }

  count(filter: AuditFilter): Promise<number> {
    return this.filtered(filter).getCount();
  }

  private filtered(filter: AuditFilter): SelectQueryBuilder<AuditEvent> {
    const query = this.dataSource.getRepository(AuditEvent).createQueryBuilder("e");
    if (filter.actorType) query.andWhere("e.actorType = :actorType", { actorType: filter.actorType });
    if (filter.actorId) query.andWhere("e.actorId = :actorId", { actorId: filter.actorId });
    if (filter.actions?.length) query.andWhere("e.action IN (:...actions)", { actions: [...new Set(filter.actions)] });
    if (filter.targetType) query.andWhere("e.targetType = :targetType", { targetType: filter.targetType });
    if (filter.targetId) query.andWhere("e.targetId = :targetId", { targetId: filter.targetId });
    if (filter.since) query.andWhere("e.occurredAt >= :since", { since: filter.since });
    if (filter.until) query.andWhere("e.occurredAt < :until", { until: filter.until });
    return query;
  }
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
