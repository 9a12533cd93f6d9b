import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { datetimeColumn } from "../../common/timestamps";
import { User } from "../users/user.entity";

/**
 * What one person's communications of one kind add up to, so that a segment's `tickets.count`
 * or `chats.last` reads one row per person instead of aggregating their communications (ten
 * million rows at a million people). One row per person and kind they have, plus one of kind
 * `ALL_KINDS` over every kind (`communications.*`); a person without communications has none.
 * Written by communication-summaries.ts in the transaction that writes the communications;
 * deleted with the person by foreign key. Not part of the GraphQL schema.
 */
@Entity("communication_summaries")
// Each index serves one kind of segment predicate as a range of one kind: `tickets.count >= 3`,
// `chats.last > now-7d`, `tickets.first < 2026-01-01`, `tickets.open > 0`, `calls.duration > 600`,
// and `surveys.avgRating < 3` (read from ratingSum and ratingCount in the index, with the row's id).
@Index("IDX_communication_summaries_kind_count", ["kind", "count"])
@Index("IDX_communication_summaries_kind_lastAt", ["kind", "lastAt"])
@Index("IDX_communication_summaries_kind_firstAt", ["kind", "firstAt"])
@Index("IDX_communication_summaries_kind_openCount", ["kind", "openCount"])
@Index("IDX_communication_summaries_kind_duration", ["kind", "durationSeconds"])
@Index("IDX_communication_summaries_kind_rating", ["kind", "ratingCount", "ratingSum"])
export class CommunicationSummary {
  @PrimaryColumn({ type: "int" })
  userId: number;

  /** A `CommunicationKind`, or `ALL_KINDS`. */
  @PrimaryColumn({ type: "varchar", length: 16 })
  kind: string;

  /** At least 1: a row exists once the person has a communication of its kind. */
  @Column({ type: "int" })
  count: number;

  /** Tickets whose status is one of OPEN_TICKET_STATUSES. */
  @Column({ type: "int" })
  openCount: number;

  @Column(datetimeColumn)
  firstAt: Date;

  @Column(datetimeColumn)
  lastAt: Date;

  /** The sum of durationSeconds (calls and chats); the GraphQL stats are Int too. */
  @Column({ type: "int" })
  durationSeconds: number;

  /** Over the communications with a rating (surveys): the average is ratingSum / ratingCount. */
  @Column({ type: "int" })
  ratingSum: number;

  @Column({ type: "int" })
  ratingCount: number;

  @ManyToOne(() => User, { onDelete: "CASCADE" })
  @JoinColumn({ name: "userId", foreignKeyConstraintName: "FK_communication_summaries_user" })
  user?: User;
}
