import { Field, ID, Int, ObjectType } from "type-graphql";
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { datetimeColumn } from "../../common/timestamps";
import { WIDTH } from "../../common/widths";
import { User } from "../users/user.entity";
import { CallDirection, CommunicationKind, ModerationStatus } from "./communication.enums";

@ObjectType({ description: "Something a person said to the support team: a ticket, chat, call, survey or post." })
@Entity("communications")
// Serves every per-person timeline and aggregate: equality on userId, newest first.
@Index("IDX_communications_user_occurredAt", ["userId", "occurredAt", "id"])
// Serves per-person aggregates of one kind (segments: tickets.count, chats.last, surveys.avgRating,
// calls.duration) from the index alone.
@Index("IDX_communications_user_kind_occurredAt", ["userId", "kind", "occurredAt", "rating", "durationSeconds"])
@Index("IDX_communications_agentId", ["agentId"])
// The sending service's id makes recording idempotent; ids of different services may collide.
@Index("UQ_communications_kind_externalId", ["kind", "externalId"], { unique: true })
export class Communication {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id: number;

  @Field(() => CommunicationKind)
  @Column({ type: "varchar", length: 16 })
  kind: CommunicationKind;

  @Field(() => String, { nullable: true })
  @Column({ type: "varchar", length: WIDTH.communication.subject, nullable: true })
  subject: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The sending service's status word; tickets new, open and pending count as open.",
  })
  @Column({ type: "varchar", length: WIDTH.communication.status, nullable: true })
  status: string | null;

  @Field()
  @Column(datetimeColumn)
  occurredAt: Date;

  @Column({ type: "int" })
  userId: number;

  @ManyToOne(() => User, { onDelete: "CASCADE" })
  @JoinColumn({ name: "userId", foreignKeyConstraintName: "FK_communications_user" })
  user?: User;

  @Column({ type: "int", nullable: true })
  agentId: number | null;

  @ManyToOne(() => User, { onDelete: "SET NULL" })
  @JoinColumn({ name: "agentId", foreignKeyConstraintName: "FK_communications_agent" })
  agent?: User | null;

  @Field(() => String, { nullable: true, description: "The sending service's id; the same one twice records once." })
  @Column({ type: "varchar", length: WIDTH.communication.externalId, nullable: true })
  externalId: string | null;

  @Field(() => Int, { nullable: true, description: "Calls and chats." })
  @Column({ type: "int", nullable: true })
  durationSeconds: number | null;

  @Field(() => CallDirection, { nullable: true, description: "Calls." })
  @Column({ type: "varchar", length: 16, nullable: true })
  direction: CallDirection | null;

  @Field(() => Int, { nullable: true, description: "Surveys: 1 to 5." })
  @Column({ type: "int", nullable: true })
  rating: number | null;

  @Field(() => ModerationStatus, { nullable: true, description: "Community posts." })
  @Column({ type: "varchar", length: 16, nullable: true })
  moderation: ModerationStatus | null;

  @Field()
  @Column(datetimeColumn)
  createdAt: Date;
}
