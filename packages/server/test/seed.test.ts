import { createHash } from "node:crypto";
import type { DataSource } from "typeorm";
import { readDate } from "../src/database/sql";
import { seedPeople } from "../src/seed/seed-generator";
import { startTestRoster, testDatabase, type TestRoster } from "./support/roster";

const NOW = new Date("2026-11-01T00:00:00.000Z");
const OPTIONS = { users: 600, organizations: 12, agents: 5, communicationsPerUser: 6, seed: 42, now: NOW };

async function fingerprint(dataSource: DataSource): Promise<string> {
  const users = await dataSource.query(
    "SELECT id, email, username, displayName, state, bannedUntil, organizationId FROM users WHERE email <> 'admin@roster.test' ORDER BY id",
  );
  const communications = await dataSource.query(
    "SELECT id, kind, status, userId, agentId, rating, durationSeconds FROM communications ORDER BY id",
  );
  return createHash("sha256")
    .update(JSON.stringify([users, communications]))
    .digest("hex");
}

let roster: TestRoster;
let summary: Awaited<ReturnType<typeof seedPeople>>;

beforeAll(async () => {
  roster = await startTestRoster();
  summary = await seedPeople(roster.dataSource, OPTIONS);
});
afterAll(() => roster.stop());

test("writes what it reports, with unique emails and usernames", async () => {
  const [row] = await roster.dataSource.query(
    "SELECT COUNT(*) AS people, COUNT(DISTINCT email) AS emails, COUNT(username) AS usernames, COUNT(DISTINCT username) AS distinctUsernames FROM users WHERE email <> 'admin@roster.test'",
  );
  expect(Number(row.people)).toBe(600);
  expect(Number(row.emails)).toBe(600);
  expect(Number(row.distinctUsernames)).toBe(Number(row.usernames));
  expect(summary).toMatchObject({ users: 600, organizations: 12 });
  const [communications] = await roster.dataSource.query("SELECT COUNT(*) AS n FROM communications");
  expect(Number(communications.n)).toBe(summary.communications);
  expect(summary.communications).toBeGreaterThan(1500);
});

test("has every state, permanent, running and ended bans, and every kind of communication", async () => {
  roster.clock.set(NOW);
  const agent = await roster.signIn();
  const count = async (variables: Record<string, unknown>) =>
    (
      await agent.data<{ users: { totalCount: number } }>(
        "query ($states: [UserState!], $kind: UserKind) { users(first: 1, states: $states, kind: $kind) { totalCount } }",
        variables,
      )
    ).users.totalCount;
  for (const state of ["ACTIVE", "NOT_ACTIVATED", "BANNED", "TRASHED"])
    expect(await count({ states: [state] })).toBeGreaterThan(10);
  expect(await count({ kind: "AGENT" })).toBe(6); // five generated, plus the administrator

  const bans = await roster.dataSource.query("SELECT bannedUntil FROM users WHERE state = 'BANNED'");
  const ends = bans.map((ban: { bannedUntil: unknown }) => readDate(ban.bannedUntil));
  expect(ends.some((end: Date | null) => end === null)).toBe(true);
  expect(ends.some((end: Date | null) => end !== null && end > NOW)).toBe(true);
  expect(ends.some((end: Date | null) => end !== null && end < NOW)).toBe(true);

  const kinds = await roster.dataSource.query("SELECT DISTINCT kind FROM communications ORDER BY kind");
  expect(kinds.map((row: { kind: string }) => row.kind)).toEqual(["CALL", "CHAT", "POST", "SURVEY", "TICKET"]);
  const [withoutLogin] = await roster.dataSource.query(
    "SELECT COUNT(*) AS n FROM users WHERE lastLoginAt IS NULL AND loginCount = 0",
  );
  expect(Number(withoutLogin.n)).toBeGreaterThan(50);
});

test(`is deterministic: the same options give the same rows (${testDatabase})`, async () => {
  const other = await startTestRoster();
  try {
    await seedPeople(other.dataSource, OPTIONS);
    expect(await fingerprint(other.dataSource)).toBe(await fingerprint(roster.dataSource));
    const changed = await startTestRoster();
    try {
      await seedPeople(changed.dataSource, { ...OPTIONS, seed: 43 });
      expect(await fingerprint(changed.dataSource)).not.toBe(await fingerprint(roster.dataSource));
    } finally {
      await changed.stop();
    }
  } finally {
    await other.stop();
  }
});

test("first start fills only an empty embedded database with demo data", async () => {
  const first = await startTestRoster({ demoData: true });
  const agent = await first.signIn();
  const total = async (client = agent) =>
    (await client.data<{ users: { totalCount: number } }>("{ users(first: 1) { totalCount } }")).users.totalCount;
  if (testDatabase === "mariadb") {
    // DATABASE_URL set: never demo data, only the administrator.
    expect(await total()).toBe(1);
    await first.stop();
    return;
  }
  expect(await total()).toBe(401);
  await first.stop({ keepData: true });
  const again = await startTestRoster({ demoData: true, dataDir: first.dataDir });
  try {
    expect(await total(await again.signIn())).toBe(401);
  } finally {
    await again.stop();
  }
});
