/**
 * CSV export: a segment's members row by row as `users(segment:)` lists them, in several
 * batches, with the chosen columns; spreadsheet formulas defused; refusals with codes.
 */
import { parse } from "csv-parse/sync";
import { createAgent, createOrganization, createPerson } from "./support/fixtures";
import type { GraphQLClient } from "./support/graphql-client";
import { startTestRoster, type TestRoster } from "./support/roster";

let roster: TestRoster;
let admin: GraphQLClient;

beforeAll(async () => {
  roster = await startTestRoster();
  admin = await roster.signIn();
  const acme = await createOrganization(roster.dataSource, { name: "Acme, Inc." });
  await createPerson(roster.dataSource, { displayName: '=HYPERLINK("http://evil.test")', organizationId: acme.id });
  await createPerson(roster.dataSource, { displayName: 'Quote "and" comma, newline\nZoë', organizationId: acme.id });
  // More than one export batch (1,000 people).
  const values = Array.from(
    { length: 2100 },
    (_, index) => `('Bulk ${index}', 'CUSTOMER', 'ACTIVE', 'IMPORT', 0, 1, :now, :now)`,
  );
  await roster.dataSource.query(
    ...roster.dataSource.driver.escapeQueryWithParameters(
      `INSERT INTO users (displayName, kind, state, source, loginCount, version, createdAt, updatedAt) VALUES ${values.join(", ")}`,
      { now: roster.clock.now() },
    ),
  );
}, 60_000);
afterAll(() => roster.stop());

async function exportCsv(client: GraphQLClient, query: string): Promise<{ status: number; rows: string[][]; body: string }> {
  const response = await client.fetch(`/export/users.csv?${query}`);
  const body = await response.text();
  return { status: response.status, body, rows: response.ok ? (parse(body) as string[][]) : [] };
}

interface MembersPage {
  users: { nodes: { id: string; displayName: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
}

async function membersOf(segment: string): Promise<{ id: string; displayName: string }[]> {
  const members: { id: string; displayName: string }[] = [];
  let after: string | null = null;
  for (;;) {
    const { users }: MembersPage = await admin.data<MembersPage>(
      "query ($segment: String, $after: String) { users(first: 100, after: $after, segment: $segment, sort: { field: CREATED_AT }) { nodes { id displayName } pageInfo { hasNextPage endCursor } } }",
      { segment, after },
    );
    members.push(...users.nodes);
    if (!users.pageInfo.hasNextPage) return members;
    after = users.pageInfo.endCursor;
  }
}

test("a segment exports exactly its members, row by row, across batches", async () => {
  const segment = 'source = import or org.name contains "acme"';
  const { status, rows } = await exportCsv(
    admin,
    `segment=${encodeURIComponent(segment)}&columns=id,displayName,organization,state`,
  );
  expect(status).toBe(200);
  expect(rows[0]).toEqual(["id", "displayName", "organization", "state"]);
  const members = await membersOf(segment);
  expect(members.length).toBe(2102);
  const byId = new Map(rows.slice(1).map((row) => [row[0], row]));
  expect(byId.size).toBe(rows.length - 1);
  expect([...byId.keys()].sort()).toEqual(members.map((member) => member.id).sort());
  const quoted = members.find((member) => member.displayName.startsWith("Quote"))!;
  expect(byId.get(quoted.id)).toEqual([quoted.id, 'Quote "and" comma, newline\nZoë', "Acme, Inc.", "ACTIVE"]);
});

test("a cell that a spreadsheet would run as a formula is written as text", async () => {
  const { rows } = await exportCsv(admin, "search=HYPERLINK&columns=displayName");
  expect(rows).toEqual([["displayName"], ['\'=HYPERLINK("http://evil.test")']]);
});

test.each([
  ["no session", () => roster.anonymous(), "", 401, "UNAUTHENTICATED"],
  ["an unknown column", () => admin, "columns=id,password", 400, "BAD_USER_INPUT"],
  ["an unknown state", () => admin, "states=ASLEEP", 400, "BAD_USER_INPUT"],
  ["a broken segment", () => admin, "segment=tickets.cout%3E1", 400, "BAD_USER_INPUT"],
])("%s is refused with a code", async (_case, client, query, status, code) => {
  const response = await client().fetch(`/export/users.csv?${query}`);
  expect(response.status).toBe(status);
  expect(await response.json()).toMatchObject({ errors: [{ extensions: { code } }] });
});

test("an agent without people.export is FORBIDDEN; a key with it exports", async () => {
  await createAgent(roster.dataSource, { email: "no-export@roster.test", password: "no-export-pass" });
  // Agents get people.export from the system Agent role; take it away (the Administrator keeps it).
  await roster.dataSource.query(
    "DELETE FROM role_permissions WHERE permission = 'people.export' AND roleId IN (SELECT id FROM roles WHERE systemKey = 'AGENT')",
  );
  const agent = await roster.signIn({ email: "no-export@roster.test", password: "no-export-pass" });
  const refused = await agent.fetch("/export/users.csv");
  expect(refused.status).toBe(403);

  const { createApiKey } = await admin.data<{ createApiKey: { secret: string } }>(
    'mutation { createApiKey(input: { name: "Warehouse", permissions: ["people.export"] }) { secret } }',
  );
  const response = await fetch(`${roster.url}/export/users.csv?columns=id&states=ACTIVE`, {
    headers: { authorization: `Bearer ${createApiKey.secret}` },
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
  expect((parse(await response.text()) as string[][]).length).toBeGreaterThan(2100);
  const badKey = await fetch(`${roster.url}/export/users.csv`, { headers: { authorization: "Bearer rst_nope" } });
  expect(badKey.status).toBe(401);
});
