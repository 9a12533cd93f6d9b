import { Field, ID, Int, ObjectType } from "type-graphql";
import { Column, Entity, Index, PrimaryGeneratedColumn, VersionColumn } from "typeorm";
import { Timestamped } from "../../common/timestamps";
import { WIDTH } from "../../common/widths";

@ObjectType({ description: "A company or group the people belong to (at most one per person)." })
@Entity("organizations")
export class Organization extends Timestamped {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id: number;

  @Field()
  @Index("UQ_organizations_name", { unique: true })
  @Column({ type: "varchar", length: WIDTH.organization.name })
  name: string;

  @Field(() => String, { nullable: true })
  @Index("IDX_organizations_website")
  @Column({ type: "varchar", length: WIDTH.organization.website, nullable: true })
  website: string | null;

  @Field(() => String, { nullable: true })
  @Index("IDX_organizations_phone")
  @Column({ type: "varchar", length: WIDTH.organization.phone, nullable: true })
  phone: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: "text", nullable: true })
  notes: string | null;

  @Field(() => Int)
  @VersionColumn()
  version: number;
}
