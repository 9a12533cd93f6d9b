import { Field, ID, Int, ObjectType } from "type-graphql";
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { datetimeColumn } from "../../common/timestamps";
import { WIDTH } from "../../common/widths";
import { ChangeType } from "../changes/change.enums";
import { Segment } from "../segments/segment.entity";
import { User } from "../users/user.entity";
import { WebhookDeliveryStatus } from "./webhook.enums";

/**
 * A subscription: where to POST which changes, signed with its secret. `cursor` is the last
 * feed position it has taken its deliveries from; a runner holds it under `leaseUntil` while it
 * delivers (modules/jobs), so two processes never deliver one subscription at once.
 */
@ObjectType({ description: "Where Roster POSTs changes, signed per the Standard Webhooks specification." })
@Entity("webhooks")
export class Webhook {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id: number;

  @Field()
  @Column({ type: "varchar", length: WIDTH.webhook.url })
  url: string;

  /** JSON array of change types (served as `events`). */
  @Column({ type: "text" })
  eventList: string;

  /** The saved segment whose members it follows (webhook-segments.ts: segment.entered / segment.left). */
  @Column({ type: "int", nullable: true })
  segmentId: number | null;

  /** When the segment was last evaluated over everyone (the dispatcher's clock), for what time alone changes. */
  @Column({ ...datetimeColumn, nullable: true })
  segmentEvaluatedAt: Date | null;

  @ManyToOne(() => Segment, { onDelete: "SET NULL" })
  @JoinColumn({ name: "segmentId", foreignKeyConstraintName: "FK_webhooks_segment" })
  segment?: Segment;

  /** `whsec_` and the base64 key: kept as is, since every delivery is signed with it. */
  @Column({ type: "varchar", length: 64 })
  secret: string;

  /** The secret before the last rotation, still signing beside the new one until `previousSecretUntil`. */
  @Column({ type: "varchar", length: 64, nullable: true })
  previousSecret: string | null;

  @Field(() => Date, { nullable: true, description: "Until when deliveries also carry the signature of the previous secret." })
  @Column({ ...datetimeColumn, nullable: true })
  previousSecretUntil: Date | null;

  @Field({ description: "False: nothing is delivered (set back to true with updateWebhook)." })
  @Column({ type: "boolean" })
  active: boolean;

  @Field(() => String, { nullable: true, description: "Why Roster disabled it (deliveries that kept failing)." })
  @Column({ type: "varchar", length: 500, nullable: true })
  disabledReason: string | null;

  /** Who is emailed when it is disabled: the agent who created it (or who created the API key that did). */
  @Column({ type: "int", nullable: true })
  ownerId: number | null;

  @ManyToOne(() => User, { onDelete: "SET NULL" })
  @JoinColumn({ name: "ownerId", foreignKeyConstraintName: "FK_webhooks_owner" })
  owner?: User;

  @Column({ type: "int" })
  cursor: number;

  @Column({ ...datetimeColumn, nullable: true })
  leaseUntil: Date | null;

  @Field()
  @Column(datetimeColumn)
  createdAt: Date;

  @Field()
  @Column(datetimeColumn)
  updatedAt: Date;
}

/** One change to deliver to one subscription, with its attempts. */
@ObjectType({ description: "One change delivered (or being delivered) to a webhook." })
@Entity("webhook_deliveries")
@Index("IDX_webhook_deliveries_due", ["webhookId", "status", "nextAttemptAt"])
@Index("IDX_webhook_deliveries_order", ["webhookId", "orderKey", "id"])
export class WebhookDelivery {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "int" })
  webhookId: number;

  @ManyToOne(() => Webhook, { onDelete: "CASCADE" })
  @JoinColumn({ name: "webhookId", foreignKeyConstraintName: "FK_webhook_deliveries_webhook" })
  webhook?: Webhook;

  /** The feed event delivered; null for segment.entered / segment.left, which are not feed events. */
  @Column({ type: "int", nullable: true })
  changeEventId: number | null;

  @Field(() => ChangeType)
  @Column({ type: "varchar", length: 40 })
  type: ChangeType;

  /** Deliveries of one key (a person, else the subject) go out one after another, in order. */
  @Column({ type: "varchar", length: 40 })
  orderKey: string;

  @Field({ description: "The body sent: `{ type, timestamp, data }`." })
  @Column({ type: "text" })
  payload: string;

  @Field(() => WebhookDeliveryStatus)
  @Column({ type: "varchar", length: 16 })
  status: WebhookDeliveryStatus;

  @Field(() => Int)
  @Column({ type: "int" })
  attempts: number;

  @Field({ description: "When it is tried next (while PENDING)." })
  @Column(datetimeColumn)
  nextAttemptAt: Date;

  /** Retried until then (24 hours after it was queued or replayed), then FAILED. */
  @Column(datetimeColumn)
  retryUntil: Date;

  @Field(() => Date, { nullable: true })
  @Column({ ...datetimeColumn, nullable: true })
  lastAttemptAt: Date | null;

  @Field(() => Int, { nullable: true, description: "The HTTP status of the last attempt; null when none came back." })
  @Column({ type: "int", nullable: true })
  responseStatus: number | null;

  @Field(() => Int, { nullable: true, description: "How long the last attempt took, in milliseconds." })
  @Column({ type: "int", nullable: true })
  responseTimeMs: number | null;

  @Field(() => String, { nullable: true, description: "Why the last attempt failed." })
  @Column({ type: "varchar", length: 500, nullable: true })
  error: string | null;

  @Field()
  @Column(datetimeColumn)
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ ...datetimeColumn, nullable: true })
  deliveredAt: Date | null;
}
