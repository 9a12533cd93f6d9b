/**
 * The CSV import writes a person the way every other path does (issue 12): it never overwrites
 * an edit that lands while it runs (row lock and version check), attaches new people to the
 * organization of their email's domain, applies the API's username rule, and takes attribute
 * names by the one rule of the API, the segment language and the SPA.
 */
import { AuditEvent } from "../src/modules/audit/audit-event.entity";
import { AuditAction } from "../src/modules/audit/audit.enums";
import { User } from "../src/modules/users/user.entity";
import { createOrganization, createPerson } from "./support/fixtures";
import type { GraphQLClient, GraphQLResponse } from "./support/graphql-client";
import { finishedImport, postImport, queueImport, withMapping } from "./support/imports";
import { startTestRoster, testDatabase, type TestRoster } from "./support/roster";

let roster: TestRoster;
let admin: GraphQLClient;

beforeAll(async () => {
  roster = await startTestRoster();
  admin = await roster.signIn();
});
afterAll(() => roster.stop());

const runImport = async (query: string, body: string) => finishedImport(admin, await queueImport(admin, query, body));
const post = (query: string, body: string) => postImport(admin, query, body);
const codeOf = (response: GraphQLResponse<unknown>) => response.errors?.[0]?.extensions?.code;
const users = () => roster.dataSource.getRepository(User);

const UPDATE = `mutation ($id: ID!, $version: Int!, $input: UpdateUserInput!) {
  updateUser(id: $id, version: $version, input: $input) { displayName version } }`;

// The race itself, on MariaDB, is import-race.mariadb.test.ts.
describe("an edit that lands while an import runs is never overwritten", () => {
  /*
   * The version check behind the lock, on both databases: a trigger stands for the other writer.
   * Fired by a write the batch makes after its plan and before its updates (the new person's
   * USER_CREATED event), it changes the planned person as a concurrent edit would.
   * The import's update is conditional on the version it planned against, so that row is
   * rejected with the reason and the other writer's change stays.
   */
  test("a person changed after the batch planned is not overwritten: the row is rejected, the counts stay exact", async () => {
    const person = await createPerson(roster.dataSource, { email: "guarded@example.com", displayName: "Before" });
    const change = `UPDATE users SET displayName = 'Changed meanwhile', version = version + 1 WHERE email = 'guarded@example.com'`;
    await roster.dataSource.query(
      testDatabase === "sqlite"
        ? `CREATE TRIGGER change_meanwhile AFTER INSERT ON audit_events WHEN NEW.action = 'USER_CREATED' BEGIN ${change}; END`
        : `CREATE TRIGGER change_meanwhile AFTER INSERT ON audit_events FOR EACH ROW BEGIN IF NEW.action = 'USER_CREATED' THEN ${change}; END IF; END`,
    );
    try {
      const job = await runImport(
        withMapping({ email: "email", name: "displayName" }),
        "email,name\nnewcomer@example.com,Newcomer\nguarded@example.com,From the import\n",
      );
      expect(job).toMatchObject({ status: "DONE", processedRows: 2, created: 1, updated: 0, unchanged: 0, rejected: 1 });
      expect(job.rejections.nodes).toEqual([
        {
          line: 3,
          reason: `guarded@example.com was changed by someone else while the import ran (now version ${person.version + 1}); import the row again.`,
        },
      ]);
    } finally {
      await roster.dataSource.query("DROP TRIGGER change_meanwhile");
    }
    expect(await users().findOneByOrFail({ id: person.id })).toMatchObject({
      displayName: "Changed meanwhile",
      version: person.version + 1,
    });
    expect(
      await roster.dataSource.getRepository(AuditEvent).countBy({ action: AuditAction.USER_UPDATED, targetId: person.id }),
    ).toBe(0);
  });
});

test("new people join the organization of their email's domain; an Organization column still wins", async () => {
  const byDomain = await createOrganization(roster.dataSource, { name: "Domain Owner", domains: ["owned.example"] });
  const named = await createOrganization(roster.dataSource, { name: "Named Co" });
  await createPerson(roster.dataSource, { email: "already@owned.example", organizationId: null });
  const job = await runImport(
    withMapping({ email: "email", company: "organization" }),
    [
      "email,company",
      "first@owned.example,", // joins Domain Owner
      "Second@OWNED.example,", // the domain in another case
      "named@owned.example,Named Co", // the column wins
      "elsewhere@free.example,", // no organization has the domain
      "already@owned.example,", // an existing person: a domain attaches only new people
    ].join("\n"),
  );
  expect(job).toMatchObject({ status: "DONE", created: 4, updated: 0, unchanged: 1, rejected: 0 });
  const organizationOf = async (email: string) => (await users().findOneByOrFail({ email })).organizationId;
  expect(await organizationOf("first@owned.example")).toBe(byDomain.id);
  expect(await organizationOf("second@owned.example")).toBe(byDomain.id);
  expect(await organizationOf("named@owned.example")).toBe(named.id);
  expect(await organizationOf("elsewhere@free.example")).toBeNull();
  expect(await organizationOf("already@owned.example")).toBeNull();
});

test("a username the API would refuse rejects its row with the reason, in the dry run and for real", async () => {
  const file = [
    "email,login",
    "short@example.com,x", // 2: too short
    "spaced@example.com,has space", // 3: a character the rule refuses
    "symbol@example.com,semi;colon", // 4: likewise
    "fine@example.com,fine.name+1@home", // 5: created
  ].join("\n");
  const query = withMapping({ email: "email", login: "username" });
  const expected = [
    { line: 2, reason: 'username (column "login") must be 2 to 100 characters; this one has 1.' },
    { line: 3, reason: 'username (column "login") may use letters, digits and . _ @ + - (got "has space").' },
    { line: 4, reason: 'username (column "login") may use letters, digits and . _ @ + - (got "semi;colon").' },
  ];

  const report = await (await post(`${query}&dryRun=true`, file)).json();
  expect(report).toMatchObject({ rows: 4, create: 1, update: 0, unchanged: 0, rejected: 3 });
  expect(report.rejections).toEqual(expected);

  const job = await runImport(query, file);
  expect(job).toMatchObject({ status: "DONE", created: 1, updated: 0, unchanged: 0, rejected: 3 });
  expect(job.rejections.nodes).toEqual(expected);
  expect(await users().findOneByOrFail({ email: "fine@example.com" })).toMatchObject({ username: "fine.name+1@home" });
  expect(await users().countBy({ email: "short@example.com" })).toBe(0);
});

describe("one attribute-name rule: a letter first, then letters, digits and _", () => {
  test.each(["attr._x", "attr.1x"])(
    "the import refuses a column mapped to %s, as the API and the segment language do",
    async (field) => {
      const name = field.slice("attr.".length);
      const response = await post(
        `${withMapping({ email: "email", plan: field })}&dryRun=true`,
        "email,plan\na@example.com,gold\n",
      );
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        errors: [
          {
            message: `mapping: ${field}: attribute names start with a letter and use letters, digits and _ (at most 100 characters).`,
            extensions: { code: "BAD_USER_INPUT" },
          },
        ],
      });

      const person = await createPerson(roster.dataSource);
      const edit = await admin.request(UPDATE, {
        id: String(person.id),
        version: person.version,
        input: { attributes: [{ name, value: "gold" }] },
      });
      expect(codeOf(edit)).toBe("BAD_USER_INPUT");

      const segment = await admin.request(`query ($segment: String!) { users(segment: $segment, first: 1) { totalCount } }`, {
        segment: `${field} = "gold"`,
      });
      expect(codeOf(segment)).toBe("BAD_USER_INPUT");
    },
  );
});
