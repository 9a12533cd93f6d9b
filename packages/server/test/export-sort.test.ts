/**
 * The CSV export comes in the people list's order: `sort` and `direction` as `users(sort:)`
 * takes them, display name A to Z by default; ties and empty values (never signed in) placed as
 * the list places them, across more than one of the export's pages.
 */
import { parse } from "csv-parse/sync";
import type { GraphQLClient } from "./support/graphql-client";
import { startTestRoster, type TestRoster } from "./support/roster";

let roster: TestRoster;
let admin: GraphQLClient;

const PEOPLE = 260;

beforeAll(async () => {
  roster = await startTestRoster();
  admin = await roster.signIn();
  const base = roster.clock.now().getTime();
  // Repeated names and sign-in times (ties the id must break), and a quarter never signed in.
  const values = Array.from({ length: PEOPLE }, (_, index) => {
    const lastLogin = index % 4 === 0 ? "NULL" : `:login${index % 7}`;
    return `('Person ${(index * 37) % 53}', 'CUSTOMER', 'ACTIVE', 'IMPORT', ${index % 5}, 1, ${lastLogin}, :now, :now)`;
  });
  const logins = Object.fromEntries(Array.from({ length: 7 }, (_, n) => [`login${n}`, new Date(base - n * 3_600_000)]));
  await roster.dataSource.query(
    ...roster.dataSource.driver.escapeQueryWithParameters(
      `INSERT INTO users (displayName, kind, state, source, loginCount, version, lastLoginAt, createdAt, updatedAt) VALUES ${values.join(", ")}`,
      { now: roster.clock.now(), ...logins },
    ),
  );
}, 60_000);
afterAll(() => roster.stop());

interface UsersPage {
  users: { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
}

/** The ids as the people list shows them, page after page. */
async function listed(sort: { field: string; direction: string } | null): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const { users }: UsersPage = await admin.data<UsersPage>(
      "query ($sort: UserSort, $after: String) { users(first: 100, after: $after, sort: $sort) { nodes { id } pageInfo { hasNextPage endCursor } } }",
      { sort, after },
    );
    ids.push(...users.nodes.map((node) => node.id));
    if (!users.pageInfo.hasNextPage) return ids;
    after = users.pageInfo.endCursor;
  }
}

async function exported(query: string): Promise<string[]> {
  const response = await admin.fetch(`/export/users.csv?columns=id${query}`);
  expect(response.status).toBe(200);
  const rows = parse(await response.text()) as string[][];
  expect(rows[0]).toEqual(["id"]);
  return rows.slice(1).map(([id]) => id);
}

test("without a sort, the export is in the list's default order (display name, A to Z)", async () => {
  const ids = await exported("");
  expect(ids).toHaveLength(PEOPLE + 1);
  expect(ids).toEqual(await listed(null));
  // Not merely id order, which would pass by accident on a list in id order.
  expect(ids).not.toEqual([...ids].sort((a, b) => Number(a) - Number(b)));
});

test.each([
  ["DISPLAY_NAME", "ASC"],
  ["DISPLAY_NAME", "DESC"],
  ["LAST_LOGIN_AT", "ASC"],
  ["LAST_LOGIN_AT", "DESC"],
  ["CREATED_AT", "DESC"],
])("sort=%s&direction=%s gives the rows in the order users(sort:) lists them", async (field, direction) => {
  const ids = await exported(`&sort=${field}&direction=${direction}`);
  expect(ids).toHaveLength(PEOPLE + 1);
  expect(ids).toEqual(await listed({ field, direction }));
});

test("the direction defaults to ascending, as in users(sort:)", async () => {
  expect(await exported("&sort=LAST_LOGIN_AT")).toEqual(await listed({ field: "LAST_LOGIN_AT", direction: "ASC" }));
});

test.each([
  ["sort=name", "sort"],
  ["sort=DISPLAY_NAME&direction=down", "direction"],
  ["direction=DESC", "direction"],
  ["sort=DISPLAY_NAME&sort=EMAIL", "sort"],
])("%s is BAD_USER_INPUT on %s", async (query, argument) => {
  const response = await admin.fetch(`/export/users.csv?${query}`);
  expect(response.status).toBe(400);
  const body = (await response.json()) as { errors: { extensions: { code: string; argument?: string } }[] };
  expect(body.errors[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argument });
});

test("roleId narrows the export to the role's members, as users(roleId:) does", async () => {
  const { createRole } = await admin.data<{ createRole: { id: string } }>(
    `mutation { createRole(input: { name: "Exported moderators", kind: CUSTOMER, permissions: [] }) { id } }`,
  );
  const members = (await listed(null)).filter((id) => Number(id) % 3 === 0).slice(0, 4);
  for (const userId of members) {
    await admin.data(`mutation($userId: ID!, $roleIds: [ID!]!) { assignRoles(userId: $userId, roleIds: $roleIds) { id } }`, {
      userId,
      roleIds: [createRole.id],
    });
  }
  const { users } = await admin.data<UsersPage>(`query($roleId: ID) { users(first: 100, roleId: $roleId) { nodes { id } } }`, {
    roleId: createRole.id,
  });
  const ids = await exported(`&roleId=${createRole.id}`);
  expect(ids).toEqual(users.nodes.map((node) => node.id));
  expect([...ids].sort()).toEqual([...members].sort());

  const unknown = await admin.fetch("/export/users.csv?roleId=999999");
  expect(unknown.status).toBe(400);
  expect(((await unknown.json()) as { code: string }).code).toBe("BAD_USER_INPUT");
});
