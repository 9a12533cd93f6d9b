import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { datetimeColumn } from "../../common/timestamps";
import { User } from "../users/user.entity";

/** An agent's signed-in browser. Only a hash of the cookie's token is stored. */
@Entity("sessions")
@Index("IDX_sessions_userId", ["userId"])
export class Session {
  @PrimaryGeneratedColumn()
  id: number;

  @Index("UQ_sessions_tokenHash", { unique: true })
  @Column({ type: "varchar", length: 64 })
  tokenHash: string;

  @Column({ type: "int" })
  userId: number;

  @ManyToOne(() => User, { onDelete: "CASCADE" })
  @JoinColumn({ name: "userId", foreignKeyConstraintName: "FK_sessions_user" })
  user?: User;

  @Column(datetimeColumn)
  createdAt: Date;

  @Column(datetimeColumn)
  expiresAt: Date;
}
