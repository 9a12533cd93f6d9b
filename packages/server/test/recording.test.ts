import { CommunicationKind } from "../src/modules/communications/communication.enums";
import { UserState } from "../src/modules/users/user.enums";
import { createAgent, createCommunication, createOrganization, createPerson } from "./support/fixtures";
import type { GraphQLClient } from "./support/graphql-client";
import { startTestRoster, type TestRoster } from "./support/roster";

const RECORD = `mutation ($input: RecordCommunicationInput!) { recordCommunication(input: $input) {
  id kind subject status externalId moderation user { id email state source organization { name } }
} }`;

let roster: TestRoster;
let agent: GraphQLClient;

beforeAll(async () => {
  roster = await startTestRoster();
  agent = await roster.signIn();
});
afterAll(() => roster.stop());

interface Recorded {
  recordCommunication: {
    id: string;
    externalId: string | null;
    moderation: string | null;
    user: { id: string; email: string; state: string; source: string; organization: { name: string } | null };
  };
}

describe("recordCommunication", () => {
  test("an unknown email creates a NOT_ACTIVATED person with the matching source, in the organization of its domain", async () => {
    await createOrganization(roster.dataSource, { name: "Wayne Enterprises", domains: ["wayne.test"] });
    const { recordCommunication } = await agent.data<Recorded>(RECORD, {
      input: { email: "Bruce@Wayne.test", kind: "CHAT", subject: "Hello", externalId: "chat-1" },
    });
    expect(recordCommunication.user).toMatchObject({
      email: "bruce@wayne.test",
      state: "NOT_ACTIVATED",
      source: "CHAT",
      organization: { name: "Wayne Enterprises" },
    });
    const again = await agent.data<Recorded>(RECORD, { input: { email: "bruce@wayne.test", kind: "TICKET", subject: "Second" } });
    expect(again.recordCommunication.user.id).toBe(recordCommunication.user.id);
  });

  test("the same externalId twenty times at once records one communication", async () => {
    const person = await createPerson(roster.dataSource);
    const input = {
      userId: String(person.id),
      kind: "TICKET",
      subject: "Printer on fire",
      status: "open",
      externalId: "ticket-4242",
    };
    const results = await Promise.all(Array.from({ length: 20 }, () => agent.request<Recorded>(RECORD, { input })));
    expect(results.filter((result) => result.errors)).toEqual([]);
    expect(new Set(results.map((result) => result.data!.recordCommunication.id)).size).toBe(1);
    const [row] = await roster.dataSource.query("SELECT COUNT(*) AS n FROM communications WHERE externalId = ?", ["ticket-4242"]);
    expect(Number(row.n)).toBe(1);
  });

  test("twenty first contacts from one new email at once create one person", async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_unused, index) =>
        agent.request<Recorded>(RECORD, { input: { email: "rush@example.com", kind: "CALL", externalId: `call-${index}` } }),
      ),
    );
    expect(results.filter((result) => result.errors)).toEqual([]);
    expect(new Set(results.map((result) => result.data!.recordCommunication.user.id)).size).toBe(1);
    const [row] = await roster.dataSource.query(
      "SELECT COUNT(*) AS n FROM communications c JOIN users u ON u.id = c.userId WHERE u.email = ?",
      ["rush@example.com"],
    );
    expect(Number(row.n)).toBe(20);
  });

  test.each([
    ["a banned person", { state: UserState.BANNED, bannedUntil: new Date("2026-07-01T00:00:00Z") }, "USER_BANNED"],
    ["a trashed person", { state: UserState.TRASHED }, "USER_TRASHED"],
  ])("%s is refused", async (_case, fields, code) => {
    const person = await createPerson(roster.dataSource, fields);
    const response = await agent.request(RECORD, { input: { userId: String(person.id), kind: "TICKET" } });
    expect(response.errors?.[0].extensions?.code).toBe(code);
    const [row] = await roster.dataSource.query("SELECT COUNT(*) AS n FROM communications WHERE userId = ?", [person.id]);
    expect(Number(row.n)).toBe(0);
  });

  test.each([
    [{ kind: "TICKET", rating: 4 }, "rating"],
    [{ kind: "SURVEY", rating: 9 }, "rating"],
    [{ kind: "CHAT", direction: "INBOUND" }, "direction"],
    [{ kind: "CALL", durationSeconds: -5 }, "durationSeconds"],
  ])("%j is BAD_USER_INPUT naming the field", async (fields, field) => {
    const person = await createPerson(roster.dataSource);
    const response = await agent.request(RECORD, { input: { userId: String(person.id), ...fields } });
    expect(response.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(response.errors?.[0].message).toContain(field);
  });

  test("both or neither of userId and email is BAD_USER_INPUT", async () => {
    expect(await agent.errorCode(RECORD, { input: { kind: "TICKET" } })).toBe("BAD_USER_INPUT");
  });
});

describe("moderatePost", () => {
  test("declining with banDays bans the author in the same step", async () => {
    const author = await createPerson(roster.dataSource, { displayName: "Troll" });
    const post = await createCommunication(roster.dataSource, author, { kind: CommunicationKind.POST, moderation: null });
    const result = await agent.data<{
      moderatePost: { moderation: string; user: { state: string; bannedUntil: string; banReason: string } };
    }>(
      'mutation ($id: ID!) { moderatePost(id: $id, decision: DECLINED, banDays: 7, reason: "Spam links") { moderation user { state bannedUntil banReason } } }',
      { id: String(post.id) },
    );
    expect(result.moderatePost).toEqual({
      moderation: "DECLINED",
      user: {
        state: "BANNED",
        bannedUntil: new Date(roster.clock.now().getTime() + 7 * 86_400_000).toISOString(),
        banReason: "Spam links",
      },
    });
  });

  test("approving with banDays, or moderating a ticket, is refused", async () => {
    const author = await createPerson(roster.dataSource);
    const post = await createCommunication(roster.dataSource, author, { kind: CommunicationKind.POST });
    const ticket = await createCommunication(roster.dataSource, author, { kind: CommunicationKind.TICKET });
    expect(
      await agent.errorCode("mutation ($id: ID!) { moderatePost(id: $id, decision: APPROVED, banDays: 3) { id } }", {
        id: String(post.id),
      }),
    ).toBe("BAD_USER_INPUT");
    expect(
      await agent.errorCode("mutation ($id: ID!) { moderatePost(id: $id, decision: DECLINED) { id } }", {
        id: String(ticket.id),
      }),
    ).toBe("BAD_USER_INPUT");
  });
});

describe("authenticateUser (the portal's sign-in)", () => {
  const AUTH =
    "mutation ($login: String!, $password: String!) { authenticateUser(login: $login, password: $password) { displayName lastLoginAt loginCount } }";

  beforeAll(async () => {
    await createPerson(roster.dataSource, {
      username: "olga",
      email: "olga@example.com",
      password: "olga-passphrase",
      displayName: "Olga",
    });
    await createPerson(roster.dataSource, {
      username: "bert",
      password: "bert-passphrase",
      state: UserState.BANNED,
      bannedUntil: new Date("2026-07-01T00:00:00Z"),
    });
    await createPerson(roster.dataSource, { username: "perma", password: "perma-passphrase", state: UserState.BANNED });
    await createPerson(roster.dataSource, { username: "tina", password: "tina-passphrase", state: UserState.TRASHED });
    await createPerson(roster.dataSource, { username: "nora", password: "nora-passphrase", state: UserState.NOT_ACTIVATED });
  });

  test("by username or email, recording the sign-in", async () => {
    const first = await agent.data<{ authenticateUser: { loginCount: number; lastLoginAt: string } }>(AUTH, {
      login: "olga",
      password: "olga-passphrase",
    });
    expect(first.authenticateUser).toMatchObject({ loginCount: 1, lastLoginAt: roster.clock.now().toISOString() });
    const second = await agent.data<{ authenticateUser: { loginCount: number } }>(AUTH, {
      login: "OLGA@example.com",
      password: "olga-passphrase",
    });
    expect(second.authenticateUser.loginCount).toBe(2);
  });

  test("an unknown login and a wrong password get the same answer", async () => {
    const unknown = await agent.request(AUTH, { login: "nobody", password: "olga-passphrase" });
    const wrong = await agent.request(AUTH, { login: "olga", password: "not-her-passphrase" });
    expect(unknown.errors?.[0]).toEqual(wrong.errors?.[0]);
    expect(wrong.errors?.[0]).toMatchObject({ message: "Wrong login or password.", extensions: { code: "INVALID_CREDENTIALS" } });
  });

  test.each([
    ["bert", "USER_BANNED", /banned until 2026-07-01T00:00:00\.000Z/],
    ["perma", "USER_BANNED", /banned permanently/],
    ["tina", "USER_TRASHED", /closed/],
    ["nora", "USER_NOT_ACTIVATED", /not activated/],
  ])("%s is refused with %s", async (login, code, message) => {
    const response = await agent.request(AUTH, { login, password: `${login}-passphrase` });
    expect(response.errors?.[0].extensions?.code).toBe(code);
    expect(response.errors?.[0].message).toMatch(message);
  });

  test("a temporary ban that has ended lets the person in", async () => {
    roster.clock.set("2026-07-02T00:00:00Z");
    try {
      // A new session: the first one has expired by then.
      const later = await roster.signIn();
      expect(await later.data(AUTH, { login: "bert", password: "bert-passphrase" })).toMatchObject({
        authenticateUser: { loginCount: 1 },
      });
    } finally {
      roster.clock.set("2026-06-15T12:00:00.000Z");
    }
  });
});

describe("presence and availableAgents", () => {
  test("agents are ONLINE inside business hours, AWAY outside; the least loaded online agent comes first", async () => {
    const busy = await createAgent(roster.dataSource, { displayName: "Busy Bee" });
    const idle = await createAgent(roster.dataSource, { displayName: "Idle Ida" });
    const night = await createAgent(roster.dataSource, { displayName: "Night Owl" });
    const customer = await createPerson(roster.dataSource);
    for (let index = 0; index < 3; index += 1)
      await createCommunication(roster.dataSource, customer, {
        kind: CommunicationKind.TICKET,
        status: "open",
        agentId: busy.id,
      });
    await createCommunication(roster.dataSource, customer, {
      kind: CommunicationKind.TICKET,
      status: "solved",
      agentId: idle.id,
    });
    // Everyone 08:00–16:00 in Paris on weekdays; the night owl 22:00–23:59 in Tokyo.
    const weekdays = (start: string, end: string) => [1, 2, 3, 4, 5].map((day) => ({ day, start, end }));
    await agent.data("mutation ($input: BusinessHoursInput!) { setBusinessHours(input: $input) { own } }", {
      input: { timezone: "Europe/Paris", intervals: weekdays("08:00", "16:00") },
    });
    await agent.data(
      "mutation ($input: BusinessHoursInput!, $id: ID!) { setBusinessHours(input: $input, agentId: $id) { own } }",
      {
        input: { timezone: "Asia/Tokyo", intervals: weekdays("22:00", "23:59") },
        id: String(night.id),
      },
    );
    const presenceOf = async (id: number) =>
      (
        await agent.data<{ user: { presence: string | null } }>("query ($id: ID!) { user(id: $id) { presence } }", {
          id: String(id),
        })
      ).user.presence;
    const available = async () =>
      (
        await agent.data<{ availableAgents: { displayName: string }[] }>("{ availableAgents(first: 10) { displayName } }")
      ).availableAgents.map((a) => a.displayName);

    // Monday 2026-06-15 12:00 UTC = 14:00 in Paris, 21:00 in Tokyo.
    roster.clock.set("2026-06-15T12:00:00Z");
    expect(await presenceOf(busy.id)).toBe("ONLINE");
    expect(await presenceOf(night.id)).toBe("AWAY");
    expect(await presenceOf(customer.id)).toBeNull();
    const online = await available();
    expect(online.indexOf("Idle Ida")).toBeLessThan(online.indexOf("Busy Bee"));
    expect(online).not.toContain("Night Owl");

    // 13:30 UTC = 22:30 in Tokyo: the night owl is on.
    roster.clock.set("2026-06-15T13:30:00Z");
    expect(await presenceOf(night.id)).toBe("ONLINE");
    // Saturday: nobody on the default schedule.
    roster.clock.set("2026-06-20T12:00:00Z");
    expect(await available()).toEqual([]);
    roster.clock.set("2026-06-15T12:00:00.000Z");
  });

  test("an agent who is not ACTIVE reads AWAY inside business hours, and is never available", async () => {
    const banned = await createAgent(roster.dataSource, { displayName: "Banned Ben", state: UserState.BANNED });
    const trashed = await createAgent(roster.dataSource, { displayName: "Trashed Tom", state: UserState.TRASHED });
    const working = await createAgent(roster.dataSource, { displayName: "Working Wu" });
    // Monday 14:00 in Paris: inside the default hours.
    roster.clock.set("2026-06-15T12:00:00Z");
    try {
      const presence = await agent.data<Record<string, { presence: string }>>(
        `{ a: user(id: "${banned.id}") { presence } b: user(id: "${trashed.id}") { presence } c: user(id: "${working.id}") { presence } }`,
      );
      expect([presence.a.presence, presence.b.presence, presence.c.presence]).toEqual(["AWAY", "AWAY", "ONLINE"]);
      const available = await agent.data<{ availableAgents: { displayName: string }[] }>(
        "{ availableAgents(first: 100) { displayName } }",
      );
      expect(available.availableAgents.map((a) => a.displayName)).toEqual(
        expect.not.arrayContaining(["Banned Ben", "Trashed Tom"]),
      );
    } finally {
      roster.clock.set("2026-06-15T12:00:00.000Z");
    }
  });

  test("an interval that ends before it starts is BAD_USER_INPUT", async () => {
    const response = await agent.request("mutation ($input: BusinessHoursInput!) { setBusinessHours(input: $input) { own } }", {
      input: { timezone: "UTC", intervals: [{ day: 1, start: "18:00", end: "09:00" }] },
    });
    expect(response.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });
});
