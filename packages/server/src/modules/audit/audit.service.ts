import { In, IsNull, Not, type DataSource, type EntityManager } from "typeorm";
import { manyPer } from "../../common/batch";
import type { UserState } from "../users/user.enums";
import type { Actor } from "./actor";
import { AuditEvent } from "./audit-event.entity";
import { AuditTarget, type AuditAction } from "./audit.enums";

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

export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  /** Records an event through the caller's transaction, so it commits with the change or not at all. */
  async record(manager: EntityManager, actor: Actor, entry: AuditEntry, now: Date): Promise<void> {
    await manager.insert(AuditEvent, {
      action: entry.action,
      actorType: actor.type,
      actorId: actor.id,
      actorName: actor.name.slice(0, 200),
      targetType: entry.targetType ?? AuditTarget.USER,
      targetId: entry.targetId,
      fromState: entry.fromState ?? null,
      toState: entry.toState ?? null,
      reason: entry.reason ?? null,
      details: entry.details ? JSON.stringify(entry.details) : null,
      occurredAt: now,
    });
  }

  /** Each person's state transitions (the events that set a state), oldest first. */
  async stateHistoryOf(userIds: readonly number[]): Promise<AuditEvent[][]> {
    const events = await this.dataSource.getRepository(AuditEvent).find({
      where: { targetType: AuditTarget.USER, targetId: In([...userIds]), toState: Not(IsNull()) },
      order: { occurredAt: "ASC", id: "ASC" },
    });
    return manyPer(userIds, events, (event) => event.targetId);
  }
}
