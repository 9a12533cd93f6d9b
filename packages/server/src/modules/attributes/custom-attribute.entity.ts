/**
 * Custom attributes: typed key/values on people and organizations. Kept in narrow tables
 * (not a JSON column) so that filters compile to the same plain SQL on MariaDB and SQLite.
 */
import { Field, ObjectType } from "type-graphql";
import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from "typeorm";
import { WIDTH } from "../../common/widths";
import { Organization } from "../organizations/organization.entity";
import { User } from "../users/user.entity";
import { AttributeType } from "../users/user.enums";

@ObjectType({ description: "A typed key/value set on a person or an organization." })
export abstract class CustomAttribute {
  @Field()
  @PrimaryColumn({ type: "varchar", length: WIDTH.attribute.name })
  name: string;

  @Field(() => AttributeType)
  @Column({ type: "varchar", length: 16 })
  type: AttributeType;

  @Field({ description: "The value as text: numbers in decimal, booleans as true/false, dates in ISO 8601." })
  @Column({ type: "varchar", length: WIDTH.attribute.value })
  value: string;
}

@Entity("user_attributes")
export class UserAttribute extends CustomAttribute {
  @PrimaryColumn({ type: "int" })
  userId: number;

  @ManyToOne(() => User, { onDelete: "CASCADE" })
  @JoinColumn({ name: "userId", foreignKeyConstraintName: "FK_user_attributes_user" })
  user?: User;
}

@Entity("organization_attributes")
export class OrganizationAttribute extends CustomAttribute {
  @PrimaryColumn({ type: "int" })
  organizationId: number;

  @ManyToOne(() => Organization, { onDelete: "CASCADE" })
  @JoinColumn({ name: "organizationId", foreignKeyConstraintName: "FK_organization_attributes_organization" })
  organization?: Organization;
}
