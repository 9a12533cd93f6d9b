/**
 * segment.entered / segment.left for a webhook with a saved segment. The webhook keeps the
 * members it last saw (webhook_segment_members); the dispatcher compares them with the segment
 * evaluated now, in the transaction that fans feed events out and moves the cursor
 * (webhook-dispatcher.ts), so a crossing is queued exactly once, after the events that caused it:
 * - after each batch of feed events, for the people the batch names (a state, role, organization
 *   or attribute change, a recorded communication, a deletion): one `u.id IN (…)` evaluation;
 * - every REEVALUATE_MS of the dispatcher's clock, over everyone, for what changes with no event
 *   naming the person: time (`lastLoginAt < now-90d`, `tickets.last < now-30d`, a temporary ban
 *   ending by itself), sign-ins (`lastLoginAt`, `loginCount`, `withoutLogin`), an organization's
 *   fields, domains or member count (`org.*`), a role renamed, the saved query edited. Every
 *   segment is re-evaluated, not only those that name `now`: most fields can change one of these
 *   ways, and a second catalog of which field changes how would drift from the compiler's.
 *   It costs one evaluation of the segment, two set differences against the stored members, and
 *   writes only for the people whose membership changed (README, Webhooks, gives the figure).
 * A person with feed events past the batch (committed after it, or not yet sequenced) is left to
 * the batch that carries their last event, so their crossing never goes out before the change
 * that caused it. Someone who crosses and crosses back between two evaluations sends nothing.
 * Members are kept whether or not the webhook subscribes to the two events, so subscribing later
 * (updateWebhook) starts from the right members.
 */
import type { EntityManager } from "typeorm";
import { chunksOf, insertMany, querySql, readNumber, type SqlCondition } from "../../database/sql";
import { ChangeType } from "../changes/change.enums";
import { payloadOf } from "../changes/change.service";
import { Segment } from "../segments/segment.entity";
import type { SegmentService } from "../segments/segment.service";
import { WebhookSegmentMember } from "./webhook-segment-member.entity";
import type { Webhook } from "./webhook.entity";

/** How often a webhook's segment is evaluated over everyone, on the dispatcher's clock. */
export const REEVALUATE_MS = 60_000;

/** A person who started or stopped matching, and the body that says so. */
export interface SegmentCrossing {
  type: ChangeType.SEGMENT_ENTERED | ChangeType.SEGMENT_LEFT;
  personId: number;
  payload: string;
}

/** Whether the webhook's segment is due to be evaluated over everyone (the dispatcher claims it for this too). */
export function reevaluationDue(webhook: Webhook, now: Date): boolean {
  return (
    webhook.segmentId !== null &&
    (webhook.segmentEvaluatedAt === null || webhook.segmentEvaluatedAt.getTime() <= now.getTime() - REEVALUATE_MS)
  );
}

// A person with events past `cursor`: their last event's batch evaluates them. `person` is the SQL of their id.
const laterEvents = (person: string) =>
  `EXISTS (SELECT 1 FROM change_events c WHERE c.personId = ${person} AND (c.position IS NULL OR c.position > :cursor))`;

export class WebhookSegments {
  constructor(private readonly segments: SegmentService) {}

  /**
   * The webhook's members set to its segment's members now, with no events: what a new
   * subscription, or one given another segment, compares with from then on.
   */
  async baseline(manager: EntityManager, webhook: Pick<Webhook, "id" | "segmentId">, now: Date): Promise<void> {
    await manager.delete(WebhookSegmentMember, { webhookId: webhook.id });
    const segment = await this.segmentOf(manager, webhook.segmentId, now);
    if (!segment) return;
    await querySql(
      manager,
      `INSERT INTO webhook_segment_members (webhookId, userId, segmentId)
       SELECT :webhookId, u.id, :segmentId FROM users u WHERE ${segment.condition}`,
      { ...segment.parameters, webhookId: webhook.id, segmentId: segment.id },
    );
  }

  /**
   * The crossings of the people a batch of feed events names, everything up to `cursor` having
   * been read; their stored membership is brought up to date.
   */
  async afterBatch(
    manager: EntityManager,
    webhook: Webhook,
    personIds: readonly number[],
    cursor: number,
    now: Date,
  ): Promise<SegmentCrossing[]> {
    if (personIds.length === 0) return [];
    const segment = await this.segmentOf(manager, webhook.segmentId, now);
    if (!segment) return [];
    const matching: number[] = [];
    const stored: number[] = [];
    for (const ids of chunksOf([...new Set(personIds)])) {
      const parameters = { ...segment.parameters, ids, cursor, webhookId: webhook.id };
      const settled = `u.id IN (:...ids) AND NOT ${laterEvents("u.id")}`;
      matching.push(
        ...(await this.ids(manager, `SELECT u.id FROM users u WHERE ${settled} AND ${segment.condition}`, parameters)),
      );
      stored.push(
        ...(await this.ids(
          manager,
          `SELECT m.userId AS id FROM webhook_segment_members m
           WHERE m.webhookId = :webhookId AND m.userId IN (:...ids) AND NOT ${laterEvents("m.userId")}`,
          parameters,
        )),
      );
    }
    const before = new Set(stored);
    const after = new Set(matching);
    return this.apply(
      manager,
      webhook.id,
      segment.id,
      matching.filter((id) => !before.has(id)),
      stored.filter((id) => !after.has(id)),
      now,
    );
  }

  /**
   * The crossings of everyone since the last evaluation, as two set differences between the
   * segment and the stored members: one evaluation of the segment, and rows only for the people
   * whose membership changed.
   */
  async reevaluate(manager: EntityManager, webhook: Webhook, cursor: number, now: Date): Promise<SegmentCrossing[]> {
    const segment = await this.segmentOf(manager, webhook.segmentId, now);
    if (!segment) return [];
    const parameters = { ...segment.parameters, cursor, webhookId: webhook.id };
    const entered = await this.ids(
      manager,
      `SELECT u.id FROM users u
       WHERE ${segment.condition}
         AND NOT EXISTS (SELECT 1 FROM webhook_segment_members m WHERE m.webhookId = :webhookId AND m.userId = u.id)
         AND NOT ${laterEvents("u.id")}`,
      parameters,
    );
    const left = await this.ids(
      manager,
      `SELECT m.userId AS id FROM webhook_segment_members m
       WHERE m.webhookId = :webhookId
         AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = m.userId AND ${segment.condition})
         AND NOT ${laterEvents("m.userId")}`,
      parameters,
    );
    return this.apply(manager, webhook.id, segment.id, entered, left, now);
  }

  /** Stores the new membership and answers the crossings, each person once. */
  private async apply(
    manager: EntityManager,
    webhookId: number,
    segmentId: number,
    entered: readonly number[],
    left: readonly number[],
    now: Date,
  ): Promise<SegmentCrossing[]> {
    await insertMany(
      manager,
      WebhookSegmentMember,
      entered.map((userId) => ({ webhookId, userId, segmentId })),
    );
    for (const ids of chunksOf(left)) {
      await querySql(manager, "DELETE FROM webhook_segment_members WHERE webhookId = :webhookId AND userId IN (:...ids)", {
        webhookId,
        ids,
      });
    }
    const crossing = (type: SegmentCrossing["type"]) => (personId: number) => ({
      type,
      personId,
      payload: payloadOf({
        type,
        occurredAt: now,
        data: JSON.stringify({ id: String(personId), segmentId: String(segmentId) }),
      }),
    });
    return [...entered.map(crossing(ChangeType.SEGMENT_ENTERED)), ...left.map(crossing(ChangeType.SEGMENT_LEFT))];
  }

  /** The saved segment's condition on `users u` as of `now`; null when there is none (or it was deleted). */
  private async segmentOf(
    manager: EntityManager,
    segmentId: number | null,
    now: Date,
  ): Promise<(SqlCondition & { id: number }) | null> {
    if (segmentId === null) return null;
    const segment = await manager.findOneBy(Segment, { id: segmentId });
    return segment ? { id: segment.id, ...this.segments.filterForText(segment.query, now).conditions[0] } : null;
  }

  private async ids(manager: EntityManager, sql: string, parameters: Record<string, unknown>): Promise<number[]> {
    return (await querySql<{ id: unknown }>(manager, sql, parameters)).map((row) => readNumber(row.id));
  }
}
