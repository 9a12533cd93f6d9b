/**
 * SCIM Groups = Roster's roles (modules/scim/scim-group.service.ts): the group push sequences of
 * Okta and Entra ID (written from their public SCIM documentation), filters and paging, system
 * roles read-only, the refusals, and that a member added over SCIM is the same role assignment
 * the GraphQL API makes (roles, audit by the API key, person.roles_changed).
 */
import type { User } from "../src/modules/users/user.entity";
import { createAgent, createPerson } from "./support/fixtures";
import type { GraphQLClient } from "./support/graphql-client";
import { startTestRoster, TestClock, type TestRoster } from "./support/roster";
import { AccessLog, createApiKey, expectError, GROUP, LIST_RESPONSE, scimClient, type Answer } from "./support/scim";

let roster: TestRoster;
let admin: GraphQLClient;
let key: { id: string; secret: string };
let agents: User[];
let customers: User[];
const clock = new TestClock(new Date("2026-06-15T12:00:00.000Z"));
const accessLog = new AccessLog();

beforeAll(async () => {
  roster = await startTestRoster({ clock, env: { ROSTER_LOG_LEVEL: "info" }, logDestination: accessLog.destination });
  admin = await roster.signIn();
  key = await createApiKey(admin, "Okta", ["scim.provision"]);
  agents = [];
  for (const name of ["Ada Agent", "Bo Agent", "Cy Agent"])
    agents.push(await createAgent(roster.dataSource, { displayName: name }));
  customers = [];
  for (const name of ["Dee Customer", "Eve Customer"])
    customers.push(await createPerson(roster.dataSource, { displayName: name }));
});
afterAll(() => roster.stop());

const { scim, patch, list } = scimClient(
  () => roster.url,
  () => key.secret,
  "/Groups",
);

const create = (displayName: string, members: User[] = []) =>
  scim("POST", "/Groups", {
    body: { schemas: [GROUP], displayName, members: members.map((user) => ({ value: String(user.id) })) },
  });

const memberIds = (answer: Answer) => (answer.body.members ?? []).map((member) => member.value);
const ids = (users: User[]) => users.map((user) => String(user.id));

async function auditOfRole(roleId: string) {
  return (await roster.dataSource.query(
    "SELECT action, actorType, actorId FROM audit_events WHERE targetType = 'ROLE' AND targetId = ? ORDER BY id",
    [Number(roleId)],
  )) as { action: string; actorType: string; actorId: number }[];
}

async function systemRole(systemKey: string): Promise<{ id: string; name: string }> {
  const { roles } = await admin.data<{ roles: { id: string; name: string; systemKey: string | null }[] }>(
    "{ roles { id name systemKey } }",
  );
  return roles.find((role) => role.systemKey === systemKey)!;
}

describe("discovery", () => {
  test("ResourceTypes and Schemas announce Group", async () => {
    const types = await scim("GET", "/ResourceTypes/Group");
    expect(types.status).toBe(200);
    expect(types.body).toMatchObject({ id: "Group", endpoint: "/Groups", schema: GROUP });
    const schema = await scim("GET", `/Schemas/${GROUP}`);
    expect(schema.body.attributes.map((attribute) => attribute.name)).toEqual(["displayName", "members"]);
  });
});

describe("Okta's group push: create, add members, remove one, rename, delete", () => {
  test("each step answers as Okta expects and lands on the role, every audit event by the API key", async () => {
    const [ada, bo] = agents;
    const created = await scim("POST", "/Groups", { body: { schemas: [GROUP], displayName: "Tier 1", members: [] } });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.headers.get("location")).toBe(`${roster.url}/scim/v2/Groups/${id}`);
    expect(created.headers.get("etag")).toBe(created.body.meta.version);
    expect(created.body).toMatchObject({
      schemas: [GROUP],
      displayName: "Tier 1",
      members: [],
      meta: { resourceType: "Group", location: `${roster.url}/scim/v2/Groups/${id}`, created: "2026-06-15T12:00:00.000Z" },
    });

    // Okta adds members with their display names.
    const added = await patch(id, [
      {
        op: "add",
        path: "members",
        value: [
          { value: String(ada.id), display: ada.displayName },
          { value: String(bo.id), display: bo.displayName },
        ],
      },
    ]);
    expect(added.status).toBe(200);
    expect(added.body.members).toEqual([
      { value: String(ada.id), display: "Ada Agent", $ref: `${roster.url}/scim/v2/Users/${ada.id}` },
      { value: String(bo.id), display: "Bo Agent", $ref: `${roster.url}/scim/v2/Users/${bo.id}` },
    ]);
    expect(added.body.meta.version).not.toBe(created.body.meta.version);
    expect((await scim("GET", `/Groups/${id}`)).body).toEqual(added.body);

    // Adding a member again changes nothing.
    const again = await patch(id, [{ op: "add", path: "members", value: [{ value: String(ada.id) }] }]);
    expect(again.body.meta.version).toBe(added.body.meta.version);

    const removed = await patch(id, [{ op: "remove", path: `members[value eq "${ada.id}"]` }]);
    expect(memberIds(removed)).toEqual([String(bo.id)]);

    // Okta renames with a path-less replace carrying the id.
    clock.set("2026-06-15T12:05:00.000Z");
    const renamed = await patch(id, [{ op: "replace", value: { id, displayName: "Tier One" } }]);
    expect(renamed.body).toMatchObject({ displayName: "Tier One", meta: { lastModified: "2026-06-15T12:05:00.000Z" } });
    expect(memberIds(renamed)).toEqual([String(bo.id)]);
    const [row] = await roster.dataSource.query("SELECT name, kind FROM roles WHERE id = ?", [Number(id)]);
    expect(row).toEqual({ name: "Tier One", kind: "AGENT" });

    const deleted = await scim("DELETE", `/Groups/${id}`);
    expect(deleted.status).toBe(204);
    expectError(await scim("GET", `/Groups/${id}`), 404);
    expect(await roster.dataSource.query("SELECT userId FROM user_roles WHERE roleId = ?", [Number(id)])).toEqual([]);

    const events = await auditOfRole(id);
    expect(events.map((event) => event.action)).toEqual(["ROLE_CREATED", "ROLE_UPDATED", "ROLE_DELETED"]);
    expect(events.every((event) => event.actorType === "API_KEY" && Number(event.actorId) === Number(key.id))).toBe(true);
    const assignments = (await roster.dataSource.query(
      "SELECT targetId, actorType, actorId FROM audit_events WHERE action = 'ROLES_ASSIGNED' AND targetId IN (?, ?) ORDER BY id",
      [ada.id, bo.id],
    )) as { targetId: number; actorType: string; actorId: number }[];
    expect(assignments.map((event) => Number(event.targetId))).toEqual([ada.id, bo.id, ada.id]);
    expect(assignments.every((event) => event.actorType === "API_KEY" && Number(event.actorId) === Number(key.id))).toBe(true);
  });
});

describe("Entra ID's sequence: look up by displayName, create, Add and Remove members with capitalised ops", () => {
  test("each step answers as Entra ID expects", async () => {
    const [, , cy] = agents;
    const filter = 'displayName eq "Sales Agents"';
    const lookup = await list({ filter, excludedAttributes: "members" });
    expect(lookup.body).toEqual({ schemas: [LIST_RESPONSE], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });

    const created = await scim("POST", "/Groups", {
      body: { schemas: [GROUP], externalId: "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159", displayName: "Sales Agents", members: [] },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;

    const added = await patch(id, [{ op: "Add", path: "members", value: [{ value: String(cy.id) }] }]);
    expect(added.status).toBe(200);
    expect(memberIds(added)).toEqual([String(cy.id)]);

    // Entra ID reads groups without their members; the answer has none and the version still moves with them.
    const found = await list({ filter: 'displayName eq "sales agents"', excludedAttributes: "members" });
    expect(found.body.totalResults).toBe(1);
    expect(found.body.Resources[0]).toEqual({ ...added.body, members: undefined });
    expect("members" in found.body.Resources[0]).toBe(false);

    const renamed = await patch(id, [{ op: "Replace", path: "displayName", value: "Sales" }]);
    expect(renamed.body.displayName).toBe("Sales");

    const removed = await patch(id, [{ op: "Remove", path: "members", value: [{ value: String(cy.id) }] }]);
    expect(removed.status).toBe(200);
    expect(memberIds(removed)).toEqual([]);
  });
});

describe("filters, paging and attribute selection", () => {
  let red: string;
  let blue: string;
  beforeAll(async () => {
    red = (await create("Filter Red", agents.slice(0, 2))).body.id;
    blue = (await create("Filter Blue", [agents[1]])).body.id;
  });

  test.each([
    ['displayName eq "filter red"', () => [red]],
    ['displayName sw "Filter "', () => [red, blue]],
    ['displayName co "blu"', () => [blue]],
    ['id eq "{red}"', () => [red]],
    ['members[value eq "{ada}"] and displayName sw "Filter"', () => [red]],
    ['members[value eq "{bo}"] and displayName sw "Filter"', () => [red, blue]],
    ['members.value eq "{bo}" and not (displayName eq "Filter Red")', () => [blue]],
    ['displayName eq "Filter Red" or displayName eq "Filter Blue"', () => [red, blue]],
    ['members pr and displayName sw "Filter"', () => [red, blue]],
  ])("%s", async (template, expected) => {
    const filter = template.replace("{red}", red).replace("{ada}", String(agents[0].id)).replace("{bo}", String(agents[1].id));
    const answer = await list({ filter, excludedAttributes: "members" });
    expect(answer.status).toBe(200);
    expect(answer.body.Resources.map((group) => group.id).sort()).toEqual(expected().sort());
  });

  test("startIndex and count page; attributes chooses what comes back", async () => {
    const page = await list({ filter: 'displayName sw "Filter"', sortBy: "displayName", startIndex: "2", count: "1" });
    expect(page.body).toMatchObject({ totalResults: 2, startIndex: 2, itemsPerPage: 1 });
    expect(page.body.Resources.map((group) => group.id)).toEqual([red]);
    const named = await scim("GET", `/Groups/${red}?attributes=displayName`);
    expect(named.body).toEqual({ schemas: [GROUP], id: red, displayName: "Filter Red" });
    expectError(await list({ filter: 'title eq "x"' }), 400, "invalidFilter");
    expectError(await list({ filter: 'members[value co "1"]' }), 400, "invalidFilter");
  });

  test("a page of groups is read in the same number of SQL statements whatever its size, with members or without", async () => {
    for (let index = 0; index < 4; index += 1) await create(`Page ${index}`, agents.slice(0, index));
    const statements = async (count: number, exclude: boolean) => {
      const requestId = `scim-groups-${count}-${exclude}`;
      const answer = await scim(
        "GET",
        `/Groups?filter=${encodeURIComponent('displayName sw "Page "')}&count=${count}${exclude ? "&excludedAttributes=members" : ""}`,
        { headers: { "x-request-id": requestId } },
      );
      expect(answer.body.itemsPerPage).toBe(count);
      expect(answer.body.Resources.every((group) => (group.members === undefined) === exclude)).toBe(true);
      return accessLog.statementsOf(requestId);
    };
    const one = await statements(1, false);
    expect(one).toBeGreaterThan(0);
    expect(await statements(4, false)).toBe(one);
    const withoutMembers = await statements(4, true);
    expect(await statements(1, true)).toBe(withoutMembers);
    // Without members, their statement is not run.
    expect(withoutMembers).toBe(one! - 1);
  });
});

describe("refusals", () => {
  test("system roles are read-only (mutability) but listed", async () => {
    const administrator = await systemRole("ADMINISTRATOR");
    const registered = await systemRole("REGISTERED");
    const read = await scim("GET", `/Groups/${administrator.id}`);
    expect(read.status).toBe(200);
    expect(read.body.displayName).toBe(administrator.name);
    expect(memberIds(await scim("GET", `/Groups/${registered.id}`))).toEqual([]);
    for (const role of [administrator, registered]) {
      expectError(
        await patch(role.id, [{ op: "add", path: "members", value: [{ value: String(agents[0].id) }] }]),
        400,
        "mutability",
      );
      expectError(
        await scim("PUT", `/Groups/${role.id}`, { body: { schemas: [GROUP], displayName: "Renamed" } }),
        400,
        "mutability",
      );
      expectError(await scim("DELETE", `/Groups/${role.id}`), 400, "mutability");
    }
    const [row] = await roster.dataSource.query("SELECT name FROM roles WHERE id = ?", [Number(administrator.id)]);
    expect(row.name).toBe(administrator.name);
  });

  test("a person of the other kind, an unknown member, a taken name, a stale If-Match", async () => {
    const [dee] = customers;
    const customerGroup = await create("Customer Group", [dee]);
    expect(customerGroup.status).toBe(201);
    const [row] = await roster.dataSource.query("SELECT kind FROM roles WHERE id = ?", [Number(customerGroup.body.id)]);
    expect(row.kind).toBe("CUSTOMER");

    const mismatch = await patch(customerGroup.body.id, [
      { op: "add", path: "members", value: [{ value: String(agents[0].id) }] },
    ]);
    expectError(mismatch, 400, "invalidValue");
    expect(mismatch.body.detail).toContain("Ada Agent");
    expectError(await create("Mixed", [agents[0], dee]), 400, "invalidValue");
    expect((await list({ filter: 'displayName eq "Mixed"' })).body.totalResults).toBe(0);

    const unknown = await patch(customerGroup.body.id, [{ op: "add", path: "members", value: [{ value: "999999" }] }]);
    expectError(unknown, 400, "invalidValue");
    expect(unknown.body.detail).toContain("999999");
    expectError(await create("Bad member", [{ id: 0 } as User]), 400, "invalidValue");

    expectError(await create("customer group"), 409, "uniqueness");
    expectError(await create(""), 400, "invalidValue");

    const version = customerGroup.body.meta.version;
    await patch(customerGroup.body.id, [{ op: "add", path: "members", value: [{ value: String(customers[1].id) }] }]);
    const stale = await patch(customerGroup.body.id, [{ op: "remove", path: "members" }], { "if-match": version });
    expectError(stale, 412);
    expect(memberIds(await scim("GET", `/Groups/${customerGroup.body.id}`))).toEqual(ids(customers));
    expectError(await scim("DELETE", `/Groups/${customerGroup.body.id}`, { headers: { "if-match": version } }), 412);
    const current = (await scim("GET", `/Groups/${customerGroup.body.id}`)).body.meta.version;
    const replaced = await scim("PUT", `/Groups/${customerGroup.body.id}`, {
      body: { schemas: [GROUP], displayName: "Customers", members: [{ value: String(dee.id) }] },
      headers: { "if-match": current },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body.displayName).toBe("Customers");
    expect(memberIds(replaced)).toEqual([String(dee.id)]);
    expectError(await scim("GET", "/Groups/abc"), 404);
  });
});

describe("the same role assignment as the GraphQL API", () => {
  test("a SCIM add shows in user(id){roles}, records person.roles_changed and is audited by the API key", async () => {
    const eve = customers[1];
    const group = await create("Feed Group", [customers[0]]);
    const before = await admin.data<{ changes: { pageInfo: { endCursor: string | null } } }>(
      "{ changes(first: 100, types: [PERSON_ROLES_CHANGED]) { pageInfo { endCursor } } }",
    );
    const added = await patch(group.body.id, [{ op: "Add", path: "members", value: [{ value: String(eve.id) }] }]);
    expect(added.status).toBe(200);

    const { user } = await admin.data<{ user: { roles: { name: string }[] } }>(
      "query ($id: ID!) { user(id: $id) { roles { name } } }",
      {
        id: String(eve.id),
      },
    );
    expect(user.roles.map((role) => role.name)).toContain("Feed Group");

    const { changes } = await admin.data<{ changes: { nodes: { personId: string; actorType: string; payload: string }[] } }>(
      "query ($after: String) { changes(after: $after, first: 100, types: [PERSON_ROLES_CHANGED]) { nodes { personId actorType payload } } }",
      { after: before.changes.pageInfo.endCursor },
    );
    expect(
      changes.nodes.map((node) => ({ personId: node.personId, actorType: node.actorType, data: JSON.parse(node.payload).data })),
    ).toEqual([
      { personId: String(eve.id), actorType: "API_KEY", data: { id: String(eve.id), added: [group.body.id], removed: [] } },
    ]);

    const [event] = (await roster.dataSource.query(
      "SELECT actorType, actorId FROM audit_events WHERE action = 'ROLES_ASSIGNED' AND targetId = ? ORDER BY id DESC",
      [eve.id],
    )) as { actorType: string; actorId: number }[];
    expect(event.actorType).toBe("API_KEY");
    expect(Number(event.actorId)).toBe(Number(key.id));
  });
});
