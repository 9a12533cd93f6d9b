import { Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from "typeorm";
import { WIDTH } from "../../common/widths";
import { LeasedJob } from "../jobs/leased-job";

export enum ImportStatus {
  QUEUED = "QUEUED",
  RUNNING = "RUNNING",
  DONE = "DONE",
  FAILED = "FAILED",
}

registerEnumType(ImportStatus, { name: "ImportStatus" });

/**
 * A CSV import, run in batches from the uploaded file kept on disk. `processedRows` (with the
 * counters and `bytesDone`) commits with each batch's people, so a restart resumes after the
 * last whole batch and re-running a row never happens.
 */
@ObjectType({ description: "A CSV import of people: its progress and what it did." })
@Entity("import_jobs")
export class ImportJob extends LeasedJob {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id: number;

  @Field({ description: "The uploaded file's name." })
  @Column({ type: "varchar", length: WIDTH.importJob.fileName })
  fileName: string;

  /** Where the upload is kept until the import ends. */
  @Column({ type: "varchar", length: 1000 })
  filePath: string;

  /** JSON: CSV header → field. */
  @Column({ type: "text" })
  mapping: string;

  @Field(() => ImportStatus)
  @Column({ type: "varchar", length: 16 })
  status: ImportStatus;

  @Field(() => Int, { description: "Data rows handled so far." })
  @Column({ type: "int" })
  processedRows: number;

  @Field(() => Int)
  @Column({ type: "int" })
  created: number;

  @Field(() => Int)
  @Column({ type: "int" })
  updated: number;

  @Field(() => Int, { description: "Rows matching a person who already had every value." })
  @Column({ type: "int" })
  unchanged: number;

  @Field(() => Int)
  @Column({ type: "int" })
  rejected: number;

  @Column({ type: "int" })
  fileBytes: number;

  @Column({ type: "int" })
  bytesDone: number;

  @Field(() => Float, { description: "Share of the file read, 0 to 1." })
  get progress(): number {
    return this.fileBytes === 0 ? 1 : Math.min(1, this.bytesDone / this.fileBytes);
  }
}

@ObjectType({ description: "A row an import refused, and why." })
@Entity("import_rejections")
export class ImportRejection {
  @PrimaryColumn({ type: "int" })
  jobId: number;

  @ManyToOne(() => ImportJob, { onDelete: "CASCADE" })
  @JoinColumn({ name: "jobId", foreignKeyConstraintName: "FK_import_rejections_job" })
  job?: ImportJob;

  @Field(() => Int, { description: "The line in the file (1 is the header)." })
  @PrimaryColumn({ type: "int" })
  line: number;

  @Field()
  @Column({ type: "varchar", length: WIDTH.importRejection.reason })
  reason: string;

  /** JSON array: the row as it was in the file, for the rejected-rows download. */
  @Column({ type: "text" })
  raw: string;

  /** Keyset pagination orders rejections by line. */
  get id(): number {
    return this.line;
  }
}
