/**
 * The people list at size: each page of every sort, first or deep, is read through an index on
 * (sort column, id) — no sort of the whole table, a handful of rows read — on both databases.
 * The database's own plan of each statement the request ran is the judge (`EXPLAIN`: a full
 * scan, a filesort or a temporary B-tree for ORDER BY fail the test). Also: a count-only request runs only the count, a page-only one only the page.
 */
import { sortFields, constantCase } from "@roster/person";
import { encodeCursor } from "../src/common/pagination";
import { readDate } from "../src/database/sql";
import { User } from "../src/modules/users/user.entity";
import { UserKind, UserSource, UserState } from "../src/modules/users/user.enums";
import type { Organization } from "../src/modules/organizations/organization.entity";
import { createOrganization } from "./support/fixtures";
import type { GraphQLClient } from "./support/graphql-client";
import { startTestRoster, testDatabase, type TestRoster } from "./support/roster";

// Enough people that MariaDB's optimizer weighs an index against a full scan as at scale.
const PEOPLE = 20_000;
const PAGE = 50;
/** The people of one organization, whose list is walked page by page. */
const WALKED = 1_000;
let walked: Organization;

let roster: TestRoster;
let agent: GraphQLClient;

beforeAll(async () => {
  roster = await startTestRoster();
  const start = roster.clock.now().getTime();
  walked = await createOrganization(roster.dataSource, { name: "Walked" });
  const rows = Array.from({ length: PEOPLE }, (_, index) => ({
    // Names out of id order, so a sort by name is not the table's own order.
    displayName: `Person ${String((index * 7_919) % PEOPLE).padStart(5, "0")}`,
    email: index % 5 === 0 ? null : `p${index}@keyset.test`,
    username: index % 4 === 0 ? null : `p${index}`,
    kind: UserKind.CUSTOMER,
    state: UserState.ACTIVE,
    source: UserSource.IMPORT,
    organizationId: index < WALKED ? walked.id : null,
    lastLoginAt: index % 3 === 0 ? null : new Date(start - ((index * 104_729) % 1_000_000) * 1_000),
    createdAt: new Date(start - ((index * 15_485_863) % 1_000_000) * 1_000),
    updatedAt: new Date(start),
  }));
  for (let offset = 0; offset < rows.length; offset += 500) {
    await roster.dataSource.getRepository(User).insert(rows.slice(offset, offset + 500));
  }
  // The optimizer plans from statistics; fresh ones, as a production table has.
  await roster.dataSource.query(testDatabase === "mariadb" ? "ANALYZE TABLE users" : "ANALYZE");
  agent = await roster.signIn();
}, 120_000);
afterAll(() => roster.stop());

interface Statement {
  sql: string;
  parameters: unknown[];
}

/** The SELECTs on `users` a request ran (Roster runs in this process: its TypeORM logger sees them). */
async function statementsOf(query: string, variables: Record<string, unknown>): Promise<{ data: unknown; selects: Statement[] }> {
  const seen: Statement[] = [];
  const spy = jest.spyOn(roster.dataSource.logger, "logQuery").mockImplementation((sql, parameters) => {
    seen.push({ sql, parameters: (parameters ?? []) as unknown[] });
  });
  try {
    const data = await agent.data(query, variables);
    return { data, selects: seen.filter(({ sql }) => /^SELECT/i.test(sql) && /FROM [`"]?users[`"]? [`"]?u[`"]?/i.test(sql)) };
  } finally {
    spy.mockRestore();
  }
}

/** How the database plans a statement: whether it reads the whole table, and whether it sorts. */
async function planOf({ sql, parameters }: Statement): Promise<{ wholeTable: boolean; sorted: boolean; plan: string }> {
  if (testDatabase === "mariadb") {
    const rows = (await roster.dataSource.query(`EXPLAIN ${sql}`, parameters)) as Record<string, unknown>[];
    const users = rows.filter((row) => row.table === "u");
    return {
      wholeTable: users.some((row) => row.type === "ALL"),
      sorted: users.some((row) => /filesort/i.test(String(row.Extra))),
      plan: JSON.stringify(rows),
    };
  }
  const rows = (await roster.dataSource.query(`EXPLAIN QUERY PLAN ${sql}`, parameters)) as { detail: string }[];
  const plan = rows.map((row) => row.detail).join(" | ");
  return { wholeTable: /SCAN u\b(?! USING)/.test(plan), sorted: /TEMP B-TREE/.test(plan), plan };
}

const USERS = `query ($first: Int!, $after: String, $sort: UserSort, $organizationId: ID) {
  users(first: $first, after: $after, sort: $sort, organizationId: $organizationId) { nodes { id } pageInfo { endCursor } }
}`;
interface UsersPage {
  users: { nodes: { id: string }[]; pageInfo: { endCursor: string | null } };
}

const sorts = sortFields.flatMap((field) => ["ASC", "DESC"].map((direction) => ({ field: constantCase(field.name), direction })));

/** A cursor at the person of median id among those with (or without) a value: deep in the list. */
async function cursorAt(field: { name: string }, sortKey: string, withValue: boolean): Promise<string> {
  const column = field.name;
  const [row] = (await roster.dataSource.query(
    `SELECT id, ${column} AS value FROM users WHERE ${column} IS ${withValue ? "NOT " : ""}NULL ORDER BY id LIMIT 1 OFFSET ${
      withValue ? Math.floor(PEOPLE / 3) : 100
    }`,
  )) as { id: unknown; value: unknown }[];
  const value =
    row.value === null
      ? null
      : row.value instanceof Date || column.endsWith("At")
        ? readDate(row.value)!.toISOString()
        : String(row.value);
  return encodeCursor(sortKey, value, Number(row.id));
}

test.each(sorts)("users sorted by $field $direction: first and deep pages read through the index", async (sort) => {
  const field = sortFields.find((candidate) => constantCase(candidate.name) === sort.field)!;
  const sortKey = `${sort.field}-${sort.direction}`;
  const cursors = [
    null,
    await cursorAt(field, sortKey, true),
    ...(field.nullable ? [await cursorAt(field, sortKey, false)] : []),
  ];
  for (const after of cursors) {
    const { data, selects } = await statementsOf(USERS, { first: PAGE, sort, after });
    expect((data as UsersPage).users.nodes).toHaveLength(PAGE);
    expect(selects.length).toBeGreaterThanOrEqual(1);
    for (const statement of selects) {
      const plan = await planOf(statement);
      if (plan.sorted || plan.wholeTable) throw new Error(`${sort.field} ${sort.direction}: ${statement.sql}\n${plan.plan}`);
    }
  }
});

test("the rows without a value come last, after every row with one, in both directions and across pages", async () => {
  for (const direction of ["ASC", "DESC"]) {
    const sort = { field: "LAST_LOGIN_AT", direction };
    const ids: string[] = [];
    let after: string | null = null;
    do {
      const page: UsersPage = await agent.data<UsersPage>(USERS, { first: 100, sort, after, organizationId: String(walked.id) });
      ids.push(...page.users.nodes.map((node) => node.id));
      after = page.users.pageInfo.endCursor && page.users.nodes.length === 100 ? page.users.pageInfo.endCursor : null;
    } while (after);
    const rows = (await roster.dataSource.query("SELECT id, lastLoginAt FROM users WHERE organizationId = ?", [walked.id])) as {
      id: unknown;
      lastLoginAt: unknown;
    }[];
    const logins = new Map(rows.map((row) => [Number(row.id), readDate(row.lastLoginAt)?.getTime() ?? null]));
    // Every person once, in the order the SPEC states: by value, then id, both in the direction
    // asked; the people without a value after all the others.
    expect(new Set(ids).size).toBe(logins.size);
    const sign = direction === "ASC" ? 1 : -1;
    const expected = [...logins.entries()].sort(([idA, a], [idB, b]) => {
      if ((a === null) !== (b === null)) return a === null ? 1 : -1;
      return sign * ((a ?? 0) - (b ?? 0) || idA - idB);
    });
    expect(ids).toEqual(expected.map(([id]) => String(id)));
  }
});

describe("a request reads only what it asks for", () => {
  const count = (query: string) => agent.request(query).then((response) => response.extensions.sqlStatements ?? Number.NaN);

  test("the count alone runs one statement more than nothing; the page alone, one; both, two", async () => {
    const nothing = await count("{ __typename }");
    expect(await count('{ users(first: 1, segment: "state = active") { totalCount } }')).toBe(nothing + 1);
    expect(await count("{ users(first: 20) { nodes { id } } }")).toBe(nothing + 1);
    expect(await count("{ users(first: 20) { totalCount pageInfo { hasNextPage } } }")).toBe(nothing + 2);
    // One person's timeline: the person, then one ordered statement for the page.
    const [{ id }] = (await roster.dataSource.query("SELECT id FROM users ORDER BY id LIMIT 1")) as { id: unknown }[];
    expect(await count(`{ user(id: "${String(id)}") { communications(first: 5) { nodes { id } } } }`)).toBe(nothing + 2);
  });

  test("a caller is known in two statements: the session (or API key) with its person, then the permissions", async () => {
    expect(await count("{ __typename }")).toBe(2);
    const { createApiKey } = await agent.data<{ createApiKey: { secret: string } }>(
      'mutation { createApiKey(input: { name: "Counted", permissions: ["people.view"] }) { secret } }',
    );
    const asKey = async () => {
      const response = await fetch(`${roster.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${createApiKey.secret}` },
        body: JSON.stringify({ query: "{ __typename }" }),
      });
      return ((await response.json()) as { extensions: { sqlStatements: number } }).extensions.sqlStatements;
    };
    // The first use also records lastUsedAt; the next ones within its granularity do not.
    expect(await asKey()).toBe(3);
    expect(await asKey()).toBe(2);
  });

  test("a bad page size is refused even when only the count is asked for", async () => {
    const response = await agent.request("{ users(first: 0) { totalCount } }");
    expect(response.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });
});
