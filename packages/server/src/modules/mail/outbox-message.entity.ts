import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { datetimeColumn } from "../../common/timestamps";
import { User } from "../users/user.entity";

export enum OutboxStatus {
  PENDING = "PENDING",
  SENT = "SENT",
  /** Given up after the last retry; kept for an operator to see. */
  FAILED = "FAILED",
}

/**
 * An email waiting to be sent, written in the same transaction as the change that causes it:
 * a rolled-back change sends nothing, a committed one never loses its message.
 */
@Entity("email_outbox")
@Index("IDX_email_outbox_due", ["status", "nextAttemptAt"])
export class OutboxMessage {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "varchar", length: 320 })
  toAddress: string;

  @Column({ type: "varchar", length: 500 })
  subject: string;

  @Column({ type: "text" })
  textBody: string;

  @Column({ type: "varchar", length: 32 })
  purpose: string;

  @Column({ type: "int", nullable: true })
  userId: number | null;

  @ManyToOne(() => User, { onDelete: "SET NULL" })
  @JoinColumn({ name: "userId", foreignKeyConstraintName: "FK_email_outbox_user" })
  user?: User | null;

  @Column({ type: "varchar", length: 16 })
  status: OutboxStatus;

  @Column({ type: "int", default: 0 })
  attempts: number;

  @Column(datetimeColumn)
  nextAttemptAt: Date;

  @Column({ type: "varchar", length: 1000, nullable: true })
  lastError: string | null;

  @Column({ ...datetimeColumn, nullable: true })
  sentAt: Date | null;

  @Column(datetimeColumn)
  createdAt: Date;
}
