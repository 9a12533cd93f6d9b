/**
 * Runs background jobs (bulk actions, imports) in the server process, one batch after another.
 * A job is held under a lease on the wall clock (renewed with every batch), so a second Roster
 * process never runs the same job at once, and a job whose process died is taken over once its
 * lease lapses. Stopping finishes the batch in hand and releases the lease, so a restarted
 * server carries on at once. Each kind of job commits a batch's work with its progress.
 */
import type { Clock } from "../../common/clock";

/** A kind of job the runner can drive. */
export interface JobSource {
  /** Takes a queued job, or one whose lease has lapsed; null when there is none. */
  claim(leaseUntil: Date, wallClock: Date, now: Date): Promise<{ id: number } | null>;
  /** One batch in one transaction; whether the job goes on. */
  runBatch(id: number, leaseUntil: Date, now: Date): Promise<boolean>;
  release(id: number): Promise<void>;
}

const LEASE_MS = 30_000;
const POLL_MS = 1_000;

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
      goesOn = await source.runBatch(job.id, lease(), this.clock());
      // The embedded database answers synchronously: without a turn of the event loop between
      // batches, a long job would keep every HTTP request waiting until it ends.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (goesOn) await source.release(job.id);
    return true;
  }
}
