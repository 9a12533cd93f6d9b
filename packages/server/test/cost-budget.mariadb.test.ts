/**
 * Cost budgets shared by several Roster processes (REDIS_URL): two servers on one database and
 * one Redis take an API key's operations from one bucket, so a caller cannot double its rate by
 * spreading requests over the processes. Without Redis each process counts on its own, and a
 * Redis that does not answer falls back to that instead of refusing everyone.
 */
import { loadConfig } from "../src/config/config";
import { startRoster, type RunningRoster } from "../src/server";
import { GraphQLClient } from "./support/graphql-client";
import { ADMIN, createMariadbDatabase } from "./support/roster";

const REDIS_URL = process.env.ROSTER_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const PER_MINUTE = 20;

let database: { url: string; drop(): Promise<void> };
const running: RunningRoster[] = [];
let secret: string;

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
  const admin = new GraphQLClient(`${first.url}/graphql`);
  await admin.login(ADMIN.email, ADMIN.password);
  const created = await admin.data<{ createApiKey: { secret: string } }>(
    'mutation { createApiKey(input: { name: "Spread over processes", permissions: ["people.view"] }) { secret } }',
  );
  secret = created.createApiKey.secret;
});
afterAll(async () => {
  for (const roster of running.splice(0)) await roster.stop();
  await database.drop();
});

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
