/**
 * Segments through the API: the SPEC's ten examples on real data, positioned errors with
 * suggestions, saved segments with their owners, sharing rules, live counts (one statement for
 * a whole list) and stale writes refused.
 */
import { Permission } from "../src/modules/roles/permissions";
import { UserAttribute } from "../src/modules/attributes/custom-attribute.entity";
import { AttributeType, UserSource, UserState } from "../src/modules/users/user.enums";
import { CommunicationKind } from "../src/modules/communications/communication.enums";
import { createAgent, createCommunication, createOrganization, createPerson } from "./support/fixtures";
import type { GraphQLClient } from "./support/graphql-client";
import { startTestRoster, type TestRoster } from "./support/roster";

let roster: TestRoster;
let admin: GraphQLClient;
const DAY = 86_400_000;

const MEMBERS = `query ($segment: String, $segmentId: ID) {
  users(first: 100, segment: $segment, segmentId: $segmentId, sort: { field: DISPLAY_NAME }) { totalCount nodes { displayName } }
}`;

async function members(client: GraphQLClient, variables: { segment?: string; segmentId?: string }): Promise<string[]> {
  const { users } = await client.data<{ users: { totalCount: number; nodes: { displayName: string }[] } }>(MEMBERS, variables);
  expect(users.totalCount).toBe(users.nodes.length);
  return users.nodes.map((node) => node.displayName);
}

beforeAll(async () => {
  roster = await startTestRoster();
  admin = await roster.signIn();
  const { dataSource } = roster;
  const now = roster.clock.now().getTime();
  const acme = await createOrganization(dataSource, { name: "Acme Corp", domains: ["acme.com"] });
  await createPerson(dataSource, {
    displayName: "Ann Banned",
    state: UserState.BANNED,
    bannedUntil: new Date(now + 3 * DAY),
    organizationId: acme.id,
    email: "ann@acme.com",
  });
  await createPerson(dataSource, { displayName: "Bob Expired Ban", state: UserState.BANNED, bannedUntil: new Date(now - DAY) });
  const carla = await createPerson(dataSource, {
    displayName: "Carla Ticketer",
    lastLoginAt: new Date(now - 100 * DAY),
    emailVerifiedAt: new Date(now - 200 * DAY),
  });
  for (let index = 0; index < 3; index += 1) await createCommunication(dataSource, carla, { kind: CommunicationKind.TICKET });
  const dora = await createPerson(dataSource, { displayName: "Dora Unhappy", state: UserState.NOT_ACTIVATED });
  await createCommunication(dataSource, dora, { kind: CommunicationKind.SURVEY, rating: 2 });
  const eve = await createPerson(dataSource, { displayName: "Eve Chatter" });
  await createCommunication(dataSource, eve, { kind: CommunicationKind.CHAT, occurredAt: new Date(now - DAY) });
  await createPerson(dataSource, { displayName: "Tom Trashed", state: UserState.TRASHED });
  const ivy = await createPerson(dataSource, {
    displayName: "Ivy Imported",
    source: UserSource.IMPORT,
    createdAt: new Date("2026-02-01T00:00:00Z"),
  });
  await dataSource
    .getRepository(UserAttribute)
    .insert({ userId: ivy.id, name: "plan", type: AttributeType.STRING, value: "Enterprise" });
}, 60_000);
afterAll(() => roster.stop());

describe("the language through users(segment:)", () => {
  test.each([
    ["state = banned", ["Ann Banned"]],
    ["state in (active, not_activated) and withoutLogin", ["Bob Expired Ban", "Dora Unhappy", "Eve Chatter", "Ivy Imported"]],
    ["lastLoginAt < now-90d and tickets.count >= 3", ["Carla Ticketer"]],
    ['org.name contains "acme" or email ends with "@acme.com"', ["Ann Banned"]],
    ['role = "Registered user" and not verified', ["Bob Expired Ban", "Eve Chatter", "Ivy Imported"]],
    ["surveys.avgRating < 3 and surveys.count > 0", ["Dora Unhappy"]],
    ["state = banned and bannedUntil < now+7d", ["Ann Banned"]],
    ["chats.last > now-7d and not (state = trashed)", ["Eve Chatter"]],
    ["createdAt >= 2026-01-01 and source = import", ["Ivy Imported"]],
    ['attr.plan = "enterprise"', ["Ivy Imported"]],
    ["state = trashed", ["Tom Trashed"]],
    ["kind = agent", ["Administrator"]],
  ])("%s", async (segment, expected) => {
    expect(await members(admin, { segment })).toEqual(expected);
  });

  test("a misspelled field is BAD_USER_INPUT with the position and the suggestion", async () => {
    const response = await admin.request(MEMBERS, { segment: "state = banned and\n  lastLogin < now-30d" });
    expect(response.errors?.[0].extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      argument: "segment",
      segmentErrors: [{ line: 2, column: 3, suggestion: "lastLoginAt", message: expect.stringContaining("did you mean") }],
    });
    expect(response.errors?.[0].message).toMatch(/line 2, column 3/);
  });

  test("validateSegment answers the canonical text, or the problems", async () => {
    const { validateSegment } = await admin.data<{ validateSegment: { valid: boolean; canonical: string | null } }>(
      "query ($q: String!) { validateSegment(query: $q) { valid canonical errors { message line column suggestion } } }",
      { q: "STATE = Banned AND Tickets.Count >= 3" },
    );
    expect(validateSegment).toEqual({ valid: true, canonical: "state = banned and tickets.count >= 3", errors: [] });
  });

  test("segmentFields describes the catalog for the editor", async () => {
    const { segmentFields } = await admin.data<{
      segmentFields: { name: string; type: string; values: string[]; many: boolean }[];
    }>("{ segmentFields { name type operators values description nullable many } }");
    expect(segmentFields.find((field) => field.name === "state")).toMatchObject({
      type: "enum",
      values: ["active", "not_activated", "banned", "trashed"],
    });
    expect(segmentFields.find((field) => field.name === "role")).toMatchObject({ many: true });
    expect(segmentFields.map((field) => field.name)).toEqual(
      expect.arrayContaining([
        "tickets.open",
        "calls.duration",
        "org.domains",
        "id",
        "version",
        "banReason",
        "org.id",
        "org.notes",
      ]),
    );
  });
});

describe("saved segments", () => {
  const CREATE = `mutation ($input: CreateSegmentInput!) { createSegment(input: $input) { id name query shared version count owner { displayName } } }`;
  const LIST = "{ segments { id name shared count } }";

  test("a private segment is its owner's; counts come in one statement for the whole list", async () => {
    const { createSegment } = await admin.data<{
      createSegment: { id: string; query: string; count: number; owner: { displayName: string } };
    }>(CREATE, { input: { name: "Banned", query: "STATE = BANNED" } });
    expect(createSegment).toMatchObject({ query: "state = banned", count: 1, owner: { displayName: "Administrator" } });
    expect(await members(admin, { segmentId: createSegment.id })).toEqual(["Ann Banned"]);
    await admin.data(CREATE, { input: { name: "Chatty", query: "chats.count > 0" } });
    await admin.data(CREATE, { input: { name: "Everyone shared", query: 'role = "everyone"', shared: true } });

    const response = await admin.request<{ segments: { name: string; count: number }[] }>(LIST);
    expect(response.data?.segments.map(({ name, count }) => [name, count])).toEqual([
      ["Banned", 1],
      ["Chatty", 1],
      ["Everyone shared", 8],
    ]);
    const withoutCounts = await admin.request("{ segments { id name } }");
    expect(response.extensions.sqlStatements! - withoutCounts.extensions.sqlStatements!).toBe(1);

    // Another agent sees the shared one only, and cannot use the private one.
    await createAgent(roster.dataSource, { email: "colleague@roster.test", password: "colleague-password" });
    const colleague = await roster.signIn({ email: "colleague@roster.test", password: "colleague-password" });
    const theirs = await colleague.data<{ segments: { name: string }[] }>(LIST);
    expect(theirs.segments.map((segment) => segment.name)).toEqual(["Everyone shared"]);
    const refused = await colleague.request(MEMBERS, { segmentId: createSegment.id });
    expect(refused.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    const deleteRefused = await colleague.request("mutation ($id: ID!) { deleteSegment(id: $id) }", { id: createSegment.id });
    expect(deleteRefused.errors?.[0].extensions?.code).toBe("NOT_FOUND");
  });

  test("shared segments need segments.manage to create, change or delete", async () => {
    await createAgent(roster.dataSource, { email: "viewer@roster.test", password: "viewer-password" });
    const viewer = await roster.signIn({ email: "viewer@roster.test", password: "viewer-password" });
    const refused = await viewer.request(CREATE, { input: { name: "Shared", query: "verified", shared: true } });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: "FORBIDDEN", missingPermissions: [Permission.SegmentsManage] });
    const { segments } = await viewer.data<{ segments: { id: string; name: string }[] }>(LIST);
    const shared = segments.find((segment) => segment.name === "Everyone shared")!;
    const deleteRefused = await viewer.request("mutation ($id: ID!) { deleteSegment(id: $id) }", { id: shared.id });
    expect(deleteRefused.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    // Their own private one is theirs to do with as they like.
    const mine = await viewer.request(CREATE, { input: { name: "Mine", query: "verified" } });
    expect(mine.errors).toBeUndefined();
  });

  test("an invalid query is refused and nothing is saved; a stale version is CONFLICT", async () => {
    const invalid = await admin.request(CREATE, { input: { name: "Broken", query: "tickets.cout > 1" } });
    expect(invalid.errors?.[0].extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      argument: "query",
      segmentErrors: [{ suggestion: "tickets.count" }],
    });
    const { createSegment } = await admin.data<{ createSegment: { id: string; version: number } }>(CREATE, {
      input: { name: "Agents", query: "kind = agent" },
    });
    const UPDATE = `mutation ($id: ID!, $input: UpdateSegmentInput!) { updateSegment(id: $id, input: $input) { name query version count } }`;
    const first = await admin.data<{ updateSegment: { version: number; query: string } }>(UPDATE, {
      id: createSegment.id,
      input: { version: createSegment.version, query: "kind = customer" },
    });
    expect(first.updateSegment).toMatchObject({ version: createSegment.version + 1, query: "kind = customer" });
    const stale = await admin.request(UPDATE, { id: createSegment.id, input: { version: createSegment.version, name: "Lost" } });
    expect(stale.errors?.[0].extensions?.code).toBe("CONFLICT");
    const { segment } = await admin.data<{ segment: { name: string } }>("query ($id: ID!) { segment(id: $id) { name } }", {
      id: createSegment.id,
    });
    expect(segment.name).toBe("Agents");
  });
});
