/**
 * Several Roster processes on one database (each a server of its own, as behind a load balancer):
 * - cost budgets (REDIS_URL): two servers and one Redis take an API key's operations from one
 *   bucket, so a caller cannot double its rate by spreading requests over the processes; without
 *   Redis each process counts on its own, and a Redis that does not answer falls back to that
 *   instead of refusing everyone;
 * - bulk jobs: a job started on one server and handed over to the other when the first stops
 *   acts on every person exactly once.
 */
import { loadConfig } from "../src/config/config";
import { AuditEvent } from "../src/modules/audit/audit-event.entity";
import { AuditAction } from "../src/modules/audit/audit.enums";
import { startRoster, type RunningRoster } from "../src/server";
import { GraphQLClient } from "./support/graphql-client";
import { ADMIN, createMariadbDatabase } from "./support/roster";

const REDIS_URL = process.env.ROSTER_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const PER_MINUTE = 20;

let database: { url: string; drop(): Promise<void> };
const running: RunningRoster[] = [];
const stopped = new Set<RunningRoster>();
let secret: string;

let admin: GraphQLClient;

async function start(env: Record<string, string>): Promise<RunningRoster> {
  const roster = await startRoster(
    loadConfig({
      NODE_ENV: "test",
      PORT: "0",
      DATABASE_URL: database.url,
      ROSTER_DEMO_DATA: "off",
      ROSTER_ADMIN_EMAIL: ADMIN.email,
      ROSTER_ADMIN_PASSWORD: ADMIN.password,
      ROSTER_RATE_LIMIT_PER_MINUTE: String(PER_MINUTE),
      ROSTER_LOG_LEVEL: "error",
      ...env,
    }),
  );
  running.push(roster);
  return roster;
}

/** One cheapest operation (cost 1) with the bench's key: its HTTP status. */
async function spend(roster: RunningRoster): Promise<number> {
  const response = await fetch(`${roster.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${secret}` },
    body: JSON.stringify({ query: "{ __typename }" }),
  });
  await response.text();
  return response.status;
}

beforeAll(async () => {
  database = await createMariadbDatabase();
  const first = await start({ REDIS_URL });
  admin = new GraphQLClient(`${first.url}/graphql`);
  await admin.login(ADMIN.email, ADMIN.password);
  const created = await admin.data<{ createApiKey: { secret: string } }>(
    'mutation { createApiKey(input: { name: "Spread over processes", permissions: ["people.view"] }) { secret } }',
  );
  secret = created.createApiKey.secret;
});
afterAll(async () => {
  for (const roster of running.splice(0)) if (!stopped.has(roster)) await roster.stop();
  await database.drop();
});

describe("cost budgets", () => {
  test("two processes with REDIS_URL spend one caller's budget together; a third without it counts alone", async () => {
    const [first] = running;
    const second = await start({ REDIS_URL });
    const statuses = { first: [] as number[], second: [] as number[] };
    for (let index = 0; index < PER_MINUTE; index += 1) {
      statuses.first.push(await spend(first));
      statuses.second.push(await spend(second));
    }
    const allowed = [...statuses.first, ...statuses.second].filter((status) => status === 200).length;
    // One bucket of 20 (a point may refill while the test runs), not two of 20.
    expect(allowed).toBeGreaterThanOrEqual(PER_MINUTE);
    expect(allowed).toBeLessThanOrEqual(PER_MINUTE + 1);
    expect(statuses.first.filter((status) => status === 429).length).toBeGreaterThan(0);
    expect(statuses.second.filter((status) => status === 429).length).toBeGreaterThan(0);

    // A process without Redis has its own bucket, still full.
    const alone = await start({});
    expect(await spend(alone)).toBe(200);
  });

  test("a Redis that does not answer: the process falls back to its own bucket, neither refusing everyone nor letting everything through", async () => {
    const unreachable = await start({ REDIS_URL: "redis://127.0.0.1:1" });
    const statuses: number[] = [];
    for (let index = 0; index < PER_MINUTE + 5; index += 1) statuses.push(await spend(unreachable));
    expect(statuses.slice(0, PER_MINUTE)).toEqual(new Array(PER_MINUTE).fill(200));
    expect(statuses.slice(PER_MINUTE)).toContain(429);
  });
});

describe("bulk jobs", () => {
  const PEOPLE = 3_000;
  interface Job {
    status: string;
    processed: number;
    succeeded: number;
  }
  const jobOn = async (client: GraphQLClient, id: string) =>
    (await client.data<{ bulkJob: Job }>("query ($id: ID!) { bulkJob(id: $id) { status processed succeeded } }", { id })).bulkJob;

  async function until(client: GraphQLClient, id: string, done: (job: Job) => boolean): Promise<Job> {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const current = await jobOn(client, id);
      if (done(current)) return current;
      if (Date.now() > deadline) throw new Error(`job ${id} still ${JSON.stringify(current)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  test("a job taken over by the other server when the first stops acts on everyone exactly once", async () => {
    // Budgets are not what this is about: the polling below would spend the small one above.
    const unlimited = { ROSTER_RATE_LIMIT_PER_MINUTE: "1000000" };
    const first = await start(unlimited);
    const second = await start(unlimited);
    const onFirst = new GraphQLClient(`${first.url}/graphql`);
    await onFirst.login(ADMIN.email, ADMIN.password);
    const now = new Date();
    const rows = Array.from({ length: PEOPLE }, (_, index) => `('Handed ${index}', 'CUSTOMER', 'ACTIVE', 'IMPORT', 0, 1, ?, ?)`);
    await first.dataSource.query(
      `INSERT INTO users (displayName, kind, state, source, loginCount, version, createdAt, updatedAt) VALUES ${rows.join(", ")}`,
      rows.flatMap(() => [now, now]),
    );
    const { startBulkJob } = await onFirst.data<{ startBulkJob: { id: string } }>(
      'mutation { startBulkJob(input: { action: BAN, segment: "displayName starts with \\"Handed \\"", reason: "Handed over" }) { id } }',
    );
    await until(onFirst, startBulkJob.id, (job) => job.processed >= 500);
    // The first server stops between two batches and lets go of the job; the second, polling
    // the same database, takes it up from the last committed batch.
    await first.stop();
    stopped.add(first);
    const [{ processed }] = (await second.dataSource.query("SELECT processed FROM bulk_jobs WHERE id = ?", [
      Number(startBulkJob.id),
    ])) as { processed: unknown }[];
    // Handed over part way: the first server did not run it to the end.
    expect(Number(processed)).toBeLessThan(PEOPLE);
    const onSecond = new GraphQLClient(`${second.url}/graphql`);
    await onSecond.login(ADMIN.email, ADMIN.password);
    const done = await until(onSecond, startBulkJob.id, (job) => job.status === "DONE");
    expect(done).toMatchObject({ processed: PEOPLE, succeeded: PEOPLE });

    const bans = (await second.dataSource
      .getRepository(AuditEvent)
      .createQueryBuilder("e")
      .select("e.targetId", "targetId")
      .addSelect("COUNT(*)", "times")
      .where("e.action = :action AND e.reason = :reason", { action: AuditAction.USER_BANNED, reason: "Handed over" })
      .groupBy("e.targetId")
      .getRawMany()) as { targetId: unknown; times: unknown }[];
    expect(bans).toHaveLength(PEOPLE);
    expect(bans.filter((row) => Number(row.times) !== 1)).toEqual([]);
    const [{ banned }] = (await second.dataSource.query(
      "SELECT COUNT(*) AS banned FROM users WHERE displayName LIKE 'Handed %' AND state = 'BANNED'",
    )) as { banned: unknown }[];
    expect(Number(banned)).toBe(PEOPLE);
  }, 180_000);
});
