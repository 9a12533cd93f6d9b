/**
 * The change feed (issue 19): every write path records its change in the change's own
 * transaction, payloads hold no personal data, and a reader paging with its cursor during
 * concurrent writes gets every change once, in commit order — on both databases.
 */
import fs from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { ChangeEvent } from "../src/modules/changes/change-event.entity";
import { ChangeType } from "../src/modules/changes/change.enums";
import { createPerson } from "./support/fixtures";
import type { GraphQLClient } from "./support/graphql-client";
import { startTestRoster, type TestRoster } from "./support/roster";

let roster: TestRoster;
let admin: GraphQLClient;

beforeAll(async () => {
  roster = await startTestRoster();
  admin = await roster.signIn();
});
afterAll(() => roster.stop());

interface FeedEvent {
  position: string;
  type: string;
  subjectType: string;
  subjectId: string;
  personId: string | null;
  actorType: string;
  payload: string;
}
interface FeedPage {
  changes: { nodes: FeedEvent[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } };
}

const CHANGES = `query ($after: String, $first: Int!, $types: [ChangeType!]) {
  changes(after: $after, first: $first, types: $types) {
    nodes { position type subjectType subjectId personId actorType payload }
    pageInfo { endCursor hasNextPage }
  }
}`;

/** Reads the feed from `after` to its end; answers the events and the last cursor. */
async function readAll(
  client: GraphQLClient,
  after: string | null,
  types?: string[],
): Promise<{ events: FeedEvent[]; cursor: string | null }> {
  const events: FeedEvent[] = [];
  let cursor = after;
  for (;;) {
    const response = await client.request<FeedPage>(CHANGES, { after: cursor, first: 100, types });
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    const page = response.data!.changes;
    events.push(...page.nodes);
    cursor = page.pageInfo.endCursor ?? cursor;
    if (!page.pageInfo.hasNextPage) return { events, cursor };
  }
}

/** The tail of the feed: what the write in `act` recorded. */
async function changesOf(act: () => Promise<unknown>): Promise<{ type: string; data: Record<string, unknown> }[]> {
  const { cursor } = await readAll(admin, null);
  await act();
  const { events } = await readAll(admin, cursor);
  return events.map((event) => {
    const payload = JSON.parse(event.payload) as { type: string; timestamp: string; data: Record<string, unknown> };
    expect(payload.type).toBe(event.type.toLowerCase().replace(/^(person|organization|communication)_/, "$1."));
    return { type: payload.type, data: payload.data };
  });
}

async function ok<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await admin.request<T>(query, variables);
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data!;
}

const CREATE_USER = "mutation ($input: CreateUserInput!) { createUser(input: $input) { id version } }";
const UPDATE_USER =
  "mutation ($id: ID!, $version: Int!, $input: UpdateUserInput!) { updateUser(id: $id, version: $version, input: $input) { id version } }";

test("each write path records its change, with ids, states and field names only", async () => {
  const created = await changesOf(() =>
    ok(CREATE_USER, { input: { email: "ada@feed.test", displayName: "Ada Lovelace", kind: "CUSTOMER" } }),
  );
  expect(created).toEqual([
    {
      type: "person.created",
      data: { id: expect.any(String), kind: "CUSTOMER", state: "ACTIVE", source: "AGENT", organizationId: null },
    },
  ]);
  const id = created[0].data.id as string;

  expect(
    await changesOf(() =>
      ok(UPDATE_USER, { id, version: 1, input: { displayName: "Ada King", phone: "+44 20 7946 0000", attributes: [] } }),
    ),
  ).toEqual([{ type: "person.updated", data: { id, fields: ["displayName", "phone"] } }]);

  // A ban's end and reason go with its state change, not in a separate update.
  expect(await changesOf(() => ok('mutation ($id: ID!) { banUser(id: $id, days: 3, reason: "Spam") { id } }', { id }))).toEqual([
    { type: "person.state_changed", data: { id, from: "ACTIVE", to: "BANNED" } },
  ]);
  // A changed ban (same state) is an update of its fields.
  expect(await changesOf(() => ok('mutation ($id: ID!) { banUser(id: $id, days: 5, reason: "Spam") { id } }', { id }))).toEqual([
    { type: "person.updated", data: { id, fields: ["bannedUntil"] } },
  ]);
  // A temporary ban that has ended reads as ACTIVE: banning again is a state change from ACTIVE.
  roster.clock.advanceDays(6);
  expect(await changesOf(() => ok("mutation ($id: ID!) { banUser(id: $id) { id } }", { id }))).toEqual([
    { type: "person.state_changed", data: { id, from: "ACTIVE", to: "BANNED" } },
  ]);
  expect(await changesOf(() => ok("mutation ($id: ID!) { unbanUser(id: $id) { id } }", { id }))).toEqual([
    { type: "person.state_changed", data: { id, from: "BANNED", to: "ACTIVE" } },
  ]);

  const { createRole } = await ok<{ createRole: { id: string } }>(
    'mutation { createRole(input: { name: "Moderator", kind: CUSTOMER, permissions: ["community.moderate"] }) { id } }',
  );
  const assign = (roleIds: string[]) =>
    ok("mutation ($user: ID!, $roles: [ID!]!) { assignRoles(userId: $user, roleIds: $roles) { id } }", {
      user: id,
      roles: roleIds,
    });
  expect(await changesOf(() => assign([createRole.id]))).toEqual([
    { type: "person.roles_changed", data: { id, added: [createRole.id], removed: [] } },
  ]);
  // Assigning the same roles again changes nothing and records nothing.
  expect(await changesOf(() => assign([createRole.id]))).toEqual([]);
  // Deleting a role takes it from its holders.
  const { createRole: doomed } = await ok<{ createRole: { id: string } }>(
    'mutation { createRole(input: { name: "Short-lived", kind: CUSTOMER, permissions: [] }) { id } }',
  );
  await assign([createRole.id, doomed.id]);
  expect(await changesOf(() => ok("mutation ($id: ID!) { deleteRole(id: $id) }", { id: doomed.id }))).toEqual([
    { type: "person.roles_changed", data: { id, added: [], removed: [doomed.id] } },
  ]);

  // The organization exists in the feed before the people it attaches join it.
  const organization = await changesOf(() =>
    ok('mutation { createOrganization(input: { name: "Feed Ltd", domains: ["feed.test"], attachExisting: true }) { id } }'),
  );
  const organizationId = organization[0].data.id as string;
  expect(organization).toEqual([
    { type: "organization.created", data: { id: organizationId } },
    { type: "person.organization_changed", data: { id, from: null, to: organizationId } },
  ]);
  expect(
    await changesOf(() =>
      ok(
        'mutation ($id: ID!) { updateOrganization(id: $id, version: 1, input: { website: "https://feed.test", domains: [] }) { id } }',
        {
          id: organizationId,
        },
      ),
    ),
  ).toEqual([{ type: "organization.updated", data: { id: organizationId, fields: ["domains", "website"] } }]);

  // An unknown email: the person is created (their own transaction), then the communication.
  const recorded = await changesOf(() =>
    ok('mutation { recordCommunication(input: { kind: TICKET, email: "grace@elsewhere.test", subject: "My printer" }) { id } }'),
  );
  expect(recorded.map((change) => change.type)).toEqual(["person.created", "communication.recorded"]);
  expect(recorded[1].data).toEqual({ id: expect.any(String), kind: "TICKET", userId: recorded[0].data.id });

  expect(await changesOf(() => ok("mutation ($id: ID!) { deleteOrganization(id: $id) }", { id: organizationId }))).toEqual([
    { type: "person.organization_changed", data: { id, from: organizationId, to: null } },
    { type: "organization.deleted", data: { id: organizationId } },
  ]);

  expect(await changesOf(() => ok("mutation ($id: ID!) { eraseUser(userId: $id) { id } }", { id }))).toEqual([
    { type: "person.erased", data: { id } },
  ]);
  const grace = recorded[0].data.id as string;
  expect(
    await changesOf(async () => {
      await ok("mutation ($id: ID!) { trashUser(id: $id) { id } }", { id: grace });
      await ok("mutation ($id: ID!) { deleteUser(id: $id) }", { id: grace });
    }),
  ).toEqual([
    { type: "person.state_changed", data: { id: grace, from: "NOT_ACTIVATED", to: "TRASHED" } },
    { type: "person.deleted", data: { id: grace } },
  ]);

  // Nothing anyone typed about a person is in the outbox, before or after erasure.
  const stored = (await roster.dataSource.getRepository(ChangeEvent).find()).map((event) => event.data).join("\n");
  for (const personal of ["ada@feed.test", "Ada", "+44", "Spam", "grace@elsewhere", "printer"])
    expect(stored).not.toContain(personal);
});

test("every payload the feed holds matches the published JSON schema of its type", async () => {
  // docs/change-events.schema.json is what the README gives receivers: read, not shared with the code.
  const schema = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../../docs/change-events.schema.json"), "utf8")) as {
    $defs: { events: Record<string, unknown> };
  };
  expect(Object.keys(schema.$defs.events).sort()).toEqual(Object.values(ChangeType).sort());
  const validate = new Ajv2020({ allErrors: true }).compile(schema);
  const { events } = await readAll(admin, null);
  const problems = events.flatMap((event) =>
    validate(JSON.parse(event.payload)) ? [] : [`${event.payload}: ${JSON.stringify(validate.errors)}`],
  );
  expect(problems).toEqual([]);
  // The previous test wrote every kind the feed has, so each kind's schema was checked above.
  const feedTypes = Object.values(ChangeType).filter((type) => !type.startsWith("segment."));
  expect(new Set(events.map((event) => (JSON.parse(event.payload) as { type: string }).type))).toEqual(new Set(feedTypes));
  // And the schema refuses what it must: a person's data smuggled into a payload.
  const created = events.find((event) => event.type === "PERSON_CREATED")!;
  const withEmail = JSON.parse(created.payload) as { data: Record<string, unknown> };
  withEmail.data.email = "ada@feed.test";
  expect(validate(withEmail)).toBe(false);
});

test("a refused write records no change; a password change is not a change of the person", async () => {
  const person = await createPerson(roster.dataSource, { email: "taken@feed.test" });
  const other = await createPerson(roster.dataSource);
  const changes = await changesOf(async () => {
    const refused = await admin.request(UPDATE_USER, {
      id: String(other.id),
      version: other.version,
      input: { email: person.email },
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    const stale = await admin.request(UPDATE_USER, { id: String(other.id), version: other.version + 7, input: { phone: "1" } });
    expect(stale.errors?.[0]?.extensions?.code).toBe("CONFLICT");
  });
  expect(changes).toEqual([]);
});

test("the feed is durable: a stored cursor goes on after a restart with exactly what came since", async () => {
  const { cursor } = await readAll(admin, null);
  await roster.restart();
  admin = await roster.signIn();
  const { createUser } = await ok<{ createUser: { id: string } }>(CREATE_USER, {
    input: { displayName: "After the restart", kind: "CUSTOMER" },
  });
  const { events } = await readAll(admin, cursor);
  expect(events.map((event) => [event.type, event.subjectId])).toEqual([["PERSON_CREATED", createUser.id]]);
});

test("types filter the feed; the cursor and page size are checked", async () => {
  const { events } = await readAll(admin, null, ["PERSON_STATE_CHANGED", "ORGANIZATION_DELETED"]);
  expect(events.length).toBeGreaterThan(0);
  expect(new Set(events.map((event) => event.type))).toEqual(new Set(["PERSON_STATE_CHANGED", "ORGANIZATION_DELETED"]));
  const positions = events.map((event) => Number(event.position));
  expect(positions).toEqual([...positions].sort((a, b) => a - b));

  const codes = async (variables: Record<string, unknown>) =>
    (await admin.request(CHANGES, variables)).errors?.map((error) => [error.extensions?.code, error.extensions?.argument]);
  expect(await codes({ first: 0 })).toEqual([["BAD_USER_INPUT", "first"]]);
  expect(await codes({ first: 101 })).toEqual([["BAD_USER_INPUT", "first"]]);
  expect(await codes({ first: 10, after: "not-a-cursor" })).toEqual([["BAD_USER_INPUT", "after"]]);
  expect((await codes({ first: 10, types: ["NO_SUCH_TYPE"] }))?.map(([code]) => code)).toEqual(["BAD_USER_INPUT"]);
});

test("a feed page runs as many statements for 100 events as for 10", async () => {
  const counts: number[] = [];
  for (const first of [10, 100]) {
    const response = await admin.request(CHANGES, { first });
    expect(response.errors).toBeUndefined();
    counts.push(response.extensions.sqlStatements ?? Number.NaN);
  }
  expect(counts[0]).toBeGreaterThan(0);
  expect(counts[1]).toBe(counts[0]);
});

test("8 concurrent writers while a reader pages: every change once, in commit order, each person's in order", async () => {
  const { cursor: start } = await readAll(admin, null);
  const rounds = 12;
  // Eight request streams at once; one session serves them all (parallel sign-ins trip the throttle).
  const writer = await roster.signIn();
  const people = await Promise.all(Array.from({ length: 8 }, () => createPerson(roster.dataSource)));
  let writing = true;
  const seen: FeedEvent[] = [];
  const reader = (async () => {
    let cursor = start;
    // Pages while the writers write, then once more after they are done.
    for (let more = true; more;) {
      more = writing;
      const page = await readAll(admin, cursor);
      seen.push(...page.events);
      cursor = page.cursor;
    }
  })();
  // Each writer bans and unbans its own person in turn: a state change each, whose from/to
  // would break the alternation if two of one person's changes swapped places.
  await Promise.all(
    people.map(async (person) => {
      const id = String(person.id);
      for (let round = 0; round < rounds; round += 1) {
        const mutation = round % 2 === 0 ? "banUser" : "unbanUser";
        const response = await writer.request(`mutation ($id: ID!) { ${mutation}(id: $id) { id } }`, { id });
        if (response.errors) throw new Error(JSON.stringify(response.errors));
      }
    }),
  );
  writing = false;
  await reader;

  const positions = seen.map((event) => Number(event.position));
  expect(new Set(positions).size).toBe(positions.length);
  expect(positions).toEqual([...positions].sort((a, b) => a - b));
  expect(seen).toHaveLength(8 * rounds);
  for (const person of people) {
    const states = seen
      .filter((event) => event.subjectId === String(person.id))
      .map((event) => {
        const { from, to } = (JSON.parse(event.payload) as { data: { from: string; to: string } }).data;
        return { from, to };
      });
    expect(states).toEqual(
      Array.from({ length: rounds }, (_, round) =>
        round % 2 === 0 ? { from: "ACTIVE", to: "BANNED" } : { from: "BANNED", to: "ACTIVE" },
      ),
    );
  }
  // Nothing committed was left out: the feed's tail is every stored event after the start.
  const stored = await roster.dataSource.getRepository(ChangeEvent).count();
  const { events: all } = await readAll(admin, null);
  expect(all).toHaveLength(stored);
}, 120_000);
