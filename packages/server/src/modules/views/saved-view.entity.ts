import { Field, ID, Int, ObjectType } from "type-graphql";
import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  VersionColumn,
  type ValueTransformer,
} from "typeorm";
import { SortDirection } from "../../common/sort";
import { Timestamped } from "../../common/timestamps";
import { WIDTH } from "../../common/widths";
import { Segment } from "../segments/segment.entity";
import { UserSortField } from "../users/dto/users.args";
import { UserState } from "../users/user.enums";
import { User } from "../users/user.entity";
import { Role } from "../roles/role.entity";

/** A list of names kept as one comma-separated text: column and state names never hold a comma. */
const commaList: ValueTransformer = {
  to: (values: readonly string[]) => values.join(","),
  from: (text: string) => (text ? text.split(",") : []),
};

/**
 * A saved view of the people list: what the Users page's URL holds (search, state filter or the
 * trash, role, segment, sort, columns, page size), under a name. Like a saved segment, a
 * private view is its owner's alone and a shared one is everyone's, changed with segments.manage.
 */
@ObjectType({ description: "A named state of the people list: its filters, sort, columns and page size." })
@Entity("saved_views")
@Index("IDX_saved_views_owner", ["ownerId"])
export class SavedView extends Timestamped {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id: number;

  @Field()
  @Column({ type: "varchar", length: WIDTH.savedView.name })
  name: string;

  @Field({ description: "Shared views are visible to every agent and service; private ones to their owner." })
  @Column({ type: "boolean" })
  shared: boolean;

  /** Null for a shared view created by a service (API key). */
  @Column({ type: "int", nullable: true })
  ownerId: number | null;

  @ManyToOne(() => User, { onDelete: "CASCADE" })
  @JoinColumn({ name: "ownerId", foreignKeyConstraintName: "FK_saved_views_owner" })
  owner?: User | null;

  @Field(() => String, { nullable: true, description: "The search text (name, username, email, organization)." })
  @Column({ type: "varchar", length: WIDTH.savedView.search, nullable: true })
  search: string | null;

  @Field(() => [UserState], { description: "The state filter; empty means everyone outside the trash." })
  @Column({ type: "varchar", length: 100, transformer: commaList })
  states: UserState[];

  @Field({ description: "The trash (TRASHED people) instead of the people list; `states` is then empty." })
  @Column({ type: "boolean" })
  trash: boolean;

  @Field(() => ID, { nullable: true, description: "People who have this role." })
  @Column({ type: "int", nullable: true })
  roleId: number | null;

  @ManyToOne(() => Role, { onDelete: "CASCADE" })
  @JoinColumn({ name: "roleId", foreignKeyConstraintName: "FK_saved_views_role" })
  role?: Role | null;

  @Field(() => String, { nullable: true, description: "A query in the segment language, in its canonical form." })
  @Column({ type: "text", nullable: true })
  segment: string | null;

  @Field(() => ID, { nullable: true, description: "People in this saved segment." })
  @Column({ type: "int", nullable: true })
  segmentId: number | null;

  // A view built on a segment goes with it: it would otherwise show everyone.
  @ManyToOne(() => Segment, { onDelete: "CASCADE" })
  @JoinColumn({ name: "segmentId", foreignKeyConstraintName: "FK_saved_views_segment" })
  savedSegment?: Segment | null;

  @Field(() => UserSortField)
  @Column({ type: "varchar", length: 32 })
  sortField: UserSortField;

  @Field(() => SortDirection)
  @Column({ type: "varchar", length: 4 })
  sortDirection: SortDirection;

  @Field(() => [String], { description: "The people list's columns, in order: names from @roster/person's table columns." })
  @Column({ type: "text", transformer: commaList })
  columns: string[];

  @Field(() => Int)
  @Column({ type: "int" })
  pageSize: number;

  @Field({ description: "Optimistic locking: send it back with an update." })
  @VersionColumn()
  version: number;
}
