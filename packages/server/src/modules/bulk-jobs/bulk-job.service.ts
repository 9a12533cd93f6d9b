/**
 * Bulk jobs: checked and stored by `start`, then run batch by batch by `runBatch` (called by
 * the runner). Each batch is one transaction holding every person's change (audited as the
 * single-person operation does, a state change for the whole batch at once, any other action
 * person by person in a savepoint), their results, the counters and the cursor.
 */
import { In, MoreThan, type DataSource, type EntityManager } from "typeorm";
import type { QueryDeepPartialEntity } from "typeorm/query-builder/QueryPartialEntity";
import { DomainError, ErrorCode, badInput } from "../../common/errors";
import { parseId } from "../../common/ids";
import { logger } from "../../common/logger";
import { dialectOf, writeLock, type Dialect } from "../../database/data-source";
import { isTransient } from "../../database/database-errors";
import { insertMany } from "../../database/sql";
import { truncateToWidth, WIDTH } from "../../common/widths";
import { fetchPage, type KeysetSort, type Page } from "../../common/pagination";
import { actorOf, type Actor } from "../audit/actor";
import type { Viewer } from "../auth/viewer";
import { Organization } from "../organizations/organization.entity";
import type { RoleManagementService } from "../roles/role-management.service";
import { Permission } from "../roles/permissions";
import { Role } from "../roles/role.entity";
import type { SegmentService } from "../segments/segment.service";
import type { BatchTransition, UserLifecycleService } from "../users/user-lifecycle.service";
import { UserTransition } from "../users/user-lifecycle";
import type { UserService } from "../users/user.service";
import { User } from "../users/user.entity";
import { BulkJob, BulkJobResult, BulkJobTarget } from "./bulk-job.entity";
import { BulkAction, BulkJobStatus, BulkOutcome } from "./bulk-job.enums";
import type { JobSource } from "../jobs/job-runner";
import { claimJob, failJob, retryJob } from "../jobs/leased-job";
import type { StartBulkJobInput } from "./dto/start-bulk-job.input";

/**
 * People per batch. On SQLite a batch's transaction holds the whole database (docs/write-model.md),
 * so it is kept to some tens of milliseconds; MariaDB's row locks let a batch be larger.
 */
export const BATCH_SIZE: Record<Dialect, number> = { mysql: 200, sqlite: 50 };

interface BulkParameters {
  days?: number | null;
  reason?: string | null;
  roleId?: number;
  organizationId?: number | null;
}

const PERMISSION_OF: Partial<Record<BulkAction, string>> = {
  [BulkAction.DELETE]: Permission.PeopleDelete,
  [BulkAction.ADD_ROLE]: Permission.RolesManage,
  [BulkAction.REMOVE_ROLE]: Permission.RolesManage,
};

// Refusals that mean "not for this person" rather than "something broke".
const SKIPPING = new Set<ErrorCode>([ErrorCode.InvalidTransition, ErrorCode.BadUserInput]);

interface PersonOutcome {
  outcome: BulkOutcome;
  reason?: string;
}

function refusal(error: DomainError): PersonOutcome {
  return { outcome: SKIPPING.has(error.code) ? BulkOutcome.SKIPPED : BulkOutcome.FAILED, reason: error.message };
}

/** The actions a batch applies to all its people at once (`UserLifecycleService.transitionMany`). */
const TOGETHER: Partial<Record<BulkAction, BatchTransition>> = {
  [BulkAction.BAN]: UserTransition.BAN,
  [BulkAction.UNBAN]: UserTransition.UNBAN,
  [BulkAction.TRASH]: UserTransition.TRASH,
  [BulkAction.RESTORE]: UserTransition.RESTORE,
};

const BY_PERSON: KeysetSort = {
  key: "userId-ASC",
  expression: "r.userId",
  idExpression: "r.userId",
  direction: "ASC",
  nullable: false,
};

export class BulkJobService implements JobSource {
  private readonly batchSize: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UserService,
    private readonly segments: SegmentService,
    private readonly lifecycle: UserLifecycleService,
    private readonly roleManagement: RoleManagementService,
  ) {
    this.batchSize = BATCH_SIZE[dialectOf(dataSource)];
  }

  async start(viewer: Viewer, input: StartBulkJobInput, now: Date): Promise<BulkJob> {
    const needed = PERMISSION_OF[input.action] ?? Permission.PeopleManage;
    if (!viewer.permissions.has(needed)) {
      throw new DomainError(ErrorCode.Forbidden, `${input.action} needs the ${needed} permission.`, {
        missingPermissions: [needed],
      });
    }
    const parameters = await this.parametersFor(input);
    const segmentId = input.segmentId ? parseId(input.segmentId, "segmentId") : null;
    const hasSegment = (input.segment !== null && input.segment !== undefined) || segmentId !== null;
    if (Boolean(input.userIds) === hasSegment) {
      throw badInput("userIds", "Give either userIds or a segment (segment or segmentId), not both and not neither.");
    }
    let targetIds: number[] | null = null;
    let segment: string | null = null;
    let total: number;
    if (input.userIds) {
      targetIds = [...new Set(input.userIds.map((id) => parseId(id, "userIds")))].sort((a, b) => a - b);
      total = targetIds.length;
    } else {
      const filter = await this.segments.filterFor(input.segment, segmentId, viewer, now);
      segment = filter.canonical;
      total = await this.users.count({ segments: filter.conditions }, now);
    }
    const actor = actorOf(viewer);
    const repository = this.dataSource.getRepository(BulkJob);
    return this.dataSource.transaction(async (manager) => {
      const job = await manager.save(
        repository.create({
          action: input.action,
          parameters: JSON.stringify(parameters),
          byIds: targetIds !== null,
          segment,
          status: BulkJobStatus.QUEUED,
          total,
          processed: 0,
          succeeded: 0,
          skipped: 0,
          failed: 0,
          cursor: 0,
          actorType: actor.type,
          actorId: actor.id,
          actorName: actor.name,
          createdAt: now,
          startedAt: null,
          finishedAt: null,
          cancelRequestedAt: null,
          leaseUntil: null,
        }),
      );
      await insertMany(
        manager,
        BulkJobTarget,
        (targetIds ?? []).map((userId) => ({ jobId: job.id, userId })),
      );
      return job;
    });
  }

  find(id: number): Promise<BulkJob | null> {
    return this.dataSource.getRepository(BulkJob).findOneBy({ id });
  }

  recent(limit: number): Promise<BulkJob[]> {
    return this.dataSource.getRepository(BulkJob).find({ order: { id: "DESC" }, take: limit });
  }

  /** A queued or failed job stops at once; a running one after its current batch. */
  async cancel(id: number, now: Date): Promise<BulkJob> {
    const repository = this.dataSource.getRepository(BulkJob);
    const job = await repository.findOneBy({ id });
    if (!job) throw new DomainError(ErrorCode.NotFound, `There is no bulk job ${id}.`, { argument: "id" });
    if (job.status === BulkJobStatus.DONE || job.status === BulkJobStatus.CANCELLED) {
      throw new DomainError(
        ErrorCode.InvalidTransition,
        `Bulk job ${id} has already ${job.status === BulkJobStatus.DONE ? "finished" : "been cancelled"}.`,
      );
    }
    await repository.update(
      { id, status: In([BulkJobStatus.QUEUED, BulkJobStatus.FAILED]) },
      { status: BulkJobStatus.CANCELLED, cancelRequestedAt: now, finishedAt: now },
    );
    await repository.update({ id, status: BulkJobStatus.RUNNING }, { cancelRequestedAt: now });
    return (await repository.findOneBy({ id }))!;
  }

  results(
    jobId: number,
    outcome: BulkOutcome | null | undefined,
    first: number,
    after: string | null | undefined,
  ): Promise<Page<BulkJobResult>> {
    const query = this.dataSource.getRepository(BulkJobResult).createQueryBuilder("r").where("r.jobId = :jobId", { jobId });
    if (outcome) query.andWhere("r.outcome = :outcome", { outcome });
    return fetchPage(query, BY_PERSON, first, after);
  }

  countResults(jobId: number, outcome: BulkOutcome | null | undefined): Promise<number> {
    return this.dataSource.getRepository(BulkJobResult).countBy({ jobId, ...(outcome ? { outcome } : {}) });
  }

  claim(leaseUntil: Date, wallClock: Date, now: Date): Promise<BulkJob | null> {
    return claimJob(
      this.dataSource.getRepository(BulkJob),
      [BulkJobStatus.QUEUED, BulkJobStatus.RUNNING],
      (job) => ({ status: BulkJobStatus.RUNNING, startedAt: job.startedAt ?? now }),
      leaseUntil,
      wallClock,
    );
  }

  async release(id: number): Promise<void> {
    await this.dataSource.getRepository(BulkJob).update({ id }, { leaseUntil: null });
  }

  fail(id: number, error: string, now: Date): Promise<void> {
    return failJob(this.dataSource.getRepository(BulkJob), id, error, now);
  }

  retry(id: number): Promise<BulkJob> {
    return retryJob(this.dataSource.getRepository(BulkJob), id, "bulk job");
  }

  /** One batch in one transaction; returns whether the job goes on. */
  async runBatch(jobId: number, leaseUntil: Date, now: Date): Promise<boolean> {
    const job = await this.find(jobId);
    if (!job || job.status !== BulkJobStatus.RUNNING) return false;
    const targets = await this.nextTargets(job, now);
    return this.dataSource.transaction(async (manager) => {
      // Held to the end of the batch: a cancel or another runner waits instead of deadlocking
      // against the results' foreign-key checks on this row.
      const current = await manager.findOneOrFail(BulkJob, { where: { id: jobId }, lock: writeLock(this.dataSource) });
      if (current.cursor !== job.cursor) return true; // another runner moved on; read again
      if (current.cancelRequestedAt) {
        await manager.update(BulkJob, { id: jobId }, { status: BulkJobStatus.CANCELLED, finishedAt: now, leaseUntil: null });
        return false;
      }
      const parameters = JSON.parse(current.parameters) as BulkParameters;
      // The job's id rides with its actor, so every event the reused operations record is filed under the job.
      const actor: Actor = { type: current.actorType, id: current.actorId, name: current.actorName, bulkJobId: jobId };
      const counts = { [BulkOutcome.DONE]: 0, [BulkOutcome.SKIPPED]: 0, [BulkOutcome.FAILED]: 0 };
      const results: QueryDeepPartialEntity<BulkJobResult>[] = [];
      const together = await this.applyTogether(manager, current.action, parameters, actor, targets.people, now);
      for (const { id, person } of targets.people) {
        const { outcome, reason } = person
          ? (together?.get(id) ?? (await this.applyOne(manager, current.action, parameters, actor, person, now)))
          : { outcome: BulkOutcome.FAILED, reason: `There is no person with id ${id}.` };
        counts[outcome] += 1;
        results.push({
          jobId,
          userId: id,
          displayName: person ? truncateToWidth(person.displayName, WIDTH.bulkJobResult.displayName) : "—",
          outcome,
          reason: reason === undefined ? null : truncateToWidth(reason, WIDTH.bulkJobResult.reason),
          processedAt: now,
        });
      }
      // The batch's results in as few statements as the database takes, in its transaction.
      await insertMany(manager, BulkJobResult, results);
      const finished = targets.last;
      await manager.update(
        BulkJob,
        { id: jobId },
        {
          processed: current.processed + targets.people.length,
          succeeded: current.succeeded + counts[BulkOutcome.DONE],
          skipped: current.skipped + counts[BulkOutcome.SKIPPED],
          failed: current.failed + counts[BulkOutcome.FAILED],
          cursor: targets.people.at(-1)?.id ?? current.cursor,
          leaseUntil: finished ? null : leaseUntil,
          // A segment can gain or lose people while the job runs: once it is done, the total is
          // exactly who was handled, so done + skipped + failed = total always holds.
          ...(finished ? { status: BulkJobStatus.DONE, finishedAt: now, total: current.processed + targets.people.length } : {}),
        },
      );
      return !finished;
    });
  }

  private async nextTargets(job: BulkJob, now: Date): Promise<{ people: { id: number; person: User | null }[]; last: boolean }> {
    if (job.byIds) {
      const targets = await this.dataSource.getRepository(BulkJobTarget).find({
        select: { userId: true },
        where: { jobId: job.id, userId: MoreThan(job.cursor) },
        order: { userId: "ASC" },
        take: this.batchSize + 1,
      });
      const ids = targets.map(({ userId }) => userId);
      const batch = ids.slice(0, this.batchSize);
      const people = await this.users.findByIds(batch);
      return { people: batch.map((id, index) => ({ id, person: people[index] })), last: ids.length <= this.batchSize };
    }
    const filter = { segments: this.segments.filterForText(job.segment ?? "", now).conditions };
    const next = await this.users.inBatches(filter, now, this.batchSize + 1, job.cursor).next();
    const found = next.done ? [] : next.value;
    return {
      people: found.slice(0, this.batchSize).map((person) => ({ id: person.id, person })),
      last: found.length <= this.batchSize,
    };
  }

  /**
   * The batch's people at once, for the actions `transitionMany` takes, in one savepoint: the
   * outcome of each person it decided. Should it fail for another reason than a lost deadlock
   * or connection, the savepoint is undone and every person goes through `applyOne` instead,
   * where each one's failure stays that person's.
   */
  private async applyTogether(
    manager: EntityManager,
    action: BulkAction,
    parameters: BulkParameters,
    actor: Actor,
    people: readonly { person: User | null }[],
    now: Date,
  ): Promise<Map<number, PersonOutcome> | undefined> {
    const transition = TOGETHER[action];
    if (!transition) return undefined;
    const ids = people.flatMap(({ person }) => (person ? [person.id] : []));
    try {
      const outcomes = await manager.transaction((inner) =>
        this.lifecycle.transitionMany(actor, transition, ids, parameters, now, inner),
      );
      const decided = new Map<number, PersonOutcome>();
      for (const [id, outcome] of outcomes) {
        if ("done" in outcome) decided.set(id, { outcome: BulkOutcome.DONE });
        else if ("refused" in outcome) decided.set(id, refusal(outcome.refused));
      }
      return decided;
    } catch (error) {
      if (isTransient(error)) throw error;
      logger.warn({ err: error, action }, "a batch could not be changed at once; changing its people one by one");
      return undefined;
    }
  }

  /** One person, in a savepoint: a refusal undoes only this person's change. */
  private async applyOne(
    manager: EntityManager,
    action: BulkAction,
    parameters: BulkParameters,
    actor: Actor,
    person: User,
    now: Date,
  ): Promise<PersonOutcome> {
    try {
      const skipped = await manager.transaction((inner) => this.apply(inner, action, parameters, actor, person, now));
      return skipped ? { outcome: BulkOutcome.SKIPPED, reason: skipped } : { outcome: BulkOutcome.DONE };
    } catch (error) {
      // A lost deadlock or connection undoes the whole batch, not just this person: try it again.
      if (isTransient(error)) throw error;
      if (error instanceof DomainError) return refusal(error);
      logger.error({ err: error, action, userId: person.id }, "bulk action on a person failed unexpectedly");
      return { outcome: BulkOutcome.FAILED, reason: "An unexpected error; it has been logged." };
    }
  }

  /** Applies the action; returns why it was skipped, or undefined once done. */
  private async apply(
    manager: EntityManager,
    action: BulkAction,
    parameters: BulkParameters,
    actor: Actor,
    person: User,
    now: Date,
  ): Promise<string | undefined> {
    const { id } = person;
    const lifecycle = this.lifecycle;
    // The account transitions, each the very operation an agent runs on one person.
    const transitions: Partial<Record<BulkAction, () => Promise<unknown>>> = {
      [BulkAction.ACTIVATE]: () => lifecycle.activate(actor, id, now, manager),
      [BulkAction.BAN]: () => lifecycle.ban(actor, id, parameters.days, parameters.reason, now, manager),
      [BulkAction.UNBAN]: () => lifecycle.unban(actor, id, now, manager),
      [BulkAction.TRASH]: () => lifecycle.trash(actor, id, now, manager),
      [BulkAction.RESTORE]: () => lifecycle.restore(actor, id, now, manager),
      [BulkAction.DELETE]: () => lifecycle.delete(actor, id, now, manager),
      [BulkAction.SEND_VERIFICATION_EMAIL]: () => lifecycle.sendVerificationEmail(actor, id, now, manager),
    };
    const transition = transitions[action];
    if (transition) {
      await transition();
      return;
    }
    switch (action) {
      case BulkAction.ADD_ROLE:
      case BulkAction.REMOVE_ROLE: {
        const roleId = parameters.roleId!;
        const current = await this.roleManagement.explicitRoleIds(manager, id);
        const adding = action === BulkAction.ADD_ROLE;
        if (current.includes(roleId) === adding) return adding ? "Already has the role." : "Does not have the role.";
        const next = adding ? [...current, roleId] : current.filter((existing) => existing !== roleId);
        await this.roleManagement.assign(actor, id, next.map(String), now, manager);
        return;
      }
      case BulkAction.SET_ORGANIZATION: {
        const organizationId = parameters.organizationId ?? null;
        if (person.organizationId === organizationId) return "Already there.";
        const fresh = await manager.findOneByOrFail(User, { id });
        await this.lifecycle.update(
          actor,
          id,
          fresh.version,
          { organizationId: organizationId === null ? null : String(organizationId) },
          now,
          manager,
        );
        return;
      }
    }
  }

  private async parametersFor(input: StartBulkJobInput): Promise<BulkParameters> {
    switch (input.action) {
      case BulkAction.BAN:
        return { days: input.days ?? null, reason: input.reason?.trim() || null };
      case BulkAction.ADD_ROLE:
      case BulkAction.REMOVE_ROLE: {
        if (!input.roleId) throw badInput("roleId", `${input.action} needs roleId.`);
        const roleId = parseId(input.roleId, "roleId");
        if (!(await this.dataSource.getRepository(Role).existsBy({ id: roleId }))) {
          throw badInput("roleId", `roleId: there is no role with id ${roleId}.`);
        }
        return { roleId };
      }
      case BulkAction.SET_ORGANIZATION: {
        if (!input.organizationId) return { organizationId: null };
        const organizationId = parseId(input.organizationId, "organizationId");
        if (!(await this.dataSource.getRepository(Organization).existsBy({ id: organizationId }))) {
          throw badInput("organizationId", `organizationId: there is no organization with id ${organizationId}.`);
        }
        return { organizationId };
      }
      default:
        return {};
    }
  }
}
