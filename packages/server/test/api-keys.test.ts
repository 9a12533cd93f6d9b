import { isWellFormedApiKey } from "../src/modules/api-keys/api-key-secret";
import { createAgent } from "./support/fixtures";
import type { GraphQLClient } from "./support/graphql-client";
import { startTestRoster, type TestRoster } from "./support/roster";

const CREATE =
  "mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id name prefix permissions status lastUsedAt } } }";

interface Created {
  createApiKey: {
    secret: string;
    apiKey: { id: string; name: string; prefix: string; permissions: string[]; status: string; lastUsedAt: string | null };
  };
}

let roster: TestRoster;
let admin: GraphQLClient;

beforeAll(async () => {
  roster = await startTestRoster();
  admin = await roster.signIn();
});
afterAll(() => roster.stop());

/** A request as a service: the key in `Authorization: Bearer`, no cookie. */
async function asService(secret: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${roster.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${secret}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: { code?: string } }[];
    extensions?: { sqlStatements?: number };
  };
  return { status: response.status, ...body };
}

test("a key is created once with a recognisable secret, works as Bearer, records lastUsedAt and acts as itself", async () => {
  const { createApiKey } = await admin.data<Created>(CREATE, {
    input: { name: "Ticket system", permissions: ["communications.record", "people.view"] },
  });
  const { secret, apiKey } = createApiKey;
  expect(secret).toMatch(/^rst_[0-9A-Za-z]{36}$/);
  expect(isWellFormedApiKey(secret)).toBe(true);
  expect(secret.startsWith(apiKey.prefix)).toBe(true);
  expect(apiKey).toMatchObject({
    name: "Ticket system",
    permissions: ["communications.record", "people.view"],
    status: "ACTIVE",
    lastUsedAt: null,
  });

  // Roster keeps only a hash: the secret appears nowhere in the database.
  const rows = await roster.dataSource.query("SELECT * FROM api_keys");
  expect(JSON.stringify(rows)).not.toContain(secret.slice(4));

  const recorded = await asService(
    secret,
    'mutation { recordCommunication(input: { email: "caller@example.com", kind: TICKET, subject: "Help" }) { user { id } } }',
  );
  expect(recorded.errors).toBeUndefined();
  const personId = (recorded.data!.recordCommunication as { user: { id: string } }).user.id;
  const { user } = await admin.data<{ user: { stateHistory: { actorType: string; actorName: string }[] } }>(
    "query ($id: ID!) { user(id: $id) { stateHistory { actorType actorName } } }",
    { id: personId },
  );
  expect(user.stateHistory).toEqual([{ actorType: "API_KEY", actorName: "Ticket system" }]);

  const { apiKeys } = await admin.data<{ apiKeys: { lastUsedAt: string | null }[] }>("{ apiKeys { lastUsedAt } }");
  expect(apiKeys[0].lastUsedAt).toBe(roster.clock.now().toISOString());
  // A key has only its permissions: this one cannot manage people.
  expect((await asService(secret, 'mutation { trashUser(id: "1") { id } }')).errors?.[0].extensions?.code).toBe("FORBIDDEN");
});

test("a revoked key stops at once with 401", async () => {
  const { createApiKey } = await admin.data<Created>(CREATE, { input: { name: "Chat widget", permissions: ["people.view"] } });
  expect((await asService(createApiKey.secret, "{ users(first: 1) { totalCount } }")).errors).toBeUndefined();
  const revoked = await admin.data<{ revokeApiKey: { status: string } }>(
    "mutation ($id: ID!) { revokeApiKey(id: $id) { status } }",
    { id: createApiKey.apiKey.id },
  );
  expect(revoked.revokeApiKey.status).toBe("REVOKED");
  const refused = await asService(createApiKey.secret, "{ users(first: 1) { totalCount } }");
  expect(refused.status).toBe(401);
  expect(refused.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
});

test("an expired key is refused", async () => {
  const expiresAt = new Date(roster.clock.now().getTime() + 86_400_000).toISOString();
  const { createApiKey } = await admin.data<Created>(CREATE, {
    input: { name: "Surveys", permissions: ["people.view"], expiresAt },
  });
  expect((await asService(createApiKey.secret, "{ users(first: 1) { totalCount } }")).status).toBe(200);
  roster.clock.advanceDays(2);
  try {
    expect((await asService(createApiKey.secret, "{ users(first: 1) { totalCount } }")).status).toBe(401);
  } finally {
    roster.clock.advanceDays(-2);
  }
});

test("a malformed or forged key is refused before any SQL runs", async () => {
  const { createApiKey } = await admin.data<Created>(CREATE, { input: { name: "Forgery target", permissions: ["people.view"] } });
  const forged = `${createApiKey.secret.slice(0, -1)}${createApiKey.secret.endsWith("A") ? "B" : "A"}`;
  for (const secret of ["not-a-key", forged]) {
    const response = await asService(secret, "{ users(first: 1) { totalCount } }");
    expect(response.status).toBe(401);
    expect(response.extensions?.sqlStatements).toBe(0);
  }
});

test("a key never gets more than its creator has, at creation and later", async () => {
  await createAgent(roster.dataSource, { email: "viewer-agent@roster.test", password: "viewer-passphrase" });
  const viewer = await roster.signIn({ email: "viewer-agent@roster.test", password: "viewer-passphrase" });
  // The plain Agent role has no apiKeys.manage: give it to this agent through a custom role.
  const { createRole } = await admin.data<{ createRole: { id: string } }>(
    'mutation { createRole(input: { name: "Key keeper", kind: AGENT, permissions: ["apiKeys.manage"] }) { id } }',
  );
  const { me } = await viewer.data<{ me: { id: string } }>("{ me { id } }");
  await admin.data("mutation ($user: ID!, $role: ID!) { assignRoles(userId: $user, roleIds: [$role]) { id } }", {
    user: me.id,
    role: createRole.id,
  });

  const overScoped = await viewer.request(CREATE, { input: { name: "Too much", permissions: ["roles.manage"] } });
  expect(overScoped.errors?.[0]).toMatchObject({ extensions: { code: "FORBIDDEN", missingPermissions: ["roles.manage"] } });
  const unknown = await viewer.request(CREATE, { input: { name: "Nonsense", permissions: ["tickets.submit"] } });
  expect(unknown.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");

  const { createApiKey } = await viewer.data<Created>(CREATE, { input: { name: "Within bounds", permissions: ["people.view"] } });
  expect((await asService(createApiKey.secret, "{ users(first: 1) { totalCount } }")).errors).toBeUndefined();
  // The creator leaves: the key stops with them.
  await admin.data("mutation ($id: ID!) { banUser(id: $id) { id } }", { id: me.id });
  expect((await asService(createApiKey.secret, "{ users(first: 1) { totalCount } }")).status).toBe(401);
});
