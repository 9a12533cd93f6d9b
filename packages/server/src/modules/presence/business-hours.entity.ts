import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { datetimeColumn } from "../../common/timestamps";
import { WIDTH } from "../../common/widths";
import { User } from "../users/user.entity";

/** One opening interval of a weekday, in the schedule's time zone ("09:00" to "17:30"). */
export interface OpeningInterval {
  /** 0 = Sunday … 6 = Saturday. */
  day: number;
  start: string;
  end: string;
}

/**
 * When agents are at work. The row without an agent is the default schedule; an agent's own row
 * overrides it.
 */
@Entity("business_hours")
export class BusinessHours {
  @PrimaryGeneratedColumn()
  id: number;

  @Index("UQ_business_hours_agentId", { unique: true })
  @Column({ type: "int", nullable: true })
  agentId: number | null;

  @ManyToOne(() => User, { onDelete: "CASCADE" })
  @JoinColumn({ name: "agentId", foreignKeyConstraintName: "FK_business_hours_agent" })
  agent?: User;

  @Column({ type: "varchar", length: WIDTH.businessHours.timezone })
  timezone: string;

  /** JSON array of OpeningInterval. */
  @Column({ type: "text" })
  intervals: string;

  @Column(datetimeColumn)
  updatedAt: Date;
}
