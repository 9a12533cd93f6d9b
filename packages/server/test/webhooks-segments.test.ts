/**
 * segment.entered / segment.left (issue 19): a webhook with a saved segment hears when a person
 * starts or stops matching it — after a state change, a role change, a recorded communication,
 * a deletion, and as time passes (the test clock) — once each, after the person's change that
 * caused it; the members when it is created (or given another segment) send nothing, and
 * people who do not cross send nothing.
 */
import type { GraphQLClient } from "./support/graphql-client";
import { startTestRoster, type TestRoster } from "./support/roster";
import { Receiver, until, deleteAllWebhooks } from "./support/webhook-receiver";

interface Body {
  type: string;
  timestamp: string;
  data: { id: string; segmentId?: string; from?: string; to?: string };
}

let roster: TestRoster;
let admin: GraphQLClient;
let receiver: Receiver;

beforeAll(async () => {
  roster = await startTestRoster({ env: { ROSTER_WEBHOOKS_ALLOW_PRIVATE: "true" } });
  admin = await roster.signIn();
});
beforeEach(async () => {
  receiver = await new Receiver().start();
});
afterEach(async () => {
  await deleteAllWebhooks(admin);
  await receiver.close();
});
afterAll(async () => {
  await roster.stop();
});

let segments = 0;
async function createSegment(query: string): Promise<string> {
  const { createSegment } = await admin.data<{ createSegment: { id: string } }>(
    "mutation ($input: CreateSegmentInput!) { createSegment(input: $input) { id } }",
    { input: { name: `Segment ${(segments += 1)}`, query, shared: true } },
  );
  return createSegment.id;
}

async function createWebhook(events: string[], segmentId: string): Promise<string> {
  const { createWebhook } = await admin.data<{ createWebhook: { webhook: { id: string } } }>(
    "mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } } }",
    { input: { url: receiver.url, events, segmentId } },
  );
  return createWebhook.webhook.id;
}

async function createPerson(displayName: string): Promise<string> {
  const { createUser } = await admin.data<{ createUser: { id: string } }>(
    "mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }",
    { input: { displayName, kind: "CUSTOMER" } },
  );
  return createUser.id;
}

const ban = (id: string, days?: number) =>
  admin.data("mutation ($id: ID!, $days: Int) { banUser(id: $id, days: $days) { id } }", { id, days });
const unban = (id: string) => admin.data("mutation ($id: ID!) { unbanUser(id: $id) { id } }", { id });
const rename = async (id: string, displayName: string) => {
  const { user } = await admin.data<{ user: { version: number } }>("query ($id: ID!) { user(id: $id) { version } }", { id });
  await admin.data(
    "mutation ($id: ID!, $version: Int!, $input: UpdateUserInput!) { updateUser(id: $id, version: $version, input: $input) { id } }",
    {
      id,
      version: user.version,
      input: { displayName },
    },
  );
};

const bodies = (): Body[] => receiver.acknowledged().map((body) => JSON.parse(body) as Body);

/** What each person heard, in the order it arrived (one person's deliveries go one after another). */
function byPerson(): Record<string, string[]> {
  const heard: Record<string, string[]> = {};
  for (const body of bodies()) (heard[body.data.id] ??= []).push(body.type);
  return heard;
}

/** Waits for `count` deliveries, then a little more, so that one too many would be seen. */
async function settle(count: number): Promise<void> {
  await until(`${count} deliveries`, () => receiver.received.length >= count);
  await new Promise((resolve) => setTimeout(resolve, 2_500));
  expect(receiver.received.length).toBe(count);
  // Each delivery once: a distinct webhook-id per request.
  expect(new Set(receiver.received.map((request) => request.headers["webhook-id"])).size).toBe(count);
}

const segmentEvents = (body: Body) => body.type.startsWith("segment.");

test("a ban enters `state = banned` and an unban leaves it, after the state change; the members at creation and bystanders send nothing", async () => {
  const newcomer = await createPerson("Newcomer");
  const member = await createPerson("Already banned");
  const bystander = await createPerson("Bystander");
  await ban(member);
  const segmentId = await createSegment("state = banned");
  await createWebhook(["PERSON_STATE_CHANGED", "PERSON_UPDATED", "SEGMENT_ENTERED", "SEGMENT_LEFT"], segmentId);

  await ban(newcomer);
  await until("the newcomer enters", () => bodies().some((body) => body.type === "segment.entered"));
  await rename(bystander, "Bystander renamed");
  await unban(newcomer);
  await unban(member);

  await settle(7);
  expect(byPerson()).toEqual({
    [newcomer]: ["person.state_changed", "segment.entered", "person.state_changed", "segment.left"],
    [member]: ["person.state_changed", "segment.left"],
    [bystander]: ["person.updated"],
  });
  const crossings = bodies().filter(segmentEvents);
  expect(crossings.map((body) => body.data)).toEqual(
    expect.arrayContaining([
      { id: newcomer, segmentId },
      { id: member, segmentId },
    ]),
  );
  for (const body of crossings) {
    expect(Object.keys(body)).toEqual(["type", "timestamp", "data"]);
    expect(body.timestamp).toBe(roster.clock.now().toISOString());
  }
});

test("a role given enters `role = …`, taken away leaves it; another role's holder sends nothing", async () => {
  const role = async (name: string) =>
    (
      await admin.data<{ createRole: { id: string } }>(
        "mutation ($name: String!) { createRole(input: { name: $name, kind: CUSTOMER, permissions: [] }) { id } }",
        { name },
      )
    ).createRole.id;
  const vip = await role("VIP");
  const other = await role("Regular");
  const assign = (userId: string, roleIds: string[]) =>
    admin.data("mutation ($userId: ID!, $roleIds: [ID!]!) { assignRoles(userId: $userId, roleIds: $roleIds) { id } }", {
      userId,
      roleIds,
    });
  const promoted = await createPerson("Promoted");
  const regular = await createPerson("Regular");
  await createWebhook(["PERSON_ROLES_CHANGED", "SEGMENT_ENTERED", "SEGMENT_LEFT"], await createSegment('role = "VIP"'));

  await assign(promoted, [vip]);
  await assign(regular, [other]);
  await until("the promotion enters", () => bodies().some((body) => body.type === "segment.entered"));
  await assign(promoted, []);

  await settle(5);
  expect(byPerson()).toEqual({
    [promoted]: ["person.roles_changed", "segment.entered", "person.roles_changed", "segment.left"],
    [regular]: ["person.roles_changed"],
  });
});

test("the second ticket recorded enters `tickets.count >= 2`, after the communication; the first does not", async () => {
  const frequent = await createPerson("Frequent");
  const rare = await createPerson("Rare");
  const record = (userId: string, subject: string) =>
    admin.data(
      "mutation ($userId: ID!, $subject: String!) { recordCommunication(input: { kind: TICKET, userId: $userId, subject: $subject }) { id } }",
      {
        userId,
        subject,
      },
    );
  await createWebhook(["COMMUNICATION_RECORDED", "SEGMENT_ENTERED", "SEGMENT_LEFT"], await createSegment("tickets.count >= 2"));

  await record(frequent, "One");
  await record(rare, "Only one");
  await until("two communications", () => receiver.received.length >= 2);
  expect(bodies().filter(segmentEvents)).toEqual([]);
  await record(frequent, "Two");

  await settle(4);
  // A communication's body names its author as `userId`; the crossing names the person as `id`.
  const heard = receiver.acknowledged().map((text) => {
    const body = JSON.parse(text) as { type: string; data: { id: string; userId?: string } };
    return [body.type, body.data.userId ?? body.data.id];
  });
  expect(heard.filter(([, person]) => person === frequent)).toEqual([
    ["communication.recorded", frequent],
    ["communication.recorded", frequent],
    ["segment.entered", frequent],
  ]);
  expect(heard.filter(([, person]) => person === rare)).toEqual([["communication.recorded", rare]]);
});

test("a temporary ban that ends by itself leaves `state = banned` as time passes; a permanent one stays", async () => {
  const temporary = await createPerson("Three days");
  const permanent = await createPerson("For good");
  await createWebhook(["SEGMENT_ENTERED", "SEGMENT_LEFT"], await createSegment("state = banned"));
  await ban(temporary, 3);
  await ban(permanent);
  await until("both enter", () => receiver.received.length >= 2);

  roster.clock.advanceDays(2);
  await new Promise((resolve) => setTimeout(resolve, 2_500));
  expect(receiver.received).toHaveLength(2); // re-evaluated, and still banned

  roster.clock.advanceDays(2);
  await settle(3);
  expect(byPerson()).toEqual({ [temporary]: ["segment.entered", "segment.left"], [permanent]: ["segment.entered"] });
  const left = bodies().find((body) => body.type === "segment.left");
  expect(left?.timestamp).toBe(roster.clock.now().toISOString());
});

test("a member deleted for good leaves, after person.deleted", async () => {
  const doomed = await createPerson("Doomed");
  await createWebhook(["PERSON_DELETED", "SEGMENT_LEFT"], await createSegment('displayName starts with "Doomed"'));
  await admin.data("mutation ($id: ID!) { trashUser(id: $id) { id } }", { id: doomed });
  await admin.data("mutation ($id: ID!) { deleteUser(id: $id) }", { id: doomed });

  await settle(2);
  expect(byPerson()).toEqual({ [doomed]: ["person.deleted", "segment.left"] });
});

test("a webhook given another segment starts from its members: nothing is sent for them", async () => {
  const banned = await createPerson("Banned before");
  await ban(banned);
  const webhookId = await createWebhook(
    ["SEGMENT_ENTERED", "SEGMENT_LEFT"],
    await createSegment('displayName = "Nobody at all"'),
  );
  await admin.data("mutation ($id: ID!, $input: UpdateWebhookInput!) { updateWebhook(id: $id, input: $input) { id } }", {
    id: webhookId,
    input: { segmentId: await createSegment("state = banned") },
  });
  const later = await createPerson("Banned after");
  await ban(later);
  await until("the later ban enters", () => receiver.received.length >= 1);
  // The re-evaluation over everyone compares with the members stored at the update.
  roster.clock.set(new Date(roster.clock.now().getTime() + 120_000));

  await settle(1);
  expect(byPerson()).toEqual({ [later]: ["segment.entered"] });
});
