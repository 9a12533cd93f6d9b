/**
 * A database outage in the middle of a job loses nothing and doubles nothing: MariaDB is cut
 * (connections reset, new ones refused) or frozen (nothing answers) for ten seconds behind the
 * fault proxy while an import or a bulk job runs; the batch in hand is tried again with backoff
 * until the database is back, and the job ends DONE with every row accounted for, each person
 * created or banned exactly once. Counts are read straight from the database, not the proxy.
 */
import mysql from "mysql2/promise";
import type { FaultProxy } from "./support/fault-proxy";
import type { GraphQLClient } from "./support/graphql-client";
import { mariadbServerUrl, startTestRoster, type TestRoster } from "./support/roster";

let roster: TestRoster;
let proxy: FaultProxy;
let admin: GraphQLClient;
let direct: mysql.Connection;

beforeAll(async () => {
  // Polls during the outage fail fast and often; the cost budget is not what is tested here.
  roster = await startTestRoster({ proxy: true, env: { ROSTER_RATE_LIMIT_PER_MINUTE: "1000000" } });
  proxy = roster.proxy!;
  admin = await roster.signIn();
  const [{ database }] = (await roster.dataSource.query("SELECT DATABASE() AS `database`")) as [{ database: string }];
  direct = await mysql.createConnection({ uri: `${mariadbServerUrl}/${database}` });
});
afterEach(() => proxy.restore());
afterAll(async () => {
  await direct.end();
  await roster.stop();
});

const OUTAGE_MS = 10_000;

/** Polls a job through the API (failures during the outage are expected) until `done` holds. */
async function until<T>(read: () => Promise<T | undefined>, done: (value: T) => boolean, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined && done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last seen ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function count(sql: string, parameters: unknown[] = []): Promise<number> {
  const [rows] = await direct.query<mysql.RowDataPacket[]>(sql, parameters);
  return Number(rows[0].n);
}

async function outage(kind: "cut" | "stall"): Promise<void> {
  proxy[kind]();
  await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
  proxy.restore();
}

interface ImportJobView {
  status: string;
  processedRows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  error: string | null;
}

const IMPORT_JOB = "query ($id: ID!) { importJob(id: $id) { status processedRows created updated unchanged rejected error } }";

test.each(["cut", "stall"] as const)("an import survives a %s database mid-run: every row once", async (kind) => {
  const rows = 6_000;
  const file = ["email,name", ...Array.from({ length: rows }, (_, index) => `${kind}${index}@outage.test,Row ${index}`)].join(
    "\n",
  );
  const queued = await admin.fetch("/import/users.csv", { method: "POST", headers: { "content-type": "text/csv" }, body: file });
  expect(queued.status).toBe(202);
  const { jobId } = (await queued.json()) as { jobId: string };
  const read = async () => (await admin.data<{ importJob: ImportJobView }>(IMPORT_JOB, { id: jobId })).importJob;

  await until(read, (job) => job.processedRows >= 2_000);
  await outage(kind);
  const job = await until(read, (current) => current.status !== "RUNNING" && current.status !== "QUEUED");

  expect(job).toMatchObject({ status: "DONE", processedRows: rows, created: rows, rejected: 0, error: null });
  expect(job.created + job.updated + job.unchanged + job.rejected).toBe(rows);
  expect(await count("SELECT COUNT(*) AS n FROM users WHERE email LIKE ?", [`${kind}%@outage.test`])).toBe(rows);
  expect(await count("SELECT COUNT(DISTINCT email) AS n FROM users WHERE email LIKE ?", [`${kind}%@outage.test`])).toBe(rows);
  expect(
    await count(
      "SELECT COUNT(*) AS n FROM audit_events e JOIN users u ON u.id = e.targetId WHERE e.action = 'USER_CREATED' AND u.email LIKE ?",
      [`${kind}%@outage.test`],
    ),
  ).toBe(rows);
});

interface BulkJobView {
  status: string;
  total: number;
  processed: number;
  succeeded: number;
  skipped: number;
  failed: number;
  error: string | null;
}

// Over the people the stalled import above created.
test("a bulk ban survives a cut database mid-run: everyone banned once, every person accounted for", async () => {
  const { startBulkJob } = await admin.data<{ startBulkJob: { id: string; total: number } }>(
    "mutation ($input: StartBulkJobInput!) { startBulkJob(input: $input) { id total } }",
    { input: { action: "BAN", segment: 'email starts with "stall" and email ends with "@outage.test"', reason: "Outage drill" } },
  );
  expect(startBulkJob.total).toBe(6_000);
  const read = async () =>
    (
      await admin.data<{ bulkJob: BulkJobView }>(
        "query ($id: ID!) { bulkJob(id: $id) { status total processed succeeded skipped failed error } }",
        { id: startBulkJob.id },
      )
    ).bulkJob;

  await until(read, (job) => job.processed >= 1_000);
  await outage("cut");
  const job = await until(read, (current) => current.status !== "RUNNING" && current.status !== "QUEUED", 300_000);

  expect(job).toMatchObject({ status: "DONE", total: 6_000, processed: 6_000, error: null });
  expect(job.succeeded + job.skipped + job.failed).toBe(job.total);
  expect(await count("SELECT COUNT(*) AS n FROM bulk_job_results WHERE jobId = ?", [startBulkJob.id])).toBe(6_000);
  expect(await count("SELECT COUNT(*) AS n FROM users WHERE email LIKE 'stall%@outage.test' AND state = 'BANNED'")).toBe(6_000);
  expect(
    await count(
      "SELECT COUNT(*) AS n FROM (SELECT targetId FROM audit_events WHERE action = 'USER_BANNED' GROUP BY targetId HAVING COUNT(*) > 1) doubled",
    ),
  ).toBe(0);
}, 300_000);
