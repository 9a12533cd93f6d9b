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
 * source's to report (a rejected row, a FAILED person) without failing the job.
 */
import type { Clock } from "../../common/clock";
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

  constructor(
    private readonly sources: readonly JobSource[],
    private readonly clock: Clock,
    private readonly log: (message: string) => void = console.log,
  ) {}

  start(): void {
    this.stopping = false;
    this.timer = setInterval(() => this.notify(), POLL_MS);
    this.timer.unref();
    this.notify();
  }

  /** Call after queueing a job: starts it now rather than at the next poll. */
  notify(): void {
    if (this.running || this.stopping || !this.timer) return;
    this.running = this.runAll()
      .catch((error: unknown) => this.log(`[jobs] runner failed: ${error instanceof Error ? error.message : String(error)}`))
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
      for (const source of this.sources) {
        if (this.stopping) return;
        ran = (await this.runOne(source)) || ran;
      }
      if (!ran) return;
    }
  }

  /** Runs one job of this kind to its end (or until stopped); false when none was waiting. */
  private async runOne(source: JobSource): Promise<boolean> {
    const lease = () => new Date(Date.now() + LEASE_MS);
    const job = await source.claim(lease(), new Date(), this.clock());
    if (!job) return false;
    let goesOn = true;
    while (goesOn && !this.stopping) {
      try {
        goesOn = await this.batchWithRetries(source, job.id, lease);
      } catch (error) {
        if (this.stopping && isTransient(error)) {
          await source.release(job.id).catch(() => undefined); // else the lease lapses
          return true;
        }
        const reason = messageOf(error);
        this.log(`[jobs] job ${job.id} failed: ${reason}`);
        // If even this cannot be written (the database is gone), the job keeps its lapsing
        // lease and is taken up again, from the same batch, once the database is back.
        await source.fail(job.id, reason, this.clock());
        return true;
      }
      // The embedded database answers synchronously: without a turn of the event loop between
      // batches, a long job would keep every HTTP request waiting until it ends.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (goesOn) await source.release(job.id);
    return true;
  }

  private async batchWithRetries(source: JobSource, id: number, lease: () => Date): Promise<boolean> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await source.runBatch(id, lease(), this.clock());
      } catch (error) {
        const delay = BATCH_RETRY_DELAYS_MS[attempt];
        if (!isTransient(error) || delay === undefined || this.stopping) throw error;
        this.log(`[jobs] job ${id}: ${messageOf(error)}; trying the batch again in ${delay} ms`);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}
