import { Field, ID, ObjectType } from "type-graphql";
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn } from "typeorm";
import { Timestamped } from "../../common/timestamps";
import { WIDTH } from "../../common/widths";
import { User } from "../users/user.entity";

/**
 * A saved segment: a query in the segment language with a name. A private segment is its
 * owner's alone; a shared one is everyone's to use and needs segments.manage to change.
 */
@ObjectType({ description: "A saved query in the segment language." })
@Entity("segments")
@Index("IDX_segments_owner", ["ownerId"])
export class Segment extends Timestamped {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id: number;

  @Field()
  @Column({ type: "varchar", length: WIDTH.segment.name })
  name: string;

  @Field({ description: "The query, in its canonical form." })
  @Column({ type: "text" })
  query: string;

  @Field({ description: "Shared segments are visible to every agent and service; private ones to their owner." })
  @Column({ type: "boolean" })
  shared: boolean;

  /** Null for a shared segment created by a service (API key). */
  @Column({ type: "int", nullable: true })
  ownerId: number | null;

  @ManyToOne(() => User, { onDelete: "CASCADE" })
  @JoinColumn({ name: "ownerId", foreignKeyConstraintName: "FK_segments_owner" })
  owner?: User | null;

  @Field({ description: "Optimistic locking: send it back with an update." })
  @VersionColumn()
  version: number;
}
