import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { Segment } from "../segments/segment.entity";
import { Webhook } from "./webhook.entity";

/**
 * A person who matched the webhook's saved segment when it was last evaluated for them
 * (webhook-segments.ts): what a new evaluation is compared with to send segment.entered and
 * segment.left. No foreign key to users, on purpose: a deleted member's row must outlive the
 * person until the dispatcher has queued their segment.left (it removes the row then).
 * `segmentId` cascades, so deleting the segment empties the membership with it.
 */
@Entity("webhook_segment_members")
export class WebhookSegmentMember {
  @PrimaryColumn({ type: "int" })
  webhookId: number;

  @PrimaryColumn({ type: "int" })
  userId: number;

  @ManyToOne(() => Webhook, { onDelete: "CASCADE" })
  @JoinColumn({ name: "webhookId", foreignKeyConstraintName: "FK_webhook_segment_members_webhook" })
  webhook?: Webhook;

  @Column({ type: "int" })
  segmentId: number;

  @ManyToOne(() => Segment, { onDelete: "CASCADE" })
  @JoinColumn({ name: "segmentId", foreignKeyConstraintName: "FK_webhook_segment_members_segment" })
  segment?: Segment;
}
