import { CommunicationKind } from "../src/modules/communications/communication.enums";
import type { User } from "../src/modules/users/user.entity";
import { UserKind, UserState } from "../src/modules/users/user.enums";
import { createAgent, createCommunication, createOrganization, createPerson, setAttribute } from "./support/fixtures";
import type { GraphQLClient } from "./support/graphql-client";
import { startTestRoster, type TestRoster } from "./support/roster";

interface Row {
  id: string;
  displayName: string;
  username: string | null;
  email: string | null;
  lastLoginAt: string | null;
  createdAt: string;
  state: string;
}
interface UsersPage {
  users: {
    totalCount: number;
    nodes: Row[];
    edges?: { node: { id: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

const USERS = `query ($first: Int!, $after: String, $search: String, $sort: UserSort, $states: [UserState!], $roleId: ID, $kind: UserKind, $organizationId: ID) {
  users(first: $first, after: $after, search: $search, sort: $sort, states: $states, roleId: $roleId, kind: $kind, organizationId: $organizationId) {
    totalCount
    edges { cursor node { id } }
    nodes { id displayName username email lastLoginAt createdAt state }
    pageInfo { hasNextPage endCursor }
  }
}`;

let roster: TestRoster;
let agent: GraphQLClient;
const people: Record<string, User> = {};
const day = 86_400_000;

beforeAll(async () => {
  roster = await startTestRoster();
  const { dataSource } = roster;
  const now = roster.clock.now().getTime();
  const acme = await createOrganization(dataSource, { name: "Acme Rockets", domains: ["acme.test"] });
  const support = await createAgent(dataSource, { displayName: "Sam Support", email: "sam@roster.test", username: "sam" });
  people.support = support;
  people.alice = await createPerson(dataSource, {
    displayName: "Alice Anders",
    email: "alice@acme.test",
    username: "alice",
    organizationId: acme.id,
    lastLoginAt: new Date(now - 5 * day),
    loginCount: 3,
  });
  people.bob = await createPerson(dataSource, {
    displayName: "Bob Brandt",
    state: UserState.BANNED,
    banReason: "Spam",
    lastLoginAt: new Date(now - 40 * day),
  });
  people.carol = await createPerson(dataSource, {
    displayName: "Carol Chen",
    state: UserState.BANNED,
    bannedUntil: new Date(now + 3 * day),
    banReason: "Abuse",
  });
  people.dave = await createPerson(dataSource, {
    displayName: "Dave Diaz",
    state: UserState.BANNED,
    bannedUntil: new Date(now - day),
    banReason: "Old",
  });
  people.erin = await createPerson(dataSource, {
    displayName: "Erin Evans",
    state: UserState.NOT_ACTIVATED,
    email: "erin_100%@example.com",
  });
  people.frank = await createPerson(dataSource, { displayName: "Frank Fox", state: UserState.TRASHED, organizationId: acme.id });
  people.verified = await createPerson(dataSource, { displayName: "Vera Verified", emailVerifiedAt: new Date(now - 100 * day) });
  for (let index = 0; index < 30; index += 1) {
    await createPerson(dataSource, { lastLoginAt: index % 3 === 0 ? null : new Date(now - index * day) });
  }
  await setAttribute(dataSource, people.alice, "plan", "enterprise");

  const alice = people.alice;
  const at = (days: number) => new Date(now - days * day);
  await createCommunication(dataSource, alice, {
    kind: CommunicationKind.TICKET,
    status: "open",
    occurredAt: at(10),
    agentId: support.id,
  });
  await createCommunication(dataSource, alice, { kind: CommunicationKind.TICKET, status: "solved", occurredAt: at(9) });
  await createCommunication(dataSource, alice, { kind: CommunicationKind.CHAT, occurredAt: at(8), durationSeconds: 300 });
  await createCommunication(dataSource, alice, {
    kind: CommunicationKind.CALL,
    occurredAt: at(7),
    durationSeconds: 120,
    agentId: support.id,
  });
  await createCommunication(dataSource, alice, { kind: CommunicationKind.SURVEY, occurredAt: at(6), rating: 4 });
  await createCommunication(dataSource, alice, { kind: CommunicationKind.SURVEY, occurredAt: at(5), rating: 2 });
  await createCommunication(dataSource, alice, { kind: CommunicationKind.POST, occurredAt: at(4), subject: "Feature idea" });

  agent = await roster.signIn();
});
afterAll(() => roster.stop());

const page = (variables: Record<string, unknown>) => agent.data<UsersPage>(USERS, { first: 100, ...variables });
const names = (result: UsersPage) => result.users.nodes.map((node) => node.displayName);

async function walk(variables: Record<string, unknown>, first: number): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 100; guard += 1) {
    const result: UsersPage = await agent.data<UsersPage>(USERS, { ...variables, first, after });
    ids.push(...result.users.nodes.map((node) => node.id));
    if (!result.users.pageInfo.hasNextPage) return ids;
    after = result.users.pageInfo.endCursor;
  }
  throw new Error("paging did not end");
}

describe("users connection", () => {
  test("counts everyone, the trashed included, and gives edges, nodes and pageInfo", async () => {
    const result = await agent.data<UsersPage>(USERS, { first: 5 });
    // 38 people created above plus the administrator.
    expect(result.users.totalCount).toBe(39);
    expect(result.users.nodes).toHaveLength(5);
    expect(result.users.edges?.map((edge) => edge.node.id)).toEqual(result.users.nodes.map((node) => node.id));
    expect(result.users.pageInfo.hasNextPage).toBe(true);
  });

  test.each(["DISPLAY_NAME", "USERNAME", "EMAIL", "LAST_LOGIN_AT", "CREATED_AT"])(
    "pages through every person exactly once, sorted by %s both ways",
    async (field) => {
      for (const direction of ["ASC", "DESC"]) {
        const sort = { field, direction };
        const whole = (await page({ sort })).users.nodes.map((node) => node.id);
        const paged = await walk({ sort }, 7);
        expect(paged).toEqual(whole);
        expect(new Set(paged).size).toBe(39);
      }
    },
  );

  test("sorts by display name, and by last login with never-signed-in people last either way", async () => {
    const byName = names(await page({ sort: { field: "DISPLAY_NAME", direction: "ASC" } }));
    expect(byName.slice(0, 4)).toEqual(["Administrator", "Alice Anders", "Bob Brandt", "Carol Chen"]);
    expect(names(await page({ sort: { field: "DISPLAY_NAME", direction: "DESC" } }))).toEqual([...byName].reverse());

    for (const direction of ["ASC", "DESC"]) {
      const logins = (await page({ sort: { field: "LAST_LOGIN_AT", direction } })).users.nodes.map((node) => node.lastLoginAt);
      const firstNull = logins.indexOf(null);
      expect(firstNull).toBeGreaterThan(0);
      expect(logins.slice(firstNull).every((value) => value === null)).toBe(true);
      const dated = logins.slice(0, firstNull) as string[];
      const expected = [...dated].sort();
      expect(dated).toEqual(direction === "ASC" ? expected : expected.reverse());
    }
  });

  test("searches display name, username, email and organization name, taking % and _ literally", async () => {
    expect(names(await page({ search: "anders" }))).toEqual(["Alice Anders"]);
    expect(names(await page({ search: "ALICE@ACME" }))).toEqual(["Alice Anders"]);
    expect(names(await page({ search: "Acme Rock" }))).toEqual(["Alice Anders", "Frank Fox"]);
    expect(names(await page({ search: "_100%" }))).toEqual(["Erin Evans"]);
    expect(names(await page({ search: "%" }))).toEqual(["Erin Evans"]);
    expect((await page({ search: "zzz-nobody" })).users).toMatchObject({
      totalCount: 0,
      nodes: [],
      pageInfo: { hasNextPage: false },
    });
  });

  test("a temporary ban that has ended reads ACTIVE in fields, filters and counts", async () => {
    const banned = await page({ states: ["BANNED"] });
    expect(names(banned)).toEqual(["Bob Brandt", "Carol Chen"]);
    expect(banned.users.totalCount).toBe(2);
    expect(names(await page({ states: ["ACTIVE"], search: "Dave" }))).toEqual(["Dave Diaz"]);
    const { user } = await agent.data<{ user: { state: string; bannedUntil: string | null; banReason: string | null } }>(
      "query ($id: ID!) { user(id: $id) { state bannedUntil banReason } }",
      { id: String(people.dave.id) },
    );
    expect(user).toEqual({ state: "ACTIVE", bannedUntil: null, banReason: null });

    // Move the clock past Carol's ban: she reads ACTIVE with no job having run.
    roster.clock.advanceDays(4);
    try {
      expect(names(await page({ states: ["BANNED"] }))).toEqual(["Bob Brandt"]);
    } finally {
      roster.clock.advanceDays(-4);
    }
  });

  test("filters by several states, kind, organization and role (implicit roles included)", async () => {
    expect(names(await page({ states: ["NOT_ACTIVATED", "TRASHED"] }))).toEqual(["Erin Evans", "Frank Fox"]);
    expect(names(await page({ kind: "AGENT" }))).toEqual(["Administrator", "Sam Support"]);
    const acmeId = String(people.alice.organizationId);
    expect(names(await page({ organizationId: acmeId }))).toEqual(["Alice Anders", "Frank Fox"]);

    const { roles } = await agent.data<{ roles: { id: string; name: string }[] }>("{ roles { id name } }");
    const roleId = (name: string) => roles.find((role) => role.name === name)?.id;
    expect(names(await page({ roleId: roleId("Administrator") }))).toEqual(["Administrator"]);
    expect(names(await page({ roleId: roleId("Agent") }))).toEqual(["Administrator", "Sam Support"]);
    expect(names(await page({ roleId: roleId("Registered User with Verified Email") }))).toEqual(
      expect.arrayContaining(["Administrator", "Sam Support", "Vera Verified"]),
    );
    const registered = await page({ roleId: roleId("Registered User") });
    expect(names(registered)).toEqual(expect.arrayContaining(["Alice Anders", "Dave Diaz"]));
    expect(names(registered)).not.toEqual(expect.arrayContaining(["Bob Brandt"]));
    expect(names(registered)).not.toContain("Erin Evans");
  });
});

describe("a person", () => {
  const PERSON = `query ($id: ID!) { user(id: $id) {
    displayName kind state withoutLogin verified loginCount
    organization { name domains }
    roles { name implicit system }
    permissions
    attributes { name type value }
    stats { totalCount ticketCount openTicketCount chatCount callCount surveyCount postCount totalCallSeconds averageRating firstContactAt lastContactAt lastAgent { displayName } }
    communications(first: 3) { totalCount nodes { kind subject } pageInfo { hasNextPage endCursor } }
    tickets: communications(kinds: [TICKET]) { totalCount nodes { status agent { displayName } } }
    surveys { totalCount nodes { rating } }
  } }`;

  test("has details, organization, implicit roles, attributes, stats and timeline", async () => {
    const { user } = await agent.data<{ user: Record<string, unknown> }>(PERSON, { id: String(people.alice.id) });
    const now = roster.clock.now().getTime();
    expect(user).toMatchObject({
      displayName: "Alice Anders",
      kind: UserKind.CUSTOMER,
      state: "ACTIVE",
      withoutLogin: false,
      verified: false,
      loginCount: 3,
      organization: { name: "Acme Rockets", domains: ["acme.test"] },
      attributes: [{ name: "plan", type: "STRING", value: "enterprise" }],
      stats: {
        totalCount: 7,
        ticketCount: 2,
        openTicketCount: 1,
        chatCount: 1,
        callCount: 1,
        surveyCount: 2,
        postCount: 1,
        totalCallSeconds: 120,
        averageRating: 3,
        firstContactAt: new Date(now - 10 * day).toISOString(),
        lastContactAt: new Date(now - 4 * day).toISOString(),
        lastAgent: { displayName: "Sam Support" },
      },
      communications: {
        totalCount: 7,
        nodes: [{ kind: "POST", subject: "Feature idea" }, { kind: "SURVEY" }, { kind: "SURVEY" }],
      },
      tickets: {
        totalCount: 2,
        nodes: [
          { status: "solved", agent: null },
          { status: "open", agent: { displayName: "Sam Support" } },
        ],
      },
      surveys: { totalCount: 2, nodes: [{ rating: 2 }, { rating: 4 }] },
    });
    expect((user.roles as { name: string }[]).map((role) => role.name)).toEqual(["Everyone", "Registered User"]);
    expect(user.roles).toEqual(expect.arrayContaining([{ name: "Everyone", implicit: true, system: true }]));
    expect(user.permissions).toEqual(expect.arrayContaining(["tickets.submit"]));
  });

  test("pages through the timeline with cursors", async () => {
    const TIMELINE =
      "query ($id: ID!, $after: String) { user(id: $id) { communications(first: 3, after: $after) { nodes { kind } pageInfo { hasNextPage endCursor } } } }";
    const kinds: string[] = [];
    let after: string | null = null;
    for (;;) {
      const result: {
        user: { communications: { nodes: { kind: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } };
      } = await agent.data(TIMELINE, { id: String(people.alice.id), after });
      kinds.push(...result.user.communications.nodes.map((node) => node.kind));
      if (!result.user.communications.pageInfo.hasNextPage) break;
      after = result.user.communications.pageInfo.endCursor;
    }
    expect(kinds).toEqual(["POST", "SURVEY", "SURVEY", "CALL", "CHAT", "TICKET", "TICKET"]);
  });

  test("someone who never signed in is withoutLogin, with empty stats", async () => {
    const { user } = await agent.data<{ user: Record<string, unknown> }>(
      "query ($id: ID!) { user(id: $id) { state withoutLogin stats { totalCount averageRating lastContactAt lastAgent { id } } } }",
      { id: String(people.erin.id) },
    );
    expect(user).toEqual({
      state: "NOT_ACTIVATED",
      withoutLogin: true,
      stats: { totalCount: 0, averageRating: null, lastContactAt: null, lastAgent: null },
    });
  });

  test("an unknown id reads null", async () => {
    expect(await agent.data('{ user(id: "999999") { id } }')).toEqual({ user: null });
  });
});
