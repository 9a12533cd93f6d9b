/**
 * Read replicas (`DATABASE_REPLICA_URLS`) against a real replica: the test starts a primary
 * `mariadbd` with a binary log and a second `mariadbd` replicating from it (GTID), and pauses the
 * replica's replication to tell the two apart — a person created while it is paused exists on the
 * primary only, so whoever sees it read the primary, and whoever does not read the replica.
 * - A caller's queries read the replica; its mutations, and its reads for the read-your-writes
 *   window after one, read the primary; with REDIS_URL another process knows it too.
 * - The CSV export reads the replica by the same rule.
 * - A replica that dies sends reads to the primary instead of failing them.
 */
import { loadConfig } from "../src/config/config";
import { startRoster, type RunningRoster } from "../src/server";
import { GraphQLClient } from "./support/graphql-client";
import { MariadbServer } from "./support/mariadb-server";
import { ADMIN } from "./support/roster";

const REDIS_URL = process.env.ROSTER_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const WINDOW_MS = 2500;
const DATABASE = "roster";

const CREATE = "mutation ($input: CreateUserInput!) { createUser(input: $input) { id version } }";
const RENAME =
  "mutation ($id: ID!, $version: Int!, $name: String!) { updateUser(id: $id, version: $version, input: { displayName: $name }) { id displayName } }";
const PERSON = "query ($id: ID!) { user(id: $id) { id displayName } }";

let primary: MariadbServer;
let replica: MariadbServer;
const rosters: RunningRoster[] = [];
let counter = 0;

async function start(): Promise<RunningRoster> {
  const roster = await startRoster(
    loadConfig({
      NODE_ENV: "test",
      PORT: "0",
      DATABASE_URL: `${primary.url}/${DATABASE}`,
      DATABASE_REPLICA_URLS: `${replica.url}/${DATABASE}`,
      ROSTER_READ_YOUR_WRITES_MS: String(WINDOW_MS),
      REDIS_URL,
      ROSTER_DEMO_DATA: "off",
      ROSTER_ADMIN_EMAIL: ADMIN.email,
      ROSTER_ADMIN_PASSWORD: ADMIN.password,
      ROSTER_LOG_LEVEL: "error",
    }),
  );
  rosters.push(roster);
  return roster;
}

/** A new session of the administrator: a caller of its own (callers are credentials). */
async function session(roster: RunningRoster): Promise<GraphQLClient> {
  const client = new GraphQLClient(`${roster.url}/graphql`);
  await client.login(ADMIN.email, ADMIN.password);
  return client;
}

async function createPerson(client: GraphQLClient): Promise<{ id: string; version: number }> {
  counter += 1;
  const created = await client.data<{ createUser: { id: string; version: number } }>(CREATE, {
    input: { displayName: `Replicated ${counter}`, email: `replicated-${counter}@example.com` },
  });
  return created.createUser;
}

async function sees(client: GraphQLClient, id: string): Promise<boolean> {
  const { user } = await client.data<{ user: { id: string } | null }>(PERSON, { id });
  return user !== null;
}

/** Runs `work` with the replica's replication paused, then lets it catch up. */
async function whileReplicaIsBehind(work: () => Promise<void>): Promise<void> {
  await replica.query("STOP SLAVE");
  try {
    await work();
  } finally {
    await replica.query("START SLAVE");
    await replica.catchUp(primary);
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  [primary, replica] = await Promise.all([MariadbServer.start(1), MariadbServer.start(2)]);
  await replica.replicate(primary);
  await primary.query(`CREATE DATABASE ${DATABASE} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await start();
  await replica.catchUp(primary);
}, 120_000);

afterAll(async () => {
  for (const roster of rosters) await roster.stop();
  await Promise.all([primary?.kill(), replica?.kill()]);
});

test("the replica has Roster's schema and people, by replication alone", async () => {
  const [{ people }] = await replica.query<{ people: number }[]>(`SELECT COUNT(*) AS people FROM ${DATABASE}.users`);
  expect(Number(people)).toBeGreaterThanOrEqual(1);
});

test("queries read the replica; a caller's own reads after its mutation read the primary", async () => {
  const [roster] = rosters;
  const writer = await session(roster);
  const reader = await session(roster);
  await whileReplicaIsBehind(async () => {
    const selectsBefore = await replica.statusCount("Com_select");
    const person = await createPerson(writer);
    // The reader has not written: its query is the replica's, which has not seen the person.
    expect(await sees(reader, person.id)).toBe(false);
    expect(await replica.statusCount("Com_select")).toBeGreaterThan(selectsBefore);
    // The writer reads what it wrote.
    expect(await sees(writer, person.id)).toBe(true);
    // A mutation reads the primary: the reader can change the person its replica lacks…
    const renamed = await reader.data<{ updateUser: { displayName: string } }>(RENAME, {
      id: person.id,
      version: person.version,
      name: "Renamed on the primary",
    });
    expect(renamed.updateUser.displayName).toBe("Renamed on the primary");
    // …and from then on reads its own write.
    const { user } = await reader.data<{ user: { displayName: string } | null }>(PERSON, { id: person.id });
    expect(user?.displayName).toBe("Renamed on the primary");
  });
});

test("the window ends: the writer's reads go back to the replica", async () => {
  const [roster] = rosters;
  const writer = await session(roster);
  await whileReplicaIsBehind(async () => {
    const person = await createPerson(writer);
    expect(await sees(writer, person.id)).toBe(true);
    await pause(WINDOW_MS + 300);
    expect(await sees(writer, person.id)).toBe(false);
  });
});

test("with REDIS_URL another process keeps the caller's reads on the primary too", async () => {
  const [first] = rosters;
  const second = rosters[1] ?? (await start());
  const writer = await session(first);
  await whileReplicaIsBehind(async () => {
    const person = await createPerson(writer);
    const other = await session(second);
    // The same session cookie, sent to the second process.
    const response = await fetch(`${second.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: writer.cookieHeader() ?? "" },
      body: JSON.stringify({ query: PERSON, variables: { id: person.id } }),
    });
    const body = (await response.json()) as { data: { user: { id: string } | null } };
    expect(body.data.user?.id).toBe(person.id);
    expect(await sees(other, person.id)).toBe(false);
  });
});

test("the CSV export reads the replica unless the caller has just written", async () => {
  const [roster] = rosters;
  const writer = await session(roster);
  const reader = await session(roster);
  await whileReplicaIsBehind(async () => {
    const person = await createPerson(writer);
    const exported = async (client: GraphQLClient) => {
      const response = await client.fetch("/export/users.csv?columns=id");
      expect(response.status).toBe(200);
      return (await response.text()).split(/\r?\n/);
    };
    expect(await exported(reader)).not.toContain(person.id);
    expect(await exported(writer)).toContain(person.id);
  });
});

test("a replica that dies: its reads go to the primary", async () => {
  const [roster] = rosters;
  const reader = await session(roster);
  const person = await createPerson(await session(roster));
  await replica.kill();
  // The pooled connections to the dead replica may fail one read; then the primary serves.
  const answers: boolean[] = [];
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const response = await reader.request<{ user: { id: string } | null }>(PERSON, { id: person.id });
    answers.push(response.data?.user?.id === person.id);
  }
  expect(answers.at(-1)).toBe(true);
  expect(answers.filter(Boolean).length).toBeGreaterThanOrEqual(2);
});
