import { Field, ObjectType } from "type-graphql";
import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from "typeorm";
import { datetimeColumn } from "../../common/timestamps";
import { ActorType } from "../audit/audit.enums";
import { ChangeSubject, ChangeType } from "./change.enums";

/**
 * One change, written by its writer in the transaction of the change itself (the outbox). `id`
 * is the insertion order; `position`, the feed's order, is given by the sequencer only once the
 * row has committed (change.service.ts), so no reader sees a position before an earlier one.
 * Carries ids and field names, never personal data: an erasure leaves nothing to clean up here.
 */
@ObjectType({
  description:
    "A change to a person, an organization or a communication, in the order changes committed. `payload` is the JSON document a webhook delivers.",
})
@Entity("change_events")
@Index("UQ_change_events_position", ["position"], { unique: true })
@Index("IDX_change_events_person", ["personId", "id"])
export class ChangeEvent {
  @PrimaryGeneratedColumn()
  id: number;

  /** Null until sequenced. */
  @Column({ type: "int", nullable: true })
  position: number | null;

  @Field(() => ChangeType)
  @Column({ type: "varchar", length: 40 })
  type: ChangeType;

  @Field(() => ChangeSubject)
  @Column({ type: "varchar", length: 16 })
  subjectType: ChangeSubject;

  @Column({ type: "int" })
  subjectId: number;

  /** The person the change concerns (a communication's author), whose events are delivered in order. */
  @Column({ type: "int", nullable: true })
  personId: number | null;

  /** The payload's `data`, as JSON. */
  @Column({ type: "text" })
  data: string;

  @Field({ description: "When the change was made." })
  @Column(datetimeColumn)
  occurredAt: Date;

  @Field(() => ActorType)
  @Column({ type: "varchar", length: 16 })
  actorType: ActorType;

  @Column({ type: "int", nullable: true })
  actorId: number | null;
}

/**
 * The sequencer's one row: the last position given. Locking it makes one sequencer run at a
 * time, across every Roster process on the database.
 */
@Entity("change_sequence")
export class ChangeSequence {
  @PrimaryColumn({ type: "int" })
  id: number;

  @Column({ type: "int" })
  lastPosition: number;
}
