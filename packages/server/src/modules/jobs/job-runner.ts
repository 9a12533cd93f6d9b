/**
 * Runs bulk jobs in the background of the server process, one batch after another. A job is
 * held under a lease on the wall clock (renewed with every batch), so a second Roster process
 * never runs the same job at once, and a job whose process died is taken over once its lease
 * lapses. Stopping finishes the batch in hand and releases the lease, so a restarted server
 * carries on at once.
 */
import type { Clock } from "../../common/clock";
import type { BulkJobService } from "./bulk-job.service";

const LEASE_MS = 30_000;
const POLL_MS = 1_000;

export class BulkJobRunner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopping = false;

  constructor(
    private readonly jobs: BulkJobService,
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
      .catch((error: unknown) => this.log(`[bulk] runner failed: ${error instanceof Error ? error.message : String(error)}`))
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
      const lease = () => new Date(Date.now() + LEASE_MS);
      const job = await this.jobs.claim(lease(), new Date(), this.clock());
      if (!job) return;
      let goesOn = true;
      while (goesOn && !this.stopping) {
        goesOn = await this.jobs.runBatch(job.id, lease(), this.clock());
        // The embedded database answers synchronously: without a turn of the event loop between
        // batches, a long job would keep every HTTP request waiting until it ends.
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (this.stopping) {
        if (goesOn) await this.jobs.release(job.id);
        return;
      }
    }
  }
}
