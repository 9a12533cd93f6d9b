/**
 * Delivers the change feed to webhooks, as a kind of job of the job runner (modules/jobs): each
 * active subscription with work due is claimed under a lease (one process delivers it at a time)
 * and driven batch by batch:
 * 1. its next feed events go into its delivery queue and its cursor moves past them, in one
 *    transaction (the queue is what survives a restart), with the segment.entered / segment.left
 *    of a webhook with a saved segment (webhook-segments.ts) queued after them;
 * 2. the due deliveries at the head of each person's queue are POSTed, several people at once,
 *    outside any transaction; the outcomes are written in one transaction.
 * A delivery is PENDING until a 2xx is written for it, so a process that dies mid-send leaves it
 * to be sent again (at least once). One person's deliveries go one after another, in feed order.
 * A failure is retried with exponential backoff and jitter for 24 hours, then FAILED, and the
 * subscription is disabled and its owner emailed.
 */
import type { DataSource, EntityManager } from "typeorm";
import { logger } from "../../common/logger";
import { insertMany, querySql, readNumber } from "../../database/sql";
import { ChangeEvent } from "../changes/change-event.entity";
import { payloadOf, type ChangeService } from "../changes/change.service";
import type { JobSource } from "../jobs/job-runner";
import type { MailService } from "../mail/mail.service";
import { User } from "../users/user.entity";
import { send, type SendResult, type SendSettings } from "./webhook-sender";
import { signedHeaders } from "./webhook-signature";
import { Webhook, WebhookDelivery } from "./webhook.entity";
import { WebhookDeliveryStatus } from "./webhook.enums";
import { REEVALUATE_MS, reevaluationDue, type WebhookSegments } from "./webhook-segments";
import { eventsOf, RETRY_WINDOW_MS } from "./webhook.service";

/** Feed events taken into a queue per batch. */
const FAN_OUT = 500;
/** Deliveries sent at once per batch (each to a different person). */
const PARALLEL = 10;
/**
 * How long one claim of a subscription holds the job runner: it runs one job at a time, so a
 * webhook under a steady stream of changes gives the other jobs (and webhooks) their turn.
 */
const SLICE_MS = 2_000;
const FIRST_RETRY_MS = 5_000;
const MAX_RETRY_MS = 3_600_000;

export class WebhookDispatcher implements JobSource {
  /** When each subscription this process holds was claimed (wall clock). */
  private readonly claimedAt = new Map<number, number>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: ChangeService,
    private readonly mail: MailService,
    private readonly segments: WebhookSegments,
    private readonly settings: SendSettings,
  ) {}

  /** A subscription with events past its cursor, deliveries due or its segment to evaluate, whose lease is free. */
  async claim(leaseUntil: Date, wallClock: Date, now: Date): Promise<{ id: number } | null> {
    await this.changes.sequence();
    const candidates = await querySql<{ id: unknown; leaseUntil: unknown }>(
      this.dataSource,
      `SELECT w.id, w.leaseUntil FROM webhooks w
       WHERE w.active = :active AND (w.leaseUntil IS NULL OR w.leaseUntil < :wallClock)
         AND (w.cursor < (SELECT s.lastPosition FROM change_sequence s WHERE s.id = 1)
           OR EXISTS (SELECT 1 FROM webhook_deliveries d
                      WHERE d.webhookId = w.id AND d.status = :pending AND d.nextAttemptAt <= :now)
           OR (w.segmentId IS NOT NULL AND (w.segmentEvaluatedAt IS NULL OR w.segmentEvaluatedAt <= :evaluatedBefore)))
       ORDER BY w.id LIMIT 5`,
      {
        active: true,
        wallClock,
        now,
        pending: WebhookDeliveryStatus.PENDING,
        evaluatedBefore: new Date(now.getTime() - REEVALUATE_MS),
      },
    );
    for (const candidate of candidates) {
      const id = readNumber(candidate.id);
      const held = candidate.leaseUntil === null ? "leaseUntil IS NULL" : "leaseUntil = :held";
      // Taken only over the lease as read: of two processes, one wins.
      const result = await this.dataSource
        .createQueryBuilder()
        .update(Webhook)
        .set({ leaseUntil })
        .where(`id = :id AND ${held}`, { id, held: candidate.leaseUntil })
        .execute();
      if (result.affected) {
        this.claimedAt.set(id, Date.now());
        return { id };
      }
    }
    return null;
  }

  async runBatch(id: number, leaseUntil: Date, now: Date): Promise<boolean> {
    const webhook = await this.dataSource.getRepository(Webhook).findOneBy({ id });
    if (!webhook?.active) {
      await this.release(id);
      return false;
    }
    const queued = await this.fanOut(webhook, leaseUntil, now);
    const due = await this.due(webhook, now);
    if (due.length) await this.deliver(webhook, due, now);
    const sliceOver = Date.now() - (this.claimedAt.get(id) ?? 0) > SLICE_MS;
    if ((queued || due.length) && !sliceOver) return true;
    // Released even with work left: the runner's next round claims it again, after the other jobs.
    await this.release(id);
    return false;
  }

  async release(id: number): Promise<void> {
    this.claimedAt.delete(id);
    await this.dataSource.getRepository(Webhook).update({ id }, { leaseUntil: null });
  }

  /**
   * A batch that cannot be written (past the runner's retries): the lease is kept, so the
   * subscription is taken up again when it lapses, not at once in a loop. It has no FAILED state.
   */
  async fail(id: number, error: string): Promise<void> {
    this.claimedAt.delete(id);
    logger.error({ webhookId: id, reason: error }, "webhook delivery batch failed");
  }

  /**
   * Queues the subscription's next feed events, then its segment crossings, and moves its cursor
   * past them; answers how many events were read.
   */
  private async fanOut(webhook: Webhook, leaseUntil: Date, now: Date): Promise<number> {
    const types = new Set<string>(eventsOf(webhook));
    return this.dataSource.transaction(async (manager) => {
      const events = await manager
        .getRepository(ChangeEvent)
        .createQueryBuilder("c")
        .where("c.position > :cursor", { cursor: webhook.cursor })
        .orderBy("c.position", "ASC")
        .limit(FAN_OUT)
        .getMany();
      const cursor = events.at(-1)?.position ?? webhook.cursor;
      const reevaluate = reevaluationDue(webhook, now);
      // Only over the cursor (and segment) as read: another process that queued the same events
      // meanwhile wins, and a webhook given another segment meanwhile is read again.
      const sameSegment = webhook.segmentId === null ? "segmentId IS NULL" : "segmentId = :segmentId";
      const moved = await manager
        .createQueryBuilder()
        .update(Webhook)
        .set({ cursor, leaseUntil, ...(reevaluate ? { segmentEvaluatedAt: now } : {}) })
        .where(`id = :id AND cursor = :read AND ${sameSegment}`, {
          id: webhook.id,
          read: webhook.cursor,
          segmentId: webhook.segmentId,
        })
        .execute();
      if (!moved.affected) return 0;
      const personIds = events.flatMap((event) => (event.personId !== null ? [event.personId] : []));
      // After the batch's own events (a higher id in the person's queue): a crossing follows its cause.
      const crossings = [
        ...(await this.segments.afterBatch(manager, webhook, personIds, cursor, now)),
        ...(reevaluate ? await this.segments.reevaluate(manager, webhook, cursor, now) : []),
      ];
      const deliveries = [
        ...events.map((event) => ({
          changeEventId: event.id,
          type: event.type,
          orderKey: event.personId !== null ? `PERSON:${event.personId}` : `${event.subjectType}:${event.subjectId}`,
          payload: payloadOf(event),
        })),
        ...crossings.map((crossing) => ({
          changeEventId: null,
          type: crossing.type,
          orderKey: `PERSON:${crossing.personId}`,
          payload: crossing.payload,
        })),
      ]
        .filter((delivery) => types.has(delivery.type))
        .map((delivery) => ({
          ...delivery,
          webhookId: webhook.id,
          status: WebhookDeliveryStatus.PENDING,
          attempts: 0,
          nextAttemptAt: now,
          retryUntil: new Date(now.getTime() + RETRY_WINDOW_MS),
          createdAt: now,
        }));
      await insertMany(manager, WebhookDelivery, deliveries);
      webhook.cursor = cursor;
      if (reevaluate) webhook.segmentEvaluatedAt = now;
      return events.length;
    });
  }

  /** The due deliveries that head their person's queue (nothing earlier still pending), oldest first. */
  private due(webhook: Webhook, now: Date): Promise<WebhookDelivery[]> {
    return this.dataSource
      .getRepository(WebhookDelivery)
      .createQueryBuilder("d")
      .where("d.webhookId = :id AND d.status = :pending AND d.nextAttemptAt <= :now")
      .andWhere(
        `NOT EXISTS (SELECT 1 FROM webhook_deliveries e
          WHERE e.webhookId = d.webhookId AND e.orderKey = d.orderKey AND e.status = :pending AND e.id < d.id)`,
      )
      .setParameters({ id: webhook.id, pending: WebhookDeliveryStatus.PENDING, now })
      .orderBy("d.id", "ASC")
      .limit(PARALLEL)
      .getMany();
  }

  private async deliver(webhook: Webhook, deliveries: readonly WebhookDelivery[], now: Date): Promise<void> {
    const wallClock = new Date();
    const secrets = [
      webhook.secret,
      ...(webhook.previousSecret && webhook.previousSecretUntil && webhook.previousSecretUntil > now
        ? [webhook.previousSecret]
        : []),
    ];
    const results = await Promise.all(
      deliveries.map((delivery) =>
        send(
          webhook.url,
          signedHeaders(secrets, `msg_${delivery.id}`, Math.floor(wallClock.getTime() / 1000), delivery.payload),
          delivery.payload,
          this.settings,
        ),
      ),
    );
    let failed: WebhookDelivery | undefined;
    await this.dataSource.transaction(async (manager) => {
      for (const [index, delivery] of deliveries.entries()) {
        const outcome = outcomeOf(delivery, results[index], now);
        await manager.update(WebhookDelivery, { id: delivery.id }, outcome);
        if (outcome.status === WebhookDeliveryStatus.FAILED) failed = delivery;
      }
      if (failed) await this.disable(manager, webhook, failed, now);
    });
    if (failed) this.mail.notify();
  }

  /** Off after a delivery failed for its whole retry window; the owner hears of it. */
  private async disable(manager: EntityManager, webhook: Webhook, failed: WebhookDelivery, now: Date): Promise<void> {
    const reason =
      `A delivery (msg_${failed.id}, ${failed.type}) failed for 24 hours; the last error: ${failed.error ?? "unknown"}.`.slice(
        0,
        500,
      );
    await manager.update(Webhook, { id: webhook.id }, { active: false, disabledReason: reason, updatedAt: now });
    webhook.active = false;
    const owner = webhook.ownerId === null ? null : await manager.findOneBy(User, { id: webhook.ownerId });
    if (!owner?.email) return;
    await this.mail.enqueue(
      manager,
      {
        to: owner.email,
        subject: `Roster disabled the webhook to ${new URL(webhook.url).host}`,
        text: [
          `Roster stopped delivering to ${webhook.url} (webhook ${webhook.id}).`,
          "",
          reason,
          "",
          "Its deliveries wait. Fix the receiver, then set the webhook active again (updateWebhook with active: true);",
          "failed deliveries can be sent again one by one (redeliverWebhook).",
        ].join("\n"),
        purpose: "WEBHOOK_DISABLED",
        userId: owner.id,
      },
      now,
    );
  }
}

/** What an attempt leaves on its delivery: DELIVERED, PENDING with the next try, or FAILED. */
function outcomeOf(delivery: WebhookDelivery, result: SendResult, now: Date): Partial<WebhookDelivery> {
  const attempts = delivery.attempts + 1;
  const attempt = { attempts, lastAttemptAt: now, responseStatus: result.status, responseTimeMs: result.ms };
  if (result.error === null) return { ...attempt, status: WebhookDeliveryStatus.DELIVERED, deliveredAt: now, error: null };
  const error = result.error.slice(0, 500);
  delivery.error = error;
  const next = new Date(now.getTime() + retryDelayMs(attempts));
  return next > delivery.retryUntil
    ? { ...attempt, status: WebhookDeliveryStatus.FAILED, error }
    : { ...attempt, status: WebhookDeliveryStatus.PENDING, nextAttemptAt: next, error };
}

/** 5 s doubling up to an hour, each between half and all of it at random, so failed receivers are not hit in step. */
export function retryDelayMs(attempts: number): number {
  const ceiling = Math.min(FIRST_RETRY_MS * 2 ** (attempts - 1), MAX_RETRY_MS);
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}
