import { Field, ID, ObjectType } from "type-graphql";
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { datetimeColumn } from "../../common/timestamps";
import { WIDTH } from "../../common/widths";
import { User } from "../users/user.entity";

/**
 * A service's credential. The secret is shown once at creation; only its SHA-256 is stored,
 * with its first characters for people to recognise it in lists.
 */
@ObjectType({ description: "A key a service uses to call Roster (Authorization: Bearer …)." })
@Entity("api_keys")
export class ApiKey {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id: number;

  @Field()
  @Column({ type: "varchar", length: WIDTH.apiKey.name })
  name: string;

  @Field({ description: "The start of the secret (rst_ and a few characters), to recognise it." })
  @Column({ type: "varchar", length: 16 })
  prefix: string;

  @Index("UQ_api_keys_secretHash", { unique: true })
  @Column({ type: "varchar", length: 64 })
  secretHash: string;

  /** JSON array of permission names: what the key may do, within what its creator may do. */
  @Column({ type: "text" })
  permissionList: string;

  @Column({ type: "int" })
  createdById: number;

  @ManyToOne(() => User, { onDelete: "CASCADE" })
  @JoinColumn({ name: "createdById", foreignKeyConstraintName: "FK_api_keys_createdBy" })
  createdBy?: User;

  @Field(() => Date, { nullable: true, description: "Null: never expires." })
  @Column({ ...datetimeColumn, nullable: true })
  expiresAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ ...datetimeColumn, nullable: true })
  revokedAt: Date | null;

  @Field(() => Date, { nullable: true, description: "Updated at most once a minute." })
  @Column({ ...datetimeColumn, nullable: true })
  lastUsedAt: Date | null;

  @Field()
  @Column(datetimeColumn)
  createdAt: Date;

  @Field(() => [String])
  get permissions(): string[] {
    return JSON.parse(this.permissionList) as string[];
  }
}
