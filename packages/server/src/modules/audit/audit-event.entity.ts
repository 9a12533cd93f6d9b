import { Field, ID, Int, ObjectType } from "type-graphql";
import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { datetimeColumn } from "../../common/timestamps";
import { WIDTH } from "../../common/widths";
import { UserState } from "../users/user.enums";
import { ActorType, AuditAction, AuditTarget } from "./audit.enums";

/**
 * One thing done to a person: who, when, why, and the state before and after. Written in the
 * same transaction as the change itself. No foreign key to the person: the record of a deletion
 * outlives the person deleted.
 */
@ObjectType({ description: "Something done to a person: who did it, when, why, and the state before and after." })
@Entity("audit_events")
@Index("IDX_audit_events_target", ["targetType", "targetId", "occurredAt", "id"])
@Index("IDX_audit_events_occurredAt", ["occurredAt", "id"])
@Index("IDX_audit_events_bulkJob", ["bulkJobId", "occurredAt", "id"])
export class AuditEvent {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id: number;

  @Field(() => AuditAction)
  @Column({ type: "varchar", length: 48 })
  action: AuditAction;

  @Field(() => ActorType)
  @Column({ type: "varchar", length: 16 })
  actorType: ActorType;

  @Field(() => Int, { nullable: true, description: "The agent's, person's or API key's id." })
  @Column({ type: "int", nullable: true })
  actorId: number | null;

  @Field({ description: "The actor's name when it acted." })
  @Column({ type: "varchar", length: WIDTH.audit.actorName })
  actorName: string;

  @Field(() => AuditTarget)
  @Column({ type: "varchar", length: 16, default: AuditTarget.USER })
  targetType: AuditTarget;

  /** The person (or role) acted on. */
  @Field(() => Int)
  @Column({ type: "int" })
  targetId: number;

  @Field(() => UserState, { nullable: true })
  @Column({ type: "varchar", length: 16, nullable: true })
  fromState: UserState | null;

  @Field(() => UserState, { nullable: true })
  @Column({ type: "varchar", length: 16, nullable: true })
  toState: UserState | null;

  @Field(() => String, { nullable: true })
  @Column({ type: "varchar", length: WIDTH.audit.reason, nullable: true })
  reason: string | null;

  @Field(() => String, { nullable: true, description: "What changed, as JSON (edits: the fields before and after)." })
  @Column({ type: "text", nullable: true })
  details: string | null;

  @Field()
  @Column(datetimeColumn)
  occurredAt: Date;

  /** The bulk job that wrote it, if one did (served as `bulkJob`). No foreign key: the log outlives the job. */
  @Column({ type: "int", nullable: true })
  bulkJobId: number | null;
}
