/**
 * Jobs never end DONE with rows unaccounted for. An import's created + updated + unchanged +
 * rejected is the file's data rows, as its dry run said; a bulk job's done + skipped + failed is
 * its total. A row the database refuses is rejected with the database's reason and the rest of
 * its batch kept; a batch that cannot be written ends the job FAILED with the error, and `retry`
 * carries on from the last committed batch without doing anyone twice. Failures are injected
 * with triggers, which both databases have, at an exact row or batch.
 */
import { AuditEvent } from "../src/modules/audit/audit-event.entity";
import { AuditAction } from "../src/modules/audit/audit.enums";
import { BATCH_SIZE } from "../src/modules/bulk-jobs/bulk-job.service";
import { IMPORT_BATCH } from "../src/modules/imports/import.service";
import { User } from "../src/modules/users/user.entity";
import { UserSource } from "../src/modules/users/user.enums";
import type { GraphQLClient } from "./support/graphql-client";
import { startTestRoster, testDatabase, type TestRoster } from "./support/roster";

let roster: TestRoster;
let admin: GraphQLClient;

beforeAll(async () => {
  roster = await startTestRoster();
  admin = await roster.signIn();
});
afterAll(() => roster.stop());

/** A trigger that refuses a write with "injected failure" when `condition` holds for NEW. */
async function refuseWhen(name: string, event: "INSERT" | "UPDATE", table: string, condition: string): Promise<void> {
  await roster.dataSource.query(
    testDatabase === "sqlite"
      ? `CREATE TRIGGER ${name} BEFORE ${event} ON ${table} WHEN ${condition} BEGIN SELECT RAISE(ABORT, 'injected failure'); END`
      : `CREATE TRIGGER ${name} BEFORE ${event} ON ${table} FOR EACH ROW BEGIN IF ${condition} THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected failure'; END IF; END`,
  );
}

const dialect = testDatabase === "sqlite" ? "sqlite" : "mysql";
/** Rows done when a job stops at the batch that would reach `limit`. */
const doneBefore = (limit: number, batch: number) => Math.ceil(limit / batch) * batch - batch;

const dropTrigger = (name: string) => roster.dataSource.query(`DROP TRIGGER ${name}`);

const csv = (prefix: string, rows: number) =>
  ["email,name,locale", ...Array.from({ length: rows }, (_, index) => `${prefix}${index}@import.test,Row ${index},fr-FR`)].join(
    "\n",
  );

function post(query: string, body: string): Promise<Response> {
  return admin.fetch(`/import/users.csv?${query}`, { method: "POST", headers: { "content-type": "text/csv" }, body });
}

const IMPORT_JOB = `query ($id: ID!) { importJob(id: $id) { status processedRows created updated unchanged rejected error
  rejections(first: 10) { totalCount nodes { line reason } } } }`;

interface ImportJobView {
  status: string;
  processedRows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  error: string | null;
  rejections: { totalCount: number; nodes: { line: number; reason: string }[] };
}

async function until<T extends { status: string }>(read: () => Promise<T>, statuses: string[]): Promise<T> {
  // A 10,000-person bulk job on MariaDB runs at about 100 people a second, slower on a busy machine.
  const deadline = Date.now() + 280_000;
  for (;;) {
    const current = await read();
    if (statuses.includes(current.status)) return current;
    if (Date.now() > deadline) throw new Error(`still ${JSON.stringify(current)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const importJob = async (id: string) => (await admin.data<{ importJob: ImportJobView }>(IMPORT_JOB, { id })).importJob;

async function importFile(file: string): Promise<{ id: string; dryRun: Record<string, number>; job: ImportJobView }> {
  const dryRun = (await (await post("dryRun=true", file)).json()) as Record<string, number>;
  const queued = await post("", file);
  expect(queued.status).toBe(202);
  const { jobId } = (await queued.json()) as { jobId: string };
  return { id: jobId, dryRun, job: await until(() => importJob(jobId), ["DONE", "FAILED"]) };
}

const accounted = (job: ImportJobView) => job.created + job.updated + job.unchanged + job.rejected;
const importedWith = (prefix: string) =>
  roster.dataSource
    .getRepository(User)
    .createQueryBuilder("u")
    .where("u.source = :source AND u.email LIKE :prefix", { source: UserSource.IMPORT, prefix: `${prefix}%` })
    .getCount();

test("10,000 new people in one file: all created, as the dry run said, every row accounted for", async () => {
  const { dryRun, job } = await importFile(csv("bulk", 10_000));
  expect(dryRun).toMatchObject({ rows: 10_000, create: 10_000, rejected: 0 });
  expect(job).toMatchObject({ status: "DONE", processedRows: 10_000, created: 10_000, rejected: 0, error: null });
  expect(accounted(job)).toBe(10_000);
  expect(await importedWith("bulk")).toBe(10_000);
});

test("a row the database refuses is rejected with its reason, and the rest of its batch is kept", async () => {
  await refuseWhen("refuse_one_person", "INSERT", "users", "NEW.email = 'refused1500@import.test'");
  try {
    const { dryRun, job } = await importFile(csv("refused", 2_500));
    expect(dryRun).toMatchObject({ rows: 2_500, create: 2_500 });
    expect(job).toMatchObject({ status: "DONE", processedRows: 2_500, created: 2_499, rejected: 1 });
    expect(accounted(job)).toBe(2_500);
    expect(job.rejections.nodes).toEqual([{ line: 1_502, reason: expect.stringMatching(/injected failure/) }]);
    expect(await importedWith("refused")).toBe(2_499);
  } finally {
    await dropTrigger("refuse_one_person");
  }
});

test("an import whose batch cannot be written ends FAILED with the error; retry finishes it without doubles", async () => {
  await refuseWhen("stop_second_batch", "UPDATE", "import_jobs", "NEW.processedRows >= 2000");
  const { id, job } = await importFile(csv("resumed", 3_500));
  const committed = doneBefore(2_000, IMPORT_BATCH[dialect]);
  expect(job).toMatchObject({ status: "FAILED", processedRows: committed, created: committed });
  expect(job.error).toMatch(/injected failure/);
  expect(await importedWith("resumed")).toBe(committed);

  await dropTrigger("stop_second_batch");
  const RETRY = "mutation ($id: ID!) { retryImportJob(id: $id) { status error } }";
  expect((await admin.data<{ retryImportJob: unknown }>(RETRY, { id })).retryImportJob).toEqual({
    status: "QUEUED",
    error: null,
  });
  const finished = await until(() => importJob(id), ["DONE", "FAILED"]);
  expect(finished).toMatchObject({ status: "DONE", processedRows: 3_500, created: 3_500, rejected: 0, error: null });
  expect(await importedWith("resumed")).toBe(3_500);
  // Retrying what has not failed is refused.
  const again = await admin.request(RETRY, { id });
  expect(again.errors?.[0]?.extensions?.code).toBe("INVALID_TRANSITION");
});

const START = `mutation ($input: StartBulkJobInput!) { startBulkJob(input: $input) { id total } }`;
const BULK_JOB = `query ($id: ID!) { bulkJob(id: $id) { status total processed succeeded skipped failed error
  results(first: 1) { totalCount } } }`;

interface BulkJobView {
  status: string;
  total: number;
  processed: number;
  succeeded: number;
  skipped: number;
  failed: number;
  error: string | null;
  results: { totalCount: number };
}

const bulkJob = async (id: string) => (await admin.data<{ bulkJob: BulkJobView }>(BULK_JOB, { id })).bulkJob;

async function importedIds(prefix: string): Promise<string[]> {
  const people = await roster.dataSource
    .getRepository(User)
    .createQueryBuilder("u")
    .select("u.id")
    .where("u.email LIKE :prefix", { prefix: `${prefix}%` })
    .getMany();
  return people.map((person) => String(person.id));
}

test("a bulk job over 10,000 ids whose batch cannot be written ends FAILED; retry bans everyone exactly once", async () => {
  const ids = await importedIds("bulk");
  expect(ids).toHaveLength(10_000);
  await refuseWhen("stop_bulk_job", "UPDATE", "bulk_jobs", "NEW.processed >= 4000");
  const { startBulkJob } = await admin.data<{ startBulkJob: { id: string; total: number } }>(START, {
    input: { action: "BAN", userIds: ids, reason: "Spam wave" },
  });
  expect(startBulkJob.total).toBe(10_000);
  const failed = await until(() => bulkJob(startBulkJob.id), ["DONE", "FAILED"]);
  const committed = doneBefore(4_000, BATCH_SIZE[dialect]);
  expect(failed).toMatchObject({ status: "FAILED", processed: committed, succeeded: committed });
  expect(failed.error).toMatch(/injected failure/);
  expect(failed.results.totalCount).toBe(committed);

  await dropTrigger("stop_bulk_job");
  await admin.data("mutation ($id: ID!) { retryBulkJob(id: $id) { status } }", { id: startBulkJob.id });
  const done = await until(() => bulkJob(startBulkJob.id), ["DONE", "FAILED"]);
  expect(done).toMatchObject({ status: "DONE", total: 10_000, processed: 10_000, error: null });
  expect(done.succeeded + done.skipped + done.failed).toBe(done.total);
  expect(done.results.totalCount).toBe(10_000);
  const bans = await roster.dataSource
    .getRepository(AuditEvent)
    .createQueryBuilder("e")
    .select("e.targetId", "targetId")
    .addSelect("COUNT(*)", "times")
    .where("e.action = :action", { action: AuditAction.USER_BANNED })
    .groupBy("e.targetId")
    .getRawMany<{ targetId: number; times: string | number }>();
  expect(bans).toHaveLength(10_000);
  expect(bans.every(({ times }) => Number(times) === 1)).toBe(true);
}, 300_000);
