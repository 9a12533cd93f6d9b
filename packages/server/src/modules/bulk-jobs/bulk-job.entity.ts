import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from "typeorm";
import { datetimeColumn } from "../../common/timestamps";
import { WIDTH } from "../../common/widths";
import { LeasedJob } from "../jobs/leased-job";
import { BulkAction, BulkJobStatus, BulkOutcome } from "./bulk-job.enums";

/**
 * One action over many people, run in batches by the job runner. `cursor` is the last person id
 * a committed batch handled: a batch's changes, its results and the cursor commit together, so
 * a job stopped anywhere resumes after the last whole batch and never acts on anyone twice.
 */
@ObjectType({ description: "An action over a list of people or a whole segment, run in batches." })
@Entity("bulk_jobs")
@Index("IDX_bulk_jobs_status", ["status", "id"])
export class BulkJob extends LeasedJob {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id: number;

  @Field(() => BulkAction)
  @Column({ type: "varchar", length: 32 })
  action: BulkAction;

  /** JSON: the action's settings (days and reason of a ban, the role, the organization). */
  @Column({ type: "text" })
  parameters: string;

  /** Over a list of people (its rows in bulk_job_targets) rather than a segment. */
  @Column({ type: "boolean", default: false })
  byIds: boolean;

  @Field(() => String, { nullable: true, description: "The segment the job runs over, as it was at the start." })
  @Column({ type: "text", nullable: true })
  segment: string | null;

  @Field(() => BulkJobStatus)
  @Column({ type: "varchar", length: 16 })
  status: BulkJobStatus;

  @Field(() => Int, {
    description:
      "People to handle: counted at the start, and exactly those handled once DONE (a segment can gain or lose people meanwhile).",
  })
  @Column({ type: "int" })
  total: number;

  @Field(() => Int)
  @Column({ type: "int" })
  processed: number;

  @Field(() => Int)
  @Column({ type: "int" })
  succeeded: number;

  @Field(() => Int)
  @Column({ type: "int" })
  skipped: number;

  @Field(() => Int)
  @Column({ type: "int" })
  failed: number;

  @Column({ type: "int" })
  cursor: number;

  @Field(() => Date, { nullable: true })
  @Column({ ...datetimeColumn, nullable: true })
  startedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ ...datetimeColumn, nullable: true })
  cancelRequestedAt: Date | null;

  @Field(() => Float, { description: "processed / total, 0 to 1." })
  get progress(): number {
    return this.total === 0 ? 1 : Math.min(1, this.processed / this.total);
  }
}

/** One person a job over a list of ids is to handle. */
@Entity("bulk_job_targets")
export class BulkJobTarget {
  @PrimaryColumn({ type: "int" })
  jobId: number;

  @ManyToOne(() => BulkJob, { onDelete: "CASCADE" })
  @JoinColumn({ name: "jobId", foreignKeyConstraintName: "FK_bulk_job_targets_job" })
  job?: BulkJob;

  @PrimaryColumn({ type: "int" })
  userId: number;
}

@ObjectType({ description: "What a bulk job did to one person." })
@Entity("bulk_job_results")
export class BulkJobResult {
  @PrimaryColumn({ type: "int" })
  jobId: number;

  @ManyToOne(() => BulkJob, { onDelete: "CASCADE" })
  @JoinColumn({ name: "jobId", foreignKeyConstraintName: "FK_bulk_job_results_job" })
  job?: BulkJob;

  @Field(() => ID, { description: "The person's id." })
  @PrimaryColumn({ type: "int" })
  userId: number;

  @Field({ description: "The person's name when the job handled them." })
  @Column({ type: "varchar", length: WIDTH.bulkJobResult.displayName })
  displayName: string;

  @Field(() => BulkOutcome)
  @Column({ type: "varchar", length: 16 })
  outcome: BulkOutcome;

  @Field(() => String, { nullable: true, description: "Why a person was skipped or failed." })
  @Column({ type: "varchar", length: WIDTH.bulkJobResult.reason, nullable: true })
  reason: string | null;

  @Column(datetimeColumn)
  processedAt: Date;

  /** Keyset pagination orders results by this. */
  get id(): number {
    return this.userId;
  }
}
