/**
 * `communication_summaries` (what segments read for `tickets.count`, `chats.last`…) must always
 * equal what the communications add up to. After every kind of write that can change a person's
 * communications — recordings of every kind, by id and by email, repeated externalIds, refused
 * ones, eight at once for one person, moderation, bans, trash, erasure, permanent deletion, a
 * seeded bulk load, and the migration's backfill — the table is compared with the communications
 * summed here in TypeScript, on both databases.
 */
import { CommunicationSummary } from "../src/modules/communications/communication-summary.entity";
import { Communication } from "../src/modules/communications/communication.entity";
import { CommunicationKind, OPEN_TICKET_STATUSES } from "../src/modules/communications/communication.enums";
import { UserState } from "../src/modules/users/user.enums";
import { prng, seedPeople } from "../src/seed/seed-generator";
import { createAgent, createPerson } from "./support/fixtures";
import type { GraphQLClient } from "./support/graphql-client";
import { startTestRoster, type TestRoster } from "./support/roster";

const RECORD = `mutation ($input: RecordCommunicationInput!) { recordCommunication(input: $input) { id user { id } } }`;
const DAY = 86_400_000;

let roster: TestRoster;
let agent: GraphQLClient;

beforeAll(async () => {
  roster = await startTestRoster();
  agent = await roster.signIn();
});
afterAll(() => roster.stop());

interface Row {
  userId: number;
  kind: string;
  count: number;
  openCount: number;
  firstAt: string;
  lastAt: string;
  durationSeconds: number;
  ratingSum: number;
  ratingCount: number;
}

const byKey = (left: Row, right: Row) => left.userId - right.userId || left.kind.localeCompare(right.kind);

/** The summaries as the communications add them up, written independently of the SQL under test. */
async function expectedSummaries(): Promise<Row[]> {
  const rows = new Map<string, Row>();
  for (const communication of await roster.dataSource.getRepository(Communication).find()) {
    for (const kind of [communication.kind, "ALL"]) {
      const key = `${communication.userId}/${kind}`;
      const at = communication.occurredAt.toISOString();
      const row = rows.get(key) ?? {
        userId: communication.userId,
        kind,
        count: 0,
        openCount: 0,
        firstAt: at,
        lastAt: at,
        durationSeconds: 0,
        ratingSum: 0,
        ratingCount: 0,
      };
      row.count += 1;
      const open = (OPEN_TICKET_STATUSES as readonly string[]).includes(communication.status?.toLowerCase() ?? "");
      if (communication.kind === CommunicationKind.TICKET && open) row.openCount += 1;
      if (at < row.firstAt) row.firstAt = at;
      if (at > row.lastAt) row.lastAt = at;
      row.durationSeconds += communication.durationSeconds ?? 0;
      if (communication.rating !== null) {
        row.ratingSum += communication.rating;
        row.ratingCount += 1;
      }
      rows.set(key, row);
    }
  }
  return [...rows.values()].sort(byKey);
}

async function storedSummaries(): Promise<Row[]> {
  const stored = await roster.dataSource.getRepository(CommunicationSummary).find();
  return stored
    .map((row) => ({
      userId: Number(row.userId),
      kind: row.kind,
      count: Number(row.count),
      openCount: Number(row.openCount),
      firstAt: row.firstAt.toISOString(),
      lastAt: row.lastAt.toISOString(),
      durationSeconds: Number(row.durationSeconds),
      ratingSum: Number(row.ratingSum),
      ratingCount: Number(row.ratingCount),
    }))
    .sort(byKey);
}

async function expectSummariesToMatch(): Promise<Row[]> {
  const expected = await expectedSummaries();
  expect(await storedSummaries()).toEqual(expected);
  return expected;
}

const random = prng(18);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const STATUSES = ["open", "Open", " NEW ", "pending", "closed", "solved", null];
let externalIds = 0;

/** A recordCommunication input of a random kind, with the fields that kind takes. */
function randomInput(): Record<string, unknown> {
  const kind = pick(Object.values(CommunicationKind));
  const input: Record<string, unknown> = { kind, externalId: `ext-${(externalIds += 1)}` };
  // Dates before and after the clock, and none (now): first and last must follow the dates, not the order.
  if (random() < 0.8) input.occurredAt = new Date(roster.clock.now().getTime() + (random() * 2 - 1) * 300 * DAY).toISOString();
  if (kind === CommunicationKind.TICKET) input.status = pick(STATUSES);
  if (kind === CommunicationKind.CALL || kind === CommunicationKind.CHAT) input.durationSeconds = Math.floor(random() * 3000);
  if (kind === CommunicationKind.SURVEY && random() < 0.8) input.rating = 1 + Math.floor(random() * 5);
  return input;
}

test("a random mix of writes leaves the summaries equal to the communications", async () => {
  const { dataSource } = roster;
  const agentPerson = await createAgent(dataSource);
  const people = await Promise.all(Array.from({ length: 6 }, () => createPerson(dataSource)));
  const ids = people.map((person) => person.id);
  const emails = ["ana@mix.test", "bo@mix.test", "cy@mix.test"];
  const recorded: Record<string, unknown>[] = [];
  let refused = 0;
  for (let step = 0; step < 80; step += 1) {
    const roll = random();
    const userId = String(pick(ids));
    if (roll < 0.55) {
      const input = { ...randomInput(), userId, ...(random() < 0.3 ? { agentId: String(agentPerson.id) } : {}) };
      const response = await agent.request(RECORD, { input });
      // Banned and trashed people are refused: nothing may be counted for them.
      if (response.errors) {
        expect(response.errors[0].extensions?.code).toMatch(/^USER_(BANNED|TRASHED)$/);
        refused += 1;
      } else recorded.push(input);
    } else if (roll < 0.68) {
      // A new person from an email, or one already known by it.
      const response = await agent.request<{ recordCommunication: { user: { id: string } } }>(RECORD, {
        input: { ...randomInput(), email: pick(emails) },
      });
      if (response.data) ids.push(Number(response.data.recordCommunication.user.id));
      else refused += 1;
    } else if (roll < 0.78 && recorded.length) {
      // The same externalId again records nothing new.
      const response = await agent.request(RECORD, { input: pick(recorded) });
      if (!response.errors) expect(response.data).toBeTruthy();
    } else if (roll < 0.86) {
      await agent.request("mutation ($id: ID!) { trashUser(id: $id) { state } }", { id: userId });
      if (random() < 0.5) await agent.request("mutation ($id: ID!) { restoreUser(id: $id) { state } }", { id: userId });
    } else if (roll < 0.93) {
      await agent.request('mutation ($id: ID!) { banUser(id: $id, days: 3, reason: "Mix") { state } }', { id: userId });
      if (random() < 0.5) await agent.request("mutation ($id: ID!) { unbanUser(id: $id) { state } }", { id: userId });
    } else {
      const [post] = await dataSource.query(
        "SELECT id FROM communications WHERE kind = 'POST' AND moderation = 'PENDING' LIMIT 1",
      );
      if (post) {
        await agent.data('mutation ($id: ID!) { moderatePost(id: $id, decision: APPROVED, reason: "Fine") { id } }', {
          id: String(post.id),
        });
      }
    }
  }
  const expected = await expectSummariesToMatch();
  // The mix did what it is for: many rows, several kinds per person, refusals.
  expect(expected.length).toBeGreaterThan(20);
  expect(expected.filter((row) => row.kind === "ALL").every((row) => row.count >= 1)).toBe(true);
  expect(refused).toBeGreaterThan(0);
});

test("eight recordings at once for one person, and for one new email, all count", async () => {
  const person = await createPerson(roster.dataSource);
  const at = (index: number) => new Date(Date.UTC(2026, 0, 1 + index)).toISOString();
  const bursts = [
    Array.from({ length: 8 }, (_unused, index) => ({
      kind: "TICKET",
      userId: String(person.id),
      status: "open",
      externalId: `burst-${index}`,
      occurredAt: at(index),
    })),
    Array.from({ length: 8 }, (_unused, index) => ({
      kind: index % 2 ? "CALL" : "SURVEY",
      email: "burst@mix.test",
      externalId: `burst-email-${index}`,
      ...(index % 2 ? { durationSeconds: 60 } : { rating: 5 }),
      occurredAt: at(index),
    })),
  ];
  for (const inputs of bursts) {
    const responses = await Promise.all(inputs.map((input) => agent.request(RECORD, { input })));
    expect(responses.map((response) => response.errors?.[0]?.extensions?.code ?? "recorded")).toEqual(
      inputs.map(() => "recorded"),
    );
  }
  const rows = await expectSummariesToMatch();
  expect(rows.find((row) => row.userId === person.id && row.kind === "TICKET")).toMatchObject({
    count: 8,
    openCount: 8,
    firstAt: at(0),
    lastAt: at(7),
  });
  const [burst] = await roster.dataSource.query("SELECT id FROM users WHERE email = 'burst@mix.test'");
  expect(rows.find((row) => row.userId === Number(burst.id) && row.kind === "ALL")).toMatchObject({
    count: 8,
    durationSeconds: 240,
    ratingSum: 20,
    ratingCount: 4,
  });
});

test("erasure keeps the counts; permanent deletion takes the person's summaries with them", async () => {
  const erased = await createPerson(roster.dataSource);
  const deleted = await createPerson(roster.dataSource);
  for (const person of [erased, deleted]) {
    for (let index = 0; index < 3; index += 1) {
      await agent.data(RECORD, { input: { ...randomInput(), userId: String(person.id) } });
    }
  }
  await agent.data("mutation ($id: ID!) { eraseUser(userId: $id) { id } }", { id: String(erased.id) });
  await agent.data("mutation ($id: ID!) { trashUser(id: $id) { state } }", { id: String(deleted.id) });
  await agent.data("mutation ($id: ID!) { deleteUser(id: $id) }", { id: String(deleted.id) });
  const rows = await expectSummariesToMatch();
  expect(rows.find((row) => row.userId === erased.id && row.kind === "ALL")?.count).toBe(3);
  expect(rows.filter((row) => row.userId === deleted.id)).toEqual([]);
});

test("a seeded bulk load summarizes its people", async () => {
  const summary = await seedPeople(roster.dataSource, { users: 120, organizations: 3, agents: 3, seed: 5 });
  expect(summary.communications).toBeGreaterThan(500);
  await expectSummariesToMatch();
});

describe("recording a communication", () => {
  /**
   * The SQL texts run while a request runs (Roster runs in this process: its DataSource's logger
   * sees them; background work may add some), and the request's own statement count.
   */
  async function statementsOf(input: Record<string, unknown>): Promise<{ texts: string[]; counted: number }> {
    const logger = roster.dataSource.logger;
    const logQuery = logger.logQuery.bind(logger);
    const texts: string[] = [];
    logger.logQuery = (query, ...rest) => {
      texts.push(query);
      return logQuery(query, ...rest);
    };
    try {
      const response = await agent.request(RECORD, { input });
      expect(response.errors).toBeUndefined();
      return { texts, counted: response.extensions.sqlStatements ?? Number.NaN };
    } finally {
      logger.logQuery = logQuery;
    }
  }

  test("adds one statement, an upsert, whatever the person's history", async () => {
    const person = await createPerson(roster.dataSource);
    const newcomer = await createPerson(roster.dataSource);
    for (let index = 0; index < 30; index += 1) {
      await agent.data(RECORD, { input: { kind: "CHAT", userId: String(person.id), externalId: `history-${index}` } });
    }
    const withHistory = await statementsOf({ kind: "CHAT", userId: String(person.id), externalId: "history-last" });
    const first = await statementsOf({ kind: "CHAT", userId: String(newcomer.id), externalId: "first-ever" });
    for (const { texts } of [withHistory, first]) {
      const summaries = texts.filter((text) => text.includes("communication_summaries"));
      expect(summaries).toHaveLength(1);
      expect(summaries[0]).toMatch(
        /^INSERT INTO communication_summaries .* ON (DUPLICATE KEY UPDATE|CONFLICT \(userId, kind\) DO UPDATE)/s,
      );
    }
    // An insert of a new row and an update of an existing one are the same one statement.
    expect(withHistory.counted).toBe(first.counted);
    console.log(`[recording statements] ${first.counted} per recordCommunication by userId, 1 of them on the summaries`);
  });

  test("a refused recording counts nothing", async () => {
    const banned = await createPerson(roster.dataSource, {
      state: UserState.BANNED,
      bannedUntil: new Date(roster.clock.now().getTime() + DAY),
    });
    expect(await agent.errorCode(RECORD, { input: { kind: "TICKET", userId: String(banned.id) } })).toBe("USER_BANNED");
    const [row] = await roster.dataSource.query("SELECT COUNT(*) AS n FROM communication_summaries WHERE userId = ?", [
      banned.id,
    ]);
    expect(Number(row.n)).toBe(0);
  });
});

test("the migration's backfill summarizes the communications already there", async () => {
  const { dataSource } = roster;
  const position = dataSource.migrations.findIndex((migration) => migration.name === "CommunicationSummaries1795409100000");
  expect(position).toBeGreaterThanOrEqual(0);
  // Undone down to the summaries (the later migrations first), then migrated again.
  for (let step = dataSource.migrations.length; step > position; step -= 1) {
    await dataSource.undoLastMigration({ transaction: "each" });
  }
  expect(await dataSource.createQueryRunner().hasTable("communication_summaries")).toBe(false);
  await dataSource.runMigrations({ transaction: "each" });
  const rows = await expectSummariesToMatch();
  expect(rows.length).toBeGreaterThan(500);
});
