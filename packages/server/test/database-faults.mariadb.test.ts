/**
 * What Roster does when MariaDB stops answering or drops its connections, through a proxy the
 * tests break on purpose (support/fault-proxy.ts): every request ends, with SERVICE_UNAVAILABLE
 * (HTTP 503) instead of hanging, /readyz says so within 2 s, the pool recovers when the
 * database is back, and no write is acknowledged without being stored. Times are real.
 * MariaDB only: the embedded SQLite has no network to break.
 */
import { Like } from "typeorm";
import { User } from "../src/modules/users/user.entity";
import type { FaultProxy } from "./support/fault-proxy";
import { createPerson } from "./support/fixtures";
import type { GraphQLClient, GraphQLResponse } from "./support/graphql-client";
import { startTestRoster, type TestRoster } from "./support/roster";

const READ = "{ users(first: 5) { totalCount nodes { id displayName } } }";
const CREATE = "mutation ($input: CreateUserInput!) { createUser(input: $input) { id email } }";

let roster: TestRoster;
let proxy: FaultProxy;
let admin: GraphQLClient;

beforeAll(async () => {
  // Failing requests come fast during an outage; the cost budget is not what is tested here.
  roster = await startTestRoster({ proxy: true, env: { ROSTER_RATE_LIMIT_PER_MINUTE: "1000000" } });
  if (!roster.proxy) throw new Error("startTestRoster({ proxy: true }) gave no proxy");
  proxy = roster.proxy;
  for (let n = 0; n < 3; n += 1) await createPerson(roster.dataSource);
  // Signed in while the database answers: the outage tests are about reads, not sign-in.
  admin = await roster.signIn();
});
// Each test starts on a database that answers, with a pool that knows it.
afterEach(async () => {
  proxy.restore();
  await readyAgain(5000);
});
afterAll(() => roster.stop());

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

function readyz(): Promise<Response> {
  return admin.fetch("/readyz");
}

function expectServiceUnavailable(response: GraphQLResponse<unknown>): void {
  expect(response.status).toBe(503);
  expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
  expect(response.errors?.length).toBeGreaterThan(0);
  for (const error of response.errors ?? []) {
    expect(error.extensions?.code).toBe("SERVICE_UNAVAILABLE");
    expect(error.message).toBe("The database is not answering; try again in a moment.");
  }
}

/** A read that must succeed, on a working pool, promptly. */
async function expectRead(client = admin): Promise<void> {
  const { result, ms } = await timed(() => client.request<{ users: { totalCount: number } }>(READ));
  expect({ status: result.status, errors: result.errors }).toEqual({ status: 200, errors: undefined });
  expect(result.data?.users.totalCount).toBeGreaterThanOrEqual(4);
  expect(ms).toBeLessThan(2000);
}

/** Waits for /readyz to answer 200 again (the pool's next liveness check finds the server). */
async function readyAgain(withinMs: number): Promise<void> {
  const deadline = performance.now() + withinMs;
  for (;;) {
    if ((await readyz()).status === 200) return;
    if (performance.now() > deadline) throw new Error(`/readyz still not ready ${withinMs} ms after restore`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test("with the database stalled, /readyz answers 503 within 2.5 s and reads answer SERVICE_UNAVAILABLE (HTTP 503) within 10.5 s", async () => {
  await expectRead();
  proxy.stall();

  // At once, and more reads than the pool has connections: those that wait for one end too.
  const [ready, ...reads] = await Promise.all([
    timed(() => readyz()),
    ...Array.from({ length: 15 }, () => timed(() => admin.request(READ))),
  ]);
  expect(ready.result.status).toBe(503);
  expect(ready.ms).toBeLessThan(2500);
  for (const { result, ms } of reads) {
    expectServiceUnavailable(result);
    expect(ms).toBeLessThanOrEqual(10_500);
  }

  // Once the pool has found the server gone, a new request does not wait on it again.
  const later = await timed(() => admin.request(READ));
  expectServiceUnavailable(later.result);
  expect(later.ms).toBeLessThan(2500);
});

test("a request that waits for a pooled connection gives up after 5 s with SERVICE_UNAVAILABLE; the statements holding them finish", async () => {
  // Every connection of the pool (10) busy with a statement that outlasts the acquire timeout.
  const holders = Array.from({ length: 10 }, () => timed(() => roster.dataSource.query("SELECT SLEEP(6) AS slept")));
  await new Promise((resolve) => setTimeout(resolve, 200));

  const read = await timed(() => admin.request(READ));
  expectServiceUnavailable(read.result);
  expect(read.ms).toBeGreaterThan(4000);
  expect(read.ms).toBeLessThanOrEqual(6000);

  for (const holder of await Promise.all(holders)) expect(holder.ms).toBeGreaterThanOrEqual(5900);
  await expectRead();
});

test("after a stall, the pool recovers: every connection answers again, none is left waiting on the lost statement", async () => {
  proxy.stall();
  // Several connections give up on a statement that the black hole swallowed.
  const during = await Promise.all(Array.from({ length: 12 }, () => admin.request(READ)));
  for (const response of during) expectServiceUnavailable(response);
  proxy.restore();

  await readyAgain(5000);
  // More parallel reads than the pool holds, twice: each pooled connection serves at least one.
  for (let round = 0; round < 2; round += 1) {
    await Promise.all(Array.from({ length: 15 }, () => expectRead()));
  }
});

test("with the connection cut, a read answers SERVICE_UNAVAILABLE at once, and the next one after restore succeeds", async () => {
  await expectRead();
  proxy.cut();

  const read = await timed(() => admin.request(READ));
  expectServiceUnavailable(read.result);
  expect(read.ms).toBeLessThan(1500);
  const ready = await timed(() => readyz());
  expect(ready.result.status).toBe(503);
  expect(ready.ms).toBeLessThan(1500);

  proxy.restore();
  await expectRead();
});

test("a long statement on a live server is not cut short by the client: it runs to the server's own limit", async () => {
  // The client checks the server is alive after 2 s and lets the statement go on.
  const slow = await timed(() => roster.dataSource.query<{ slept: number | string }[]>("SELECT SLEEP(4.5) AS slept"));
  expect(Number(slow.result[0].slept)).toBe(0);
  expect(slow.ms).toBeGreaterThanOrEqual(4400);
});

test("writes during a cut: none is acknowledged without being stored, and the failures say SERVICE_UNAVAILABLE", async () => {
  const attempts: { email: string; phase: "before" | "cut" | "after"; acknowledged: boolean; code?: string }[] = [];
  let phase: "before" | "cut" | "after" = "before";
  let next = 0;
  let stop = false;
  const worker = async () => {
    while (!stop) {
      const n = (next += 1);
      const email = `fault-${n}@faults.test`;
      const startedIn = phase;
      const response = await admin.request<{ createUser: { id: string; email: string } | null }>(CREATE, {
        input: { displayName: `Fault ${n}`, email },
      });
      const acknowledged = !response.errors && response.data?.createUser?.email === email;
      if (!acknowledged) expect(response.data?.createUser ?? null).toBeNull();
      attempts.push({ email, phase: startedIn, acknowledged, code: response.errors?.[0]?.extensions?.code });
      if (!acknowledged) await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const acknowledgedIn = (wanted: string) => attempts.filter((a) => a.phase === wanted && a.acknowledged).length;
  const until = async (condition: () => boolean, withinMs: number) => {
    const deadline = performance.now() + withinMs;
    while (!condition() && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  };

  const workers = Array.from({ length: 6 }, () => worker());
  await until(() => acknowledgedIn("before") >= 10, 10_000);
  phase = "cut";
  proxy.cut(); // while writes are in flight
  await new Promise((resolve) => setTimeout(resolve, 750));
  proxy.restore();
  phase = "after";
  await until(() => acknowledgedIn("after") >= 10, 10_000);
  stop = true;
  await Promise.all(workers);

  const stored = new Set(
    (await roster.dataSource.getRepository(User).find({ where: { email: Like("%@faults.test") } })).map((user) => user.email),
  );
  const acknowledged = attempts.filter((a) => a.acknowledged).map((a) => a.email);
  const failed = attempts.filter((a) => !a.acknowledged);

  expect(acknowledged.filter((email) => !stored.has(email))).toEqual([]);
  expect([...stored].filter((email) => !attempts.some((a) => a.email === email))).toEqual([]);
  expect(failed.filter((a) => a.code !== "SERVICE_UNAVAILABLE")).toEqual([]);
  expect(attempts.filter((a) => a.phase === "cut" && !a.acknowledged).length).toBeGreaterThan(0);
  expect(acknowledgedIn("before")).toBeGreaterThanOrEqual(10);
  expect(acknowledgedIn("after")).toBeGreaterThanOrEqual(10);
  // Stored beyond what was acknowledged: commits that landed as the cut hit (the client cannot know).
  expect(stored.size).toBeGreaterThanOrEqual(acknowledged.length);
});
