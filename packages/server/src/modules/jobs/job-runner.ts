/**
 * Runs background jobs (bulk actions, imports) in the server process, one batch after another.
 * A job is held under a lease on the wall clock (renewed with every batch), so a second Roster
 * process never runs the same job at once, and a job whose process died is taken over once its
 * lease lapses. Stopping finishes the batch in hand and releases the lease, so a restarted
 * server carries on at once. Each kind of job commits a batch's work with its progress.
 *
 * A batch that fails is never stepped over. A transient failure (a lost connection, a deadlock,
 * a busy database) runs the same batch again after a backoff, a bounded number of times; any
 * other failure, or one that outlasts the retries, ends the job FAILED with its error, to be
 * resumed by an agent (`retry…Job`) from the last whole batch. Row-level problems are each
 * source's to report (a rejected row, a FAILED person) without failing the job. Every line a job
 * logs carries its kind and id.
 */
import { AsyncResource } from "node:async_hooks";
import type { Clock } from "../../common/clock";
import { logger, withLogContext } from "../../common/logger";
import { isTransient, messageOf } from "../../database/database-errors";

/** A kind of job the runner can drive. */
export interface JobSource {
  /** Takes a queued job, or one whose lease has lapsed; null when there is none. */
  claim(leaseUntil: Date, wallClock: Date, now: Date): Promise<{ id: number } | null>;
  /** One batch in one transaction; whether the job goes on. */
  runBatch(id: number, leaseUntil: Date, now: Date): Promise<boolean>;
  release(id: number): Promise<void>;
  /** Ends the job FAILED with why, keeping what its committed batches did. */
  fail(id: number, error: string, now: Date): Promise<void>;
}

const LEASE_MS = 30_000;
const POLL_MS = 1_000;

/** Backoff between tries of one batch; together they outlast a database restart of half a minute. */
export const BATCH_RETRY_DELAYS_MS = [250, 500, 1_000, 2_000, 4_000, 8_000, 8_000, 8_000];

export class JobRunner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopping = false;
  private wake: () => void = () => undefined;

  /** `sources` by kind ("bulk", "import"), the name their log lines carry. */
  constructor(
    private readonly sources: Readonly<Record<string, JobSource>>,
    private readonly clock: Clock,
  ) {}

  start(): void {
    this.stopping = false;
    // Jobs run in the context the runner started in, not in that of the request whose notify()
    // woke it: their lines carry the job's id, and their statements are not the request's.
    this.wake = AsyncResource.bind(() => this.runIfIdle());
    this.timer = setInterval(() => this.notify(), POLL_MS);
    this.timer.unref();
    this.notify();
  }

  /** Call after queueing a job: starts it now rather than at the next poll. */
  notify(): void {
    this.wake();
  }

  private runIfIdle(): void {
    if (this.running || this.stopping || !this.timer) return;
    this.running = this.runAll()
      .catch((error: unknown) => logger.error({ err: error }, "job runner failed"))
      .finally(() => (this.running = undefined));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async runAll(): Promise<void> {
    for (;;) {
      let ran = false;
      for (const [kind, source] of Object.entries(this.sources)) {
        if (this.stopping) return;
        ran = (await this.runOne(kind, source)) || ran;
      }
      if (!ran) return;
    }
  }

  /** Runs one job of this kind to its end (or until stopped); false when none was waiting. */
  private async runOne(kind: string, source: JobSource): Promise<boolean> {
    const lease = () => new Date(Date.now() + LEASE_MS);
    const job = await source.claim(lease(), new Date(), this.clock());
    if (!job) return false;
    return withLogContext({ job: kind, jobId: job.id }, () => this.drive(source, job.id, lease));
  }

  /** Runs a claimed job batch after batch until it ends, fails, or the runner stops. */
  private async drive(source: JobSource, id: number, lease: () => Date): Promise<boolean> {
    logger.info("job taken up");
    let goesOn = true;
    while (goesOn && !this.stopping) {
      try {
        goesOn = await this.batchWithRetries(source, id, lease);
      } catch (error) {
        if (this.stopping && isTransient(error)) {
          await source.release(id).catch(() => undefined); // else the lease lapses
          return true;
        }
        const reason = messageOf(error);
        logger.error({ reason }, "job failed");
        // If even this cannot be written (the database is gone), the job keeps its lapsing
        // lease and is taken up again, from the same batch, once the database is back.
        await source.fail(id, reason, this.clock());
        return true;
      }
      // The embedded database answers synchronously: without a turn of the event loop between
      // batches, a long job would keep every HTTP request waiting until it ends.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (goesOn) await source.release(id);
    logger.info(goesOn ? "job released: the runner is stopping" : "job ran to its end");
    return true;
  }

  private async batchWithRetries(source: JobSource, id: number, lease: () => Date): Promise<boolean> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await source.runBatch(id, lease(), this.clock());
      } catch (error) {
        const delay = BATCH_RETRY_DELAYS_MS[attempt];
        if (!isTransient(error) || delay === undefined || this.stopping) throw error;
        logger.warn({ reason: messageOf(error), retryInMs: delay }, "job batch failed transiently; trying it again");
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}
