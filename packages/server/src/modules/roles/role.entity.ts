import { Field, ID, ObjectType } from "type-graphql";
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from "typeorm";
import { Timestamped } from "../../common/timestamps";
import { WIDTH } from "../../common/widths";
import { User } from "../users/user.entity";
import { isImplicit } from "./role-membership";
import { RoleKind, SystemRole } from "./role.enums";

@ObjectType({ description: "A named set of permissions, for customers or for agents." })
@Entity("roles")
export class Role extends Timestamped {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id: number;

  @Field()
  @Index("UQ_roles_name", { unique: true })
  @Column({ type: "varchar", length: WIDTH.role.name })
  name: string;

  @Field()
  @Column({ type: "varchar", length: WIDTH.role.description, default: "" })
  description: string;

  @Field(() => RoleKind)
  @Column({ type: "varchar", length: 16 })
  kind: RoleKind;

  /** Set on the five system roles only. */
  @Field(() => SystemRole, {
    nullable: true,
    description:
      "Which system role this is (EVERYONE, REGISTERED, …), for callers that must not rely on names; null for a custom role.",
  })
  @Index("UQ_roles_systemKey", { unique: true })
  @Column({ type: "varchar", length: 32, nullable: true })
  systemKey: SystemRole | null;

  @Field({ description: "System roles cannot be deleted or renamed." })
  get system(): boolean {
    return this.systemKey !== null;
  }

  @Field({ description: "Membership follows from each person's state, verification or kind; it is never assigned." })
  get implicit(): boolean {
    return isImplicit(this.systemKey);
  }
}

@Entity("role_permissions")
export class RolePermission {
  @PrimaryColumn({ type: "int" })
  roleId: number;

  @PrimaryColumn({ type: "varchar", length: WIDTH.role.permission })
  permission: string;

  @ManyToOne(() => Role, { onDelete: "CASCADE" })
  @JoinColumn({ name: "roleId", foreignKeyConstraintName: "FK_role_permissions_role" })
  role?: Role;
}

/** An explicit role assignment; implicit memberships are never stored. */
@Entity("user_roles")
@Index("IDX_user_roles_roleId", ["roleId"])
export class UserRole {
  @PrimaryColumn({ type: "int" })
  userId: number;

  @PrimaryColumn({ type: "int" })
  roleId: number;

  @ManyToOne(() => User, { onDelete: "CASCADE" })
  @JoinColumn({ name: "userId", foreignKeyConstraintName: "FK_user_roles_user" })
  user?: User;

  @ManyToOne(() => Role, { onDelete: "CASCADE" })
  @JoinColumn({ name: "roleId", foreignKeyConstraintName: "FK_user_roles_role" })
  role?: Role;
}
