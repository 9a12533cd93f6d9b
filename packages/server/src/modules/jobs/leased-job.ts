/**
 * What every background job row has: who started it, when, and the lease a runner holds it
 * under (see job-runner.ts); and the one way to take a job over: a conditional update that
 * matches the lease as it was read, so two runners never both win.
 */
import { Field, ObjectType } from "type-graphql";
import { Column, In, IsNull, LessThan, Or, type FindOptionsOrder, type FindOptionsWhere, type Repository } from "typeorm";
import type { QueryDeepPartialEntity } from "typeorm/query-builder/QueryPartialEntity";
import { DomainError, ErrorCode } from "../../common/errors";
import { datetimeColumn } from "../../common/timestamps";
import { truncateToWidth } from "../../common/widths";
import { ActorType } from "../audit/audit.enums";

/** The width of `error`: a failure's message is cut to it. */
export const JOB_ERROR_WIDTH = 1000;

@ObjectType()
export abstract class LeasedJob {
  id: number;
  status: string;

  @Field(() => ActorType)
  @Column({ type: "varchar", length: 16 })
  actorType: ActorType;

  @Column({ type: "int", nullable: true })
  actorId: number | null;

  @Field({ description: "Who started it." })
  @Column({ type: "varchar", length: 200 })
  actorName: string;

  @Field()
  @Column(datetimeColumn)
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  @Column({ ...datetimeColumn, nullable: true })
  finishedAt: Date | null;

  @Field(() => String, {
    nullable: true,
    description: "Why the job stopped, when it FAILED; `retry` carries on from where it stopped.",
  })
  @Column({ type: "varchar", length: JOB_ERROR_WIDTH, nullable: true })
  error: string | null;

  /** Until when a runner holds the job (wall-clock time); a lapsed lease can be taken over. */
  @Column({ ...datetimeColumn, nullable: true })
  leaseUntil: Date | null;
}

/** Takes the oldest job in one of `runnable` states whose lease is free or lapsed, or null. */
export async function claimJob<J extends LeasedJob>(
  repository: Repository<J>,
  runnable: readonly string[],
  running: (job: J) => QueryDeepPartialEntity<J>,
  leaseUntil: Date,
  wallClock: Date,
): Promise<J | null> {
  const candidates = await repository.find({
    where: { status: In([...runnable]), leaseUntil: Or(IsNull(), LessThan(wallClock)) } as FindOptionsWhere<J>,
    order: { id: "ASC" } as FindOptionsOrder<J>,
    take: 5,
  });
  for (const job of candidates) {
    const held = { id: job.id, leaseUntil: job.leaseUntil === null ? IsNull() : job.leaseUntil } as FindOptionsWhere<J>;
    const result = await repository.update(held, { ...running(job), leaseUntil } as QueryDeepPartialEntity<J>);
    if (result.affected) return repository.findOneBy({ id: job.id } as FindOptionsWhere<J>);
  }
  return null;
}

/** Ends a job FAILED with why (see job-runner.ts); its committed batches stay done. */
export async function failJob<J extends LeasedJob>(
  repository: Repository<J>,
  id: number,
  error: string,
  now: Date,
): Promise<void> {
  const failed: Partial<LeasedJob> = {
    status: "FAILED",
    error: truncateToWidth(error, JOB_ERROR_WIDTH),
    finishedAt: now,
    leaseUntil: null,
  };
  // Only a job still running: one that another process took over and finished stays as it is.
  await repository.update({ id, status: "RUNNING" } as FindOptionsWhere<J>, { ...failed } as QueryDeepPartialEntity<J>);
}

/** Queues a FAILED job again; the runner carries on after its last committed batch. */
export async function retryJob<J extends LeasedJob>(repository: Repository<J>, id: number, noun: string): Promise<J> {
  const queued: Partial<LeasedJob> = { status: "QUEUED", error: null, finishedAt: null, leaseUntil: null };
  const result = await repository.update(
    { id, status: "FAILED" } as FindOptionsWhere<J>,
    { ...queued } as QueryDeepPartialEntity<J>,
  );
  const job = await repository.findOneBy({ id } as FindOptionsWhere<J>);
  if (!job) throw new DomainError(ErrorCode.NotFound, `There is no ${noun} ${id}.`, { argument: "id" });
  if (!result.affected) {
    throw new DomainError(ErrorCode.InvalidTransition, `This ${noun} (${id}) has not failed: it is ${job.status}.`, {
      argument: "id",
    });
  }
  return job;
}
