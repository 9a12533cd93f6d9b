/**
 * Webhook subscriptions (webhooks.manage) and their delivery log. Delivering is the
 * dispatcher's (webhook-dispatcher.ts), run by the job runner.
 */
import type { DataSource } from "typeorm";
import { DomainError, ErrorCode, badInput } from "../../common/errors";
import { pageReader, type KeysetSort, type Page } from "../../common/pagination";
import { querySql, readNumber } from "../../database/sql";
import type { ChangeService } from "../changes/change.service";
import { ChangeType } from "../changes/change.enums";
import { Segment } from "../segments/segment.entity";
import { checkWebhookUrl } from "./webhook-address";
import type { WebhookSegments } from "./webhook-segments";
import { newSecret } from "./webhook-signature";
import { Webhook, WebhookDelivery } from "./webhook.entity";
import { WebhookDeliveryStatus } from "./webhook.enums";

/** A delivery is retried for this long after it is queued or replayed, then FAILED. */
export const RETRY_WINDOW_MS = 24 * 3_600_000;
const HOUR = 3_600_000;

const NEWEST_FIRST: KeysetSort = { key: "id-DESC", expression: "d.id", idExpression: "d.id", direction: "DESC", nullable: false };

export interface WebhookFields {
  url?: string | null;
  events?: readonly ChangeType[] | null;
  segmentId?: number | null;
  active?: boolean | null;
}

export interface WebhookSettings {
  allowPrivate: boolean;
}

export class WebhookService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: ChangeService,
    private readonly segmentMembers: WebhookSegments,
    private readonly settings: WebhookSettings,
  ) {}

  list(): Promise<Webhook[]> {
    return this.dataSource.getRepository(Webhook).find({ order: { id: "DESC" } });
  }

  /** A new subscription, delivering the changes that commit from now on; its secret is answered this once. */
  async create(
    ownerId: number | null,
    fields: WebhookFields & { url: string; events: readonly ChangeType[] },
    now: Date,
  ): Promise<{ webhook: Webhook; secret: string }> {
    const url = checkWebhookUrl(fields.url, this.settings.allowPrivate);
    const events = checkEvents(fields.events);
    if (fields.segmentId) await this.checkSegment(fields.segmentId);
    // Numbered first, so what committed before the subscription is behind its cursor.
    await this.changes.sequence();
    const secret = newSecret();
    const webhook = await this.dataSource.transaction(async (manager) => {
      const [state] = await querySql<{ lastPosition: unknown }>(manager, "SELECT lastPosition FROM change_sequence WHERE id = 1");
      const webhook = await manager.save(
        manager.create(Webhook, {
          url,
          eventList: JSON.stringify(events),
          segmentId: fields.segmentId ?? null,
          segmentEvaluatedAt: fields.segmentId ? now : null,
          secret,
          previousSecret: null,
          previousSecretUntil: null,
          active: true,
          disabledReason: null,
          ownerId,
          cursor: readNumber(state?.lastPosition),
          leaseUntil: null,
          createdAt: now,
          updatedAt: now,
        }),
      );
      // Who is in the segment now enters nothing: only later crossings are delivered.
      if (webhook.segmentId !== null) await this.segmentMembers.baseline(manager, webhook, now);
      return webhook;
    });
    return { webhook, secret };
  }

  async update(id: number, fields: WebhookFields, now: Date): Promise<Webhook> {
    const url =
      fields.url === undefined || fields.url === null ? undefined : checkWebhookUrl(fields.url, this.settings.allowPrivate);
    const events = fields.events === undefined || fields.events === null ? undefined : checkEvents(fields.events);
    if (fields.segmentId) await this.checkSegment(fields.segmentId);
    return this.dataSource.transaction(async (manager) => {
      const webhook = await manager.findOneBy(Webhook, { id });
      if (!webhook) throw notFound(id);
      const reactivated = fields.active === true && !webhook.active;
      const segmentId = fields.segmentId === undefined || fields.segmentId === webhook.segmentId ? undefined : fields.segmentId;
      const changes: Partial<Webhook> = {
        ...(url !== undefined ? { url } : {}),
        ...(events !== undefined ? { eventList: JSON.stringify(events) } : {}),
        ...(segmentId !== undefined ? { segmentId, segmentEvaluatedAt: segmentId === null ? null : now } : {}),
        ...(fields.active !== undefined && fields.active !== null ? { active: fields.active } : {}),
        ...(reactivated ? { disabledReason: null } : {}),
        updatedAt: now,
      };
      await manager.update(Webhook, { id }, changes);
      // Another segment starts from its members now, like a new subscription.
      if (segmentId !== undefined) await this.segmentMembers.baseline(manager, { id, segmentId }, now);
      // What waited while it was off gets a full retry window again.
      if (reactivated)
        await manager.update(
          WebhookDelivery,
          { webhookId: id, status: WebhookDeliveryStatus.PENDING },
          { nextAttemptAt: now, retryUntil: new Date(now.getTime() + RETRY_WINDOW_MS) },
        );
      return Object.assign(webhook, changes);
    });
  }

  async delete(id: number): Promise<boolean> {
    const result = await this.dataSource.getRepository(Webhook).delete({ id });
    if (!result.affected) throw notFound(id);
    return true;
  }

  /**
   * A new secret, answered this once; the old one goes on signing beside it for `overlapHours`,
   * so receivers can switch without missing a delivery.
   */
  async rotateSecret(id: number, overlapHours: number, now: Date): Promise<{ webhook: Webhook; secret: string }> {
    if (!Number.isInteger(overlapHours) || overlapHours < 0 || overlapHours > 24 * 7)
      throw badInput("overlapHours", "overlapHours must be between 0 and 168.");
    const secret = newSecret();
    const webhook = await this.dataSource.transaction(async (manager) => {
      const webhook = await manager.findOneBy(Webhook, { id });
      if (!webhook) throw notFound(id);
      const changes: Partial<Webhook> = {
        secret,
        previousSecret: overlapHours > 0 ? webhook.secret : null,
        previousSecretUntil: overlapHours > 0 ? new Date(now.getTime() + overlapHours * HOUR) : null,
        updatedAt: now,
      };
      await manager.update(Webhook, { id }, changes);
      return Object.assign(webhook, changes);
    });
    return { webhook, secret };
  }

  /** A subscription's deliveries, newest first; checked now, read when asked for. */
  deliveries(webhookId: number, first: number, after: string | null | undefined): () => Promise<Page<WebhookDelivery>> {
    const query = this.dataSource
      .getRepository(WebhookDelivery)
      .createQueryBuilder("d")
      .where("d.webhookId = :webhookId", { webhookId });
    return pageReader(query, NEWEST_FIRST, first, after);
  }

  countDeliveries(webhookId: number): Promise<number> {
    return this.dataSource.getRepository(WebhookDelivery).countBy({ webhookId });
  }

  /** Sends one delivery again (the same webhook-id, so a receiver can tell), with a fresh retry window. */
  async redeliver(id: number, now: Date): Promise<WebhookDelivery> {
    return this.dataSource.transaction(async (manager) => {
      const delivery = await manager.findOneBy(WebhookDelivery, { id });
      if (!delivery) throw new DomainError(ErrorCode.NotFound, `There is no webhook delivery with id ${id}.`, { argument: "id" });
      const changes: Partial<WebhookDelivery> = {
        status: WebhookDeliveryStatus.PENDING,
        nextAttemptAt: now,
        retryUntil: new Date(now.getTime() + RETRY_WINDOW_MS),
      };
      await manager.update(WebhookDelivery, { id }, changes);
      return Object.assign(delivery, changes);
    });
  }

  /**
   * Sends again every delivery of the webhook queued in [from, to), delivered or not, each with
   * its own webhook-id and a fresh retry window: a receiver that lost data replays a period
   * without knowing delivery ids. One statement however many they are; answers how many. Per
   * person they go out in their original order, ahead of that person's deliveries still pending.
   */
  async redeliverRange(webhookId: number, from: Date, to: Date, now: Date): Promise<number> {
    if (!(from < to)) throw badInput("to", "to must be after from.");
    if (!(await this.dataSource.getRepository(Webhook).existsBy({ id: webhookId }))) throw notFound(webhookId);
    const result = await this.dataSource
      .createQueryBuilder()
      .update(WebhookDelivery)
      .set({ status: WebhookDeliveryStatus.PENDING, nextAttemptAt: now, retryUntil: new Date(now.getTime() + RETRY_WINDOW_MS) })
      .where("webhookId = :webhookId AND createdAt >= :from AND createdAt < :to", { webhookId, from, to })
      .execute();
    return result.affected ?? 0;
  }

  private async checkSegment(segmentId: number): Promise<void> {
    if (!(await this.dataSource.getRepository(Segment).existsBy({ id: segmentId })))
      throw badInput("segmentId", `segmentId: there is no saved segment with id ${segmentId}.`);
  }
}

/** The events of a subscription as stored: known, each once, at least one. */
function checkEvents(events: readonly ChangeType[]): ChangeType[] {
  const unique = [...new Set(events)].sort();
  if (unique.length === 0) throw badInput("events", "events must name at least one kind of change.");
  const known = new Set<string>(Object.values(ChangeType));
  const unknown = unique.filter((event) => !known.has(event));
  if (unknown.length) throw badInput("events", `events: ${unknown.join(", ")} is not a kind of change.`);
  return unique;
}

export function eventsOf(webhook: Webhook): ChangeType[] {
  return JSON.parse(webhook.eventList) as ChangeType[];
}

function notFound(id: number): DomainError {
  return new DomainError(ErrorCode.NotFound, `There is no webhook with id ${id}.`, { argument: "id" });
}
