import { Field, ID, Int, ObjectType } from "type-graphql";
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn } from "typeorm";
import { datetimeColumn, Timestamped } from "../../common/timestamps";
import { WIDTH } from "../../common/widths";
import { Organization } from "../organizations/organization.entity";
import { UserKind, UserSource, UserState } from "./user.enums";

@ObjectType({ description: "A person: a customer the support team serves, or an agent who serves them." })
@Entity("users")
@Index("IDX_users_displayName", ["displayName", "id"])
@Index("IDX_users_createdAt", ["createdAt", "id"])
@Index("IDX_users_lastLoginAt", ["lastLoginAt", "id"])
// The list's order by email or username; the unique indexes below cannot serve it (see the migration).
@Index("IDX_users_email_id", ["email", "id"])
@Index("IDX_users_username_id", ["username", "id"])
@Index("IDX_users_state", ["state"])
@Index("IDX_users_organizationId", ["organizationId"])
export class User extends Timestamped {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id: number;

  /** Exposed through UserResolver.email: personal data. */
  @Index("UQ_users_email", { unique: true })
  @Column({ type: "varchar", length: WIDTH.user.email, nullable: true })
  email: string | null;

  @Field(() => String, { nullable: true, description: "The help-center portal login name." })
  @Index("UQ_users_username", { unique: true })
  @Column({ type: "varchar", length: WIDTH.user.username, nullable: true })
  username: string | null;

  @Field()
  @Column({ type: "varchar", length: WIDTH.user.displayName })
  displayName: string;

  /** Exposed through UserResolver.phone: personal data. */
  @Column({ type: "varchar", length: WIDTH.user.phone, nullable: true })
  phone: string | null;

  @Field(() => String, { nullable: true, description: "IANA time zone, e.g. Europe/Paris." })
  @Column({ type: "varchar", length: WIDTH.user.timezone, nullable: true })
  timezone: string | null;

  @Field(() => String, { nullable: true, description: "BCP 47 language tag, e.g. fr-FR." })
  @Column({ type: "varchar", length: WIDTH.user.locale, nullable: true })
  locale: string | null;

  @Field(() => UserKind)
  @Column({ type: "varchar", length: 16 })
  kind: UserKind;

  /** The state as written; reads go through `effectiveState` so that ended bans read ACTIVE. */
  @Column({ type: "varchar", length: 16 })
  state: UserState;

  @Field(() => UserSource)
  @Column({ type: "varchar", length: 16 })
  source: UserSource;

  @Column({ type: "varchar", length: 255, nullable: true })
  passwordHash: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ ...datetimeColumn, nullable: true })
  emailVerifiedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ ...datetimeColumn, nullable: true })
  lastLoginAt: Date | null;

  @Field(() => Int)
  @Column({ type: "int", default: 0 })
  loginCount: number;

  /** Null with state BANNED: a permanent ban. */
  @Column({ ...datetimeColumn, nullable: true })
  bannedUntil: Date | null;

  @Column({ type: "varchar", length: WIDTH.user.banReason, nullable: true })
  banReason: string | null;

  /** What unbanning returns to (a never-activated person stays not activated). */
  @Column({ type: "varchar", length: 16, nullable: true })
  stateBeforeBan: UserState | null;

  /** What restoring from the trash returns to. */
  @Column({ type: "varchar", length: 16, nullable: true })
  stateBeforeTrash: UserState | null;

  @Column({ type: "int", nullable: true })
  organizationId: number | null;

  @ManyToOne(() => Organization, { onDelete: "SET NULL", createForeignKeyConstraints: true })
  @JoinColumn({ name: "organizationId", foreignKeyConstraintName: "FK_users_organization" })
  organization?: Organization | null;

  @Field(() => Int, { description: "Optimistic locking: send it back with an update; a stale one is refused." })
  @VersionColumn()
  version: number;
}
