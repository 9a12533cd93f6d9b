/**
 * `pnpm bench:reliability [--users N] [--database sqlite|mariadb|both] [--soak-seconds N]
 * [--baseline-seconds N] [--job-limit-seconds N] [--readers N]`: how the API answers while a bulk
 * job runs, and whether the server's memory stays flat over a mixed soak (issue 11).
 *
 * A real Roster server runs as a child process (the built `dist/main.js`, NODE_ENV=production)
 * on a scratch database (see scratch-database.ts) seeded with N generated people (10,000 by
 * default, about ten communications each), reached on 127.0.0.1 only. Every worker signs in as
 * the scratch administrator with its own session. The load, in every phase:
 * - `--readers` workers (4) looping an agent's read without pause: a page of `users(first: 50)`
 *   in a segment (rotating over four that do not depend on account state), then one `user(id)`;
 * - one writer: `updateUser` of a random person's display name with the version just read, at
 *   most one write per `--write-interval-ms` (50); a CONFLICT (the job moved the version) is
 *   counted and not retried;
 * - a `/healthz` probe every 200 ms.
 *
 * Phase 1 (baseline): that load alone, after 5 s of it not counted, for `--baseline-seconds` (30).
 * Phase 2: `startBulkJob` BAN over everyone in `kind = customer` (all seeded people but the few
 * agents, so the administrator keeps its session), the same load until the job ends (at most
 * `--job-limit-seconds`, then it is cancelled). The job must end DONE with
 * succeeded + skipped + failed = total.
 * Phase 3 (soak, `--soak-seconds`, 300): the same load plus, every 30 s, a bulk job over 1,000
 * random people (UNBAN and BAN in turn) and, every 60 s, a CSV export of everyone; the server's
 * RSS (VmRSS of the child) is sampled every 5 s (with the SQLite file and its WAL).
 *
 * After the server stops, every display name the writer was told was saved is read back from
 * the database: a missing one is a lost acknowledged write, reported loudly, and the command
 * exits non-zero (as it does when the job's counts do not add up).
 */
import "reflect-metadata";
import fs from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import type { Config } from "../config/config";
import { createDataSource, embeddedDatabasePath } from "../database/data-source";
import { querySql } from "../database/sql";
import { seedPeople } from "../seed/seed-generator";
import { BENCH_ADMIN, scratchDatabase, signIn } from "./scratch-database";
import { MAIN, startServerChild, type ServerChild } from "./server-child";

/** What the server child gets on top of the scratch configuration. */
const SERVER_ENV = {
  ROSTER_ADMIN_EMAIL: BENCH_ADMIN.email,
  ROSTER_ADMIN_PASSWORD: BENCH_ADMIN.password,
  ROSTER_RATE_LIMIT_PER_MINUTE: "1000000",
  ROSTER_DEMO_DATA: "off",
  ROSTER_PUBLIC_URL: "http://localhost",
  // The production default: a read stopped by the statement limit counts as an error here.
  ROSTER_QUERY_TIMEOUT_MS: "10000",
};
const REQUEST_TIMEOUT_MS = 30_000;
const HEALTH_EVERY_MS = 200;
const RSS_EVERY_MS = 5_000;
const WARM_UP_SECONDS = 60;
const SOAK_JOB_EVERY_MS = 30_000;
const SOAK_JOB_PEOPLE = 1_000;
const SOAK_EXPORT_EVERY_MS = 60_000;
const SEGMENTS = ["lastLoginAt < now-90d", 'org.name contains "a"', "tickets.count >= 3", "kind = customer"];
const LIST_QUERY = `query ($segment: String) { users(first: 50, segment: $segment) {
  totalCount edges { node { id displayName email state lastLoginAt organization { name } } } pageInfo { endCursor } } }`;
const ONE_QUERY = "query ($id: ID!) { user(id: $id) { id displayName email state version bannedUntil organization { name } } }";
const UPDATE_MUTATION =
  "mutation ($id: ID!, $version: Int!, $input: UpdateUserInput!) { updateUser(id: $id, version: $version, input: $input) { id version } }";
const JOB_FIELDS = "id status total processed succeeded skipped failed startedAt finishedAt";

const loadAverage = () =>
  os
    .loadavg()
    .map((load) => load.toFixed(1))
    .join(" ") + ` (${os.cpus().length} cores)`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

// ---------------------------------------------------------------------------------------------
// The server child

function startServer(config: Config): Promise<ServerChild> {
  return startServerChild({
    NODE_ENV: config.nodeEnv,
    PORT: "0",
    ROSTER_DATA_DIR: config.dataDir,
    ...(config.databaseUrl ? { DATABASE_URL: config.databaseUrl } : {}),
    ...SERVER_ENV,
  });
}

// ---------------------------------------------------------------------------------------------
// The client

interface Answer<T> {
  ms: number;
  data?: T;
  /** The GraphQL error code, an HTTP status or the network failure. */
  error?: string;
}

async function timed<T>(request: () => Promise<{ data?: T; error?: string }>): Promise<Answer<T>> {
  const started = performance.now();
  try {
    const answer = await request();
    return { ...answer, ms: performance.now() - started };
  } catch (error) {
    const name = error instanceof Error ? (error.name === "TimeoutError" ? "client timeout" : error.message) : String(error);
    return { ms: performance.now() - started, error: name };
  }
}

function graphql<T>(url: string, cookie: string, query: string, variables: Record<string, unknown> = {}): Promise<Answer<T>> {
  return timed(async () => {
    const response = await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    let body: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      return { error: `HTTP ${response.status}` };
    }
    const failure = body.errors?.[0];
    if (failure) return { error: failure.extensions?.code ?? failure.message };
    if (!response.ok) return { error: `HTTP ${response.status}` };
    return { data: body.data };
  });
}

// ---------------------------------------------------------------------------------------------
// Figures

class Latencies {
  readonly samples: number[] = [];
  readonly errors = new Map<string, number>();

  add(answer: { ms: number; error?: string }): void {
    this.samples.push(answer.ms);
    if (answer.error) this.errors.set(answer.error, (this.errors.get(answer.error) ?? 0) + 1);
  }

  percentile(p: number): number {
    if (this.samples.length === 0) return NaN;
    const sorted = [...this.samples].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  }

  row(seconds: number): Record<string, number | string> {
    const round = (ms: number) => Math.round(ms);
    return {
      n: this.samples.length,
      "per s": Math.round(this.samples.length / seconds),
      "p50 ms": round(this.percentile(50)),
      "p95 ms": round(this.percentile(95)),
      "p99 ms": round(this.percentile(99)),
      "max ms": round(this.percentile(100)),
      errors: [...this.errors].map(([code, count]) => `${code}×${count}`).join(" ") || "0",
    };
  }
}

/** What the writer sent per person: the last value acknowledged, and any sent after it with no answer. */
type WriteLog = Map<number, { acknowledged?: string; unanswered: string[] }>;

interface Phase {
  name: string;
  seconds: number;
  reads: Latencies;
  writes: Latencies;
  health: Latencies;
  conflicts: number;
  /** The server's RSS when the phase ended. */
  rssMiB?: number;
}

// ---------------------------------------------------------------------------------------------
// The load

interface LoadContext {
  url: string;
  /** One session per worker: readers, then the writer, then the soak's jobs. */
  cookies: string[];
  people: number[];
  writeIntervalMs: number;
  writeLog: WriteLog;
  label: string;
}

let writeSequence = 0;
const random = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];

/**
 * Runs the readers, the writer and the health probe until `until` resolves (and never past
 * `deadline`, a wall-clock bound in ms from performance.now()).
 */
async function runLoad(context: LoadContext, name: string, until: Promise<unknown>, deadline: number): Promise<Phase> {
  const phase: Phase = {
    name,
    seconds: 0,
    reads: new Latencies(),
    writes: new Latencies(),
    health: new Latencies(),
    conflicts: 0,
  };
  let running = true;
  const ended = until.then(
    () => undefined,
    () => undefined, // the caller awaits `until` itself and sees its failure
  );
  void ended.then(() => (running = false));
  const going = () => running && performance.now() < deadline;
  const started = performance.now();
  const readers = context.cookies.slice(0, -1).map(async (cookie, worker) => {
    for (let turn = worker; going(); turn += 1) {
      phase.reads.add(await graphql(context.url, cookie, LIST_QUERY, { segment: SEGMENTS[turn % SEGMENTS.length] }));
      if (!going()) break;
      phase.reads.add(await graphql(context.url, cookie, ONE_QUERY, { id: String(random(context.people)) }));
    }
  });
  const writer = (async () => {
    const cookie = context.cookies.at(-1)!;
    while (going()) {
      const pace = sleep(context.writeIntervalMs);
      const id = random(context.people);
      const read = await graphql<{ user: { version: number } | null }>(context.url, cookie, ONE_QUERY, { id: String(id) });
      if (read.data?.user) {
        writeSequence += 1;
        const displayName = `Bench ${context.label} write ${writeSequence}`;
        const entry = context.writeLog.get(id) ?? { unanswered: [] };
        context.writeLog.set(id, entry);
        const answer = await graphql<{ updateUser: { version: number } }>(context.url, cookie, UPDATE_MUTATION, {
          id: String(id),
          version: read.data.user.version,
          input: { displayName },
        });
        phase.writes.add(answer);
        if (answer.data) {
          entry.acknowledged = displayName;
          entry.unanswered = [];
        } else if (answer.error === "CONFLICT") {
          phase.conflicts += 1;
        } else {
          entry.unanswered.push(displayName); // refused or unanswered: it may or may not be stored
        }
      }
      await pace;
    }
  })();
  const health = (async () => {
    while (going()) {
      const pace = sleep(HEALTH_EVERY_MS);
      phase.health.add(
        await timed(async () => {
          const response = await fetch(`${context.url}/healthz`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
          await response.arrayBuffer();
          return response.ok ? {} : { error: `HTTP ${response.status}` };
        }),
      );
      await pace;
    }
  })();
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([ended, new Promise((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - performance.now()))))]);
  clearTimeout(timer);
  running = false;
  await Promise.all([...readers, writer, health]);
  phase.seconds = (performance.now() - started) / 1000;
  return phase;
}

interface JobFigures {
  id: string;
  status: string;
  total: number;
  processed: number;
  succeeded: number;
  skipped: number;
  failed: number;
  startedAt: string | null;
  finishedAt: string | null;
  /** Why it FAILED (a field the API has only since jobs can fail). */
  error?: string | null;
}

const TERMINAL = new Set(["DONE", "CANCELLED", "FAILED"]);

async function startJob(url: string, cookie: string, input: Record<string, unknown>): Promise<JobFigures> {
  const started = await graphql<{ startBulkJob: JobFigures }>(
    url,
    cookie,
    `mutation ($input: StartBulkJobInput!) { startBulkJob(input: $input) { ${JOB_FIELDS} } }`,
    { input },
  );
  if (!started.data) throw new Error(`startBulkJob refused: ${started.error}`);
  return started.data.startBulkJob;
}

/** Polls the job every second until it ends; past `deadline` it is cancelled and awaited. */
async function awaitJob(url: string, cookie: string, id: string, deadline: number): Promise<JobFigures> {
  let cancelled = false;
  for (let polls = 0; ; polls += 1) {
    const answer = await graphql<{ bulkJob: JobFigures }>(
      url,
      cookie,
      `query ($id: ID!) { bulkJob(id: $id) { ${JOB_FIELDS} } }`,
      {
        id,
      },
    );
    const job = answer.data?.bulkJob;
    if (job?.status === "FAILED") {
      const why = await graphql<{ bulkJob: { error: string | null } }>(
        url,
        cookie,
        "query ($id: ID!) { bulkJob(id: $id) { error } }",
        {
          id,
        },
      );
      return { ...job, error: why.data?.bulkJob.error ?? why.error };
    }
    if (job && TERMINAL.has(job.status)) return job;
    if (!cancelled && performance.now() > deadline) {
      cancelled = true;
      console.error(`  job ${id} still ${job?.status ?? answer.error} after its time limit: cancelling it`);
      await graphql(url, cookie, "mutation ($id: ID!) { cancelBulkJob(id: $id) { id } }", { id });
    }
    if (cancelled && performance.now() > deadline + 120_000) throw new Error(`job ${id} did not stop after being cancelled`);
    await sleep(1000);
  }
}

function jobSeconds(job: JobFigures, fallback: number): number {
  if (job.startedAt && job.finishedAt) return (Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000;
  return fallback;
}

// ---------------------------------------------------------------------------------------------
// One database

interface Report {
  database: string;
  phases: Phase[];
  job: JobFigures & { seconds: number; rowsPerSecond: number };
  soakJobs: number;
  soakExports: Latencies;
  /** Once started and signed into; then at the end of each phase, and every 5 s of the soak. */
  bootRssMiB: number;
  rss: { seconds: number; rssMiB: number; walMiB?: number }[];
  acknowledged: number;
  lost: { id: number; expected: string; stored: string | null }[];
  problems: string[];
}

async function runDatabase(database: string, options: Options): Promise<Report> {
  const scratch = await scratchDatabase(database, SERVER_ENV);
  const problems: string[] = [];
  let server: ServerChild | undefined;
  try {
    const seeding = performance.now();
    await seedPeople(scratch.dataSource, { users: options.users, seed: 11 });
    const people = (
      await querySql<{ id: number }>(scratch.dataSource, "SELECT id FROM users WHERE kind = 'CUSTOMER' AND state <> 'TRASHED'")
    ).map((row) => Number(row.id));
    await scratch.dataSource.destroy();
    console.log(
      `${database}: seeded ${options.users.toLocaleString("en")} people in ${((performance.now() - seeding) / 1000).toFixed(1)} s`,
    );

    server = await startServer(scratch.config);
    const { url } = server;
    const cookies: string[] = [];
    for (let index = 0; index < options.readers + 2; index += 1) cookies.push(await signIn(url));
    const jobCookie = cookies.pop()!;
    const writeLog: WriteLog = new Map();
    const context: LoadContext = { url, cookies, people, writeIntervalMs: options.writeIntervalMs, writeLog, label: database };
    console.log(`${database}: load average ${loadAverage()}`);
    const bootRssMiB = mib(server.rss());
    console.log(`${database}: server pid ${server.pid} on ${url}, RSS ${bootRssMiB} MiB`);

    // Five seconds of the same load, not counted: connections, caches and the JIT warm up.
    await runLoad(context, "warm-up", sleep(5000), performance.now() + 5000);

    // Phase 1: the load alone.
    const baselineMs = options.baselineSeconds * 1000;
    const baseline = await runLoad(context, "1 baseline", sleep(baselineMs), performance.now() + baselineMs);
    baseline.rssMiB = mib(server.rss());
    console.log(`${database}: baseline done (${baseline.reads.samples.length} reads, ${baseline.writes.samples.length} writes)`);

    // Phase 2: the same load while a bulk ban runs over everyone.
    const jobStarted = performance.now();
    const queued = await startJob(url, jobCookie, { action: "BAN", segment: "kind = customer", reason: "reliability bench" });
    console.log(`${database}: bulk BAN job ${queued.id} over ${queued.total.toLocaleString("en")} people`);
    const jobDeadline = performance.now() + options.jobLimitSeconds * 1000;
    const jobEnded = awaitJob(url, jobCookie, queued.id, jobDeadline);
    const duringJob = await runLoad(context, "2 during bulk job", jobEnded, jobDeadline + 150_000);
    duringJob.rssMiB = mib(server.rss());
    const finished = await jobEnded;
    const seconds = jobSeconds(finished, (performance.now() - jobStarted) / 1000);
    const job = { ...finished, seconds, rowsPerSecond: Math.round(finished.processed / seconds) };
    if (finished.status !== "DONE") {
      problems.push(`the bulk job ended ${finished.status}, not DONE${finished.error ? `: ${finished.error}` : ""}`);
    }
    const accounted = finished.succeeded + finished.skipped + finished.failed;
    if (accounted !== finished.total || finished.processed !== finished.total) {
      problems.push(
        `the bulk job's counts do not add up: succeeded ${finished.succeeded} + skipped ${finished.skipped} + failed ${finished.failed} = ${accounted}, processed ${finished.processed}, total ${finished.total}`,
      );
    }
    console.log(`${database}: job ${finished.status} in ${seconds.toFixed(1)} s`);

    // Phase 3: the soak, with jobs and exports on top, and the server's memory sampled.
    const soakMs = options.soakSeconds * 1000;
    const soakStarted = performance.now();
    const soakDeadline = soakStarted + soakMs;
    const soakOver = sleep(soakMs);
    const rss: Report["rss"] = [];
    const wal = database === "sqlite" ? `${embeddedDatabasePath(scratch.config)}-wal` : undefined;
    const sampleRss = () => {
      const walMiB = wal && fs.existsSync(wal) ? mib(fs.statSync(wal).size) : undefined;
      rss.push({ seconds: Math.round((performance.now() - soakStarted) / 1000), rssMiB: mib(server!.rss()), walMiB });
    };
    sampleRss();
    const sampler = setInterval(sampleRss, RSS_EVERY_MS);
    let soakJobs = 0;
    const soakExports = new Latencies();
    const jobs = (async () => {
      for (let turn = 0; performance.now() + SOAK_JOB_EVERY_MS / 2 < soakDeadline; turn += 1) {
        const pace = sleep(SOAK_JOB_EVERY_MS);
        const userIds = Array.from({ length: SOAK_JOB_PEOPLE }, () => String(random(people)));
        try {
          const started = await startJob(url, jobCookie, { action: turn % 2 ? "BAN" : "UNBAN", userIds });
          const ended = await awaitJob(url, jobCookie, started.id, soakDeadline + 60_000);
          soakJobs += 1;
          if (ended.status !== "DONE" || ended.succeeded + ended.skipped + ended.failed !== ended.total) {
            problems.push(
              `soak job ${ended.id} ended ${ended.status}${ended.error ? ` (${ended.error})` : ""} with ${ended.succeeded}+${ended.skipped}+${ended.failed} of ${ended.total}`,
            );
          }
        } catch (error) {
          problems.push(`a soak job failed: ${error instanceof Error ? error.message : String(error)}`);
        }
        await Promise.race([pace, soakOver]);
      }
    })();
    const exports = (async () => {
      while (performance.now() + SOAK_EXPORT_EVERY_MS / 2 < soakDeadline) {
        const pace = sleep(SOAK_EXPORT_EVERY_MS);
        soakExports.add(
          await timed(async () => {
            const response = await fetch(`${url}/export/users.csv?columns=id,displayName,email,state,organization,createdAt`, {
              headers: { cookie: jobCookie },
              signal: AbortSignal.timeout(120_000),
            });
            await response.arrayBuffer();
            return response.ok ? {} : { error: `HTTP ${response.status}` };
          }),
        );
        await Promise.race([pace, soakOver]);
      }
    })();
    const soak = await runLoad(context, "3 soak", soakOver, soakDeadline);
    soak.rssMiB = mib(server.rss());
    await Promise.all([jobs, exports]);
    if (performance.now() - soakStarted - rss.at(-1)!.seconds * 1000 > 1000) sampleRss();
    clearInterval(sampler);

    console.log(`${database}: load average ${loadAverage()}`);
    await server.stop();
    server = undefined;
    const { acknowledged, lost } = await verifyWrites(scratch.config, writeLog);
    if (lost.length > 0) problems.push(`${lost.length} acknowledged writes are not stored`);
    const phases = [baseline, duringJob, soak];
    return { database, phases, job, soakJobs, soakExports, bootRssMiB, rss, acknowledged, lost, problems };
  } finally {
    await server?.stop();
    await scratch.dispose();
  }
}

/** Reads back, from the database itself, the display name of everyone the writer changed. */
async function verifyWrites(config: Config, writeLog: WriteLog): Promise<Pick<Report, "acknowledged" | "lost">> {
  const dataSource = await createDataSource(config);
  await dataSource.initialize();
  try {
    const expected = [...writeLog].filter(([, entry]) => entry.acknowledged !== undefined);
    const stored = new Map<number, string>();
    for (let index = 0; index < expected.length; index += 500) {
      const ids = expected.slice(index, index + 500).map(([id]) => id);
      const rows = await querySql<{ id: number; displayName: string }>(
        dataSource,
        "SELECT id, displayName FROM users WHERE id IN (:...ids)",
        { ids },
      );
      for (const row of rows) stored.set(Number(row.id), row.displayName);
    }
    const lost = expected
      .filter(([id, entry]) => {
        const value = stored.get(id);
        return value !== entry.acknowledged && !entry.unanswered.includes(value ?? "");
      })
      .map(([id, entry]) => ({ id, expected: entry.acknowledged!, stored: stored.get(id) ?? null }));
    return { acknowledged: expected.length, lost };
  } finally {
    await dataSource.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// Printing

function printReport(report: Report): void {
  const [baseline, duringJob, soak] = report.phases;
  console.log(`\n=== ${report.database} ===`);
  const table: Record<string, Record<string, number | string>> = {};
  for (const phase of report.phases) {
    table[`${phase.name}: reads`] = { ...phase.reads.row(phase.seconds), "RSS MiB at end": phase.rssMiB ?? "" };
    table[`${phase.name}: writes`] = { ...phase.writes.row(phase.seconds), conflicts: phase.conflicts };
    table[`${phase.name}: /healthz`] = phase.health.row(phase.seconds);
  }
  if (report.soakExports.samples.length > 0) table["3 soak: CSV exports"] = report.soakExports.row(soak.seconds);
  console.table(table);
  const { job } = report;
  console.log(
    `bulk BAN job: ${job.status}, ${job.total} people (succeeded ${job.succeeded}, skipped ${job.skipped}, failed ${job.failed}), ` +
      `${job.seconds.toFixed(1)} s, ${job.rowsPerSecond} rows/s`,
  );
  const ratio = duringJob.reads.percentile(99) / baseline.reads.percentile(99);
  console.log(`read p99 during the job / baseline: ${ratio.toFixed(1)}×  (goal on SQLite: p99 ≤ 300 ms during the job)`);
  console.log(
    `soak: ${report.soakJobs} bulk jobs of ${SOAK_JOB_PEOPLE} people, ${report.soakExports.samples.length} exports; RSS every ${RSS_EVERY_MS / 1000} s:`,
  );
  console.log(
    report.rss
      .map(
        (sample) =>
          `  ${String(sample.seconds).padStart(4)} s  ${sample.rssMiB} MiB${sample.walMiB === undefined ? "" : `  (WAL ${sample.walMiB} MiB)`}`,
      )
      .join("\n"),
  );
  const warm = warmUp(report);
  const end = report.rss.at(-1)!;
  console.log(
    `RSS at warm-up (${warm.seconds} s) ${warm.rssMiB} MiB → end (${end.seconds} s) ${end.rssMiB} MiB; /healthz p99 ${Math.round(soak.health.percentile(99))} ms`,
  );
  console.log(
    `writes acknowledged (people): ${report.acknowledged}; stored as acknowledged: ${report.acknowledged - report.lost.length}`,
  );
  if (report.lost.length > 0) {
    console.error(`\n!!! ${report.lost.length} ACKNOWLEDGED WRITES LOST on ${report.database} !!!`);
    for (const loss of report.lost.slice(0, 20))
      console.error(`  user ${loss.id}: acknowledged "${loss.expected}", stored "${loss.stored}"`);
  }
  for (const problem of report.problems) console.error(`PROBLEM (${report.database}): ${problem}`);
}

function warmUp(report: Report): Report["rss"][number] {
  return report.rss.find((sample) => sample.seconds >= WARM_UP_SECONDS) ?? report.rss[0];
}

function printSummary(reports: Report[]): void {
  const summary: Record<string, Record<string, number | string>> = {};
  for (const report of reports) {
    const [baseline, duringJob, soak] = report.phases;
    summary[report.database] = {
      "read p99 base": Math.round(baseline.reads.percentile(99)),
      "read p99 job": Math.round(duringJob.reads.percentile(99)),
      "read max job": Math.round(duringJob.reads.percentile(100)),
      ratio: Number((duringJob.reads.percentile(99) / baseline.reads.percentile(99)).toFixed(1)),
      "job rows/s": report.job.rowsPerSecond,
      "RSS boot": report.bootRssMiB,
      "RSS soak start": report.rss[0].rssMiB,
      "RSS warm": warmUp(report).rssMiB,
      "RSS end": report.rss.at(-1)!.rssMiB,
      "healthz p99": Math.round(soak.health.percentile(99)),
      lost: report.lost.length,
      problems: report.problems.length,
    };
  }
  console.log("\nsummary (ms, MiB)");
  console.table(summary);
}

// ---------------------------------------------------------------------------------------------

interface Options {
  users: number;
  readers: number;
  baselineSeconds: number;
  jobLimitSeconds: number;
  soakSeconds: number;
  writeIntervalMs: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      users: { type: "string", default: "10000" },
      database: { type: "string", default: "sqlite" },
      readers: { type: "string", default: "4" },
      "baseline-seconds": { type: "string", default: "30" },
      "job-limit-seconds": { type: "string", default: "600" },
      "soak-seconds": { type: "string", default: "300" },
      "write-interval-ms": { type: "string", default: "50" },
    },
  });
  const number = (name: keyof typeof values, min: number) => {
    const value = Number(values[name]);
    if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be an integer ≥ ${min}, got ${values[name]}`);
    return value;
  };
  const options: Options = {
    users: number("users", 100),
    readers: number("readers", 1),
    baselineSeconds: number("baseline-seconds", 1),
    jobLimitSeconds: number("job-limit-seconds", 1),
    soakSeconds: number("soak-seconds", 1),
    writeIntervalMs: number("write-interval-ms", 0),
  };
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: build the server first (pnpm --filter @roster/server build)`);
  const databases = values.database === "both" ? ["sqlite", "mariadb"] : [values.database!];
  const reports: Report[] = [];
  for (const database of databases) {
    const report = await runDatabase(database, options);
    printReport(report);
    reports.push(report);
  }
  printSummary(reports);
  // Exits at once rather than when the last pacing timer fires.
  process.exit(reports.some((report) => report.problems.length > 0) ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
