import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { datetimeColumn } from "../../common/timestamps";
import { User } from "../users/user.entity";
import { TokenPurpose } from "./token-purpose";

/** A single-use link token. Only its SHA-256 is stored: the table opens nothing if it leaks. */
@Entity("user_tokens")
@Index("IDX_user_tokens_userId", ["userId"])
export class UserToken {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "int" })
  userId: number;

  @ManyToOne(() => User, { onDelete: "CASCADE" })
  @JoinColumn({ name: "userId", foreignKeyConstraintName: "FK_user_tokens_user" })
  user?: User;

  @Column({ type: "varchar", length: 32 })
  purpose: TokenPurpose;

  @Index("UQ_user_tokens_tokenHash", { unique: true })
  @Column({ type: "varchar", length: 64 })
  tokenHash: string;

  @Column(datetimeColumn)
  expiresAt: Date;

  @Column({ ...datetimeColumn, nullable: true })
  usedAt: Date | null;

  @Column(datetimeColumn)
  createdAt: Date;
}
