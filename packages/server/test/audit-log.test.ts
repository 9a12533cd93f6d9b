/**
 * The audit log: every change to a person, filtered by actor, action, target and time, newest
 * first, cursor-paginated.
 */
import { createPerson } from "./support/fixtures";
import type { GraphQLClient } from "./support/graphql-client";
import { startTestRoster, type TestRoster } from "./support/roster";

let roster: TestRoster;
let admin: GraphQLClient;
let ann: number;
let bob: number;
let startedAt: Date;
let afterBan: Date;

const LOG = `query ($first: Int, $after: String, $actions: [AuditAction!], $targetType: AuditTarget, $targetId: ID,
  $actorType: ActorType, $since: DateTime, $until: DateTime) {
  auditEvents(first: $first, after: $after, actions: $actions, targetType: $targetType, targetId: $targetId,
    actorType: $actorType, since: $since, until: $until) {
    totalCount
    nodes { action actorType actorName targetId fromState toState reason occurredAt }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface LogPage {
  auditEvents: {
    totalCount: number;
    nodes: {
      action: string;
      actorType: string;
      actorName: string;
      targetId: number;
      reason: string | null;
      occurredAt: string;
    }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

beforeAll(async () => {
  roster = await startTestRoster();
  admin = await roster.signIn();
  ann = (await createPerson(roster.dataSource, { displayName: "Ann" })).id;
  bob = (await createPerson(roster.dataSource, { displayName: "Bob" })).id;
  startedAt = roster.clock.now();
  roster.clock.advanceDays(1);
  await admin.data('mutation ($id: ID!) { banUser(id: $id, days: 3, reason: "spam") { id } }', { id: String(ann) });
  roster.clock.advanceDays(1);
  afterBan = roster.clock.now();
  await admin.data("mutation ($id: ID!) { trashUser(id: $id) { id } }", { id: String(bob) });
  roster.clock.advanceDays(1);
  await admin.data("mutation ($id: ID!) { unbanUser(id: $id) { id } }", { id: String(ann) });
});
afterAll(() => roster.stop());

test("newest first, with who did what to whom and why", async () => {
  const { auditEvents } = await admin.data<LogPage>(LOG, { since: startedAt.toISOString() });
  expect(auditEvents.nodes.map((event) => [event.action, event.targetId])).toEqual([
    ["USER_UNBANNED", ann],
    ["USER_TRASHED", bob],
    ["USER_BANNED", ann],
  ]);
  expect(auditEvents.nodes[2]).toMatchObject({ actorType: "AGENT", actorName: "Administrator", reason: "spam" });
  expect(auditEvents.totalCount).toBe(3);
});

test.each([
  ["one action", { actions: ["USER_BANNED"] }, [["USER_BANNED", "ann"]]],
  [
    "one person",
    { targetType: "USER", targetId: "ann" },
    [
      ["USER_UNBANNED", "ann"],
      ["USER_BANNED", "ann"],
    ],
  ],
  [
    "a time window",
    { since: "afterBan" },
    [
      ["USER_UNBANNED", "ann"],
      ["USER_TRASHED", "bob"],
    ],
  ],
  ["a kind of actor nobody was", { actorType: "API_KEY" }, []],
])("filtered by %s", async (_name, filter, expected) => {
  const ids: Record<string, number> = { ann, bob };
  const variables = Object.fromEntries(
    Object.entries(filter).map(([key, value]) => [
      key,
      key === "targetId" ? String(ids[value as string]) : value === "afterBan" ? afterBan.toISOString() : value,
    ]),
  );
  const { auditEvents } = await admin.data<LogPage>(LOG, { since: startedAt.toISOString(), ...variables });
  const expectedEvents = (expected as string[][]).map(([action, who]) => [action, ids[who]]);
  expect(auditEvents.nodes.map((event) => [event.action, event.targetId])).toEqual(expectedEvents);
  expect(auditEvents.totalCount).toBe(expectedEvents.length);
});

test("pages follow the cursor without repeats or gaps", async () => {
  const seen: string[] = [];
  let after: string | null = null;
  for (;;) {
    const page: LogPage = await admin.data<LogPage>(LOG, { first: 1, after, since: startedAt.toISOString() });
    seen.push(...page.auditEvents.nodes.map((event) => event.action));
    if (!page.auditEvents.pageInfo.hasNextPage) break;
    after = page.auditEvents.pageInfo.endCursor;
  }
  expect(seen).toEqual(["USER_UNBANNED", "USER_TRASHED", "USER_BANNED"]);
});

test("a window that ends before it starts is BAD_USER_INPUT", async () => {
  const response = await admin.request(LOG, { since: afterBan.toISOString(), until: startedAt.toISOString() });
  expect(response.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "until" });
});
