/**
 * SCIM 2.0 provisioning at /scim/v2 (modules/scim): discovery, the request sequences Okta and
 * Entra ID send (written from their public SCIM documentation), filters against a small
 * population with exact expected people, pagination, sorting, attribute selection, ETags, the
 * audit trail, and every refusal in SCIM's error schema.
 */
import { ADMIN, startTestRoster, TestClock, type TestRoster } from "./support/roster";
import type { GraphQLClient } from "./support/graphql-client";
import { createOrganization, createPerson } from "./support/fixtures";
import { AccessLog, createApiKey, ENTERPRISE, expectError, scimClient, USER } from "./support/scim";

let roster: TestRoster;
let admin: GraphQLClient;
let key: { id: string; secret: string };
let viewOnlyKey: string;
const clock = new TestClock(new Date("2026-06-15T12:00:00.000Z"));
const accessLog = new AccessLog();

beforeAll(async () => {
  roster = await startTestRoster({ clock, env: { ROSTER_LOG_LEVEL: "info" }, logDestination: accessLog.destination });
  admin = await roster.signIn();
  key = await createApiKey(admin, "Okta", ["scim.provision"]);
  viewOnlyKey = (await createApiKey(admin, "Reporting", ["people.view"])).secret;
});
afterAll(() => roster.stop());

const { scim, patch, list } = scimClient(
  () => roster.url,
  () => key.secret,
  "/Users",
);

async function stored(id: string) {
  const [row] = await roster.dataSource.query(
    "SELECT state, banReason, bannedUntil, kind, email, username FROM users WHERE id = ?",
    [Number(id)],
  );
  return row as {
    state: string;
    banReason: string | null;
    bannedUntil: unknown;
    kind: string;
    email: string | null;
    username: string | null;
  };
}

describe("discovery", () => {
  test("ServiceProviderConfig declares patch, filter with maxResults, sort and etag, no bulk, bearer tokens", async () => {
    const answer = await scim("GET", "/ServiceProviderConfig");
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toMatch(/^application\/scim\+json/);
    expect(answer.body).toMatchObject({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
      patch: { supported: true },
      bulk: { supported: false },
      filter: { supported: true, maxResults: 200 },
      changePassword: { supported: false },
      sort: { supported: true },
      etag: { supported: true },
      authenticationSchemes: [expect.objectContaining({ type: "oauthbearertoken" })],
    });
  });

  test("ResourceTypes lists User with the enterprise extension, and Group; Schemas describe what is mapped", async () => {
    const types = await scim("GET", "/ResourceTypes");
    expect(types.body.totalResults).toBe(2);
    expect(types.body.Resources.map((type) => type.id)).toEqual(["User", "Group"]);
    expect(types.body.Resources[0]).toMatchObject({
      id: "User",
      endpoint: "/Users",
      schema: USER,
      schemaExtensions: [{ schema: ENTERPRISE, required: false }],
    });
    expect((await scim("GET", "/ResourceTypes/User")).body.name).toBe("User");
    expectError(await scim("GET", "/ResourceTypes/Role"), 404);

    const schemas = await scim("GET", "/Schemas");
    const user = schemas.body.Resources.find((schema: { id: string }) => schema.id === USER)!;
    const names = user.attributes.map((attribute: { name: string }) => attribute.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "userName",
        "name",
        "displayName",
        "emails",
        "phoneNumbers",
        "userType",
        "locale",
        "timezone",
        "active",
      ]),
    );
    expect(user.attributes.find((attribute: { name: string }) => attribute.name === "userName")).toMatchObject({
      required: true,
      uniqueness: "server",
      caseExact: false,
    });
    const enterprise = (await scim("GET", `/Schemas/${ENTERPRISE}`)).body;
    expect(enterprise.attributes.map((attribute: { name: string }) => attribute.name)).toEqual(["organization"]);
  });
});

describe("authentication", () => {
  test("no key, an unknown key and a session cookie are 401; a key without scim.provision is 403", async () => {
    const none = await scim("GET", "/Users", { secret: null });
    expectError(none, 401);
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expectError(await scim("GET", "/Users", { secret: "rst_000000000000000000000000000000000000" }), 401);
    expectError(await scim("GET", "/ServiceProviderConfig", { secret: viewOnlyKey }), 403);

    // An administrator's session holds every permission, and still does not provision.
    const login = await fetch(`${roster.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query: "mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { id } }",
        variables: ADMIN,
      }),
    });
    const cookie = login.headers.get("set-cookie")!.split(";")[0];
    expectError(await scim("GET", "/Users", { secret: null, headers: { cookie } }), 401);
  });

  test("the Administrator role holds scim.provision", async () => {
    const { permissions } = await admin.data<{ permissions: { name: string }[] }>("{ permissions { name } }");
    expect(permissions.map((permission) => permission.name)).toContain("scim.provision");
    const rows = await roster.dataSource.query(
      "SELECT rp.permission FROM role_permissions rp JOIN roles r ON r.id = rp.roleId WHERE r.systemKey = 'ADMINISTRATOR' AND rp.permission = 'scim.provision'",
    );
    expect(rows).toHaveLength(1);
  });
});

describe("Okta's sequence: look up, create, read, update, deactivate, reactivate", () => {
  test("each step answers as Okta expects and lands on the person, every audit event by the API key", async () => {
    const userName = "okta.user@example.test";
    // 1. Okta asks whether the user exists before it creates them.
    const lookup = await list({ filter: `userName eq "${userName}"`, startIndex: "1", count: "100" });
    expect(lookup.status).toBe(200);
    expect(lookup.body).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
      totalResults: 0,
      startIndex: 1,
      itemsPerPage: 0,
      Resources: [],
    });

    // 2. Create (Okta sends a password and groups too; Roster ignores them).
    const created = await scim("POST", "/Users", {
      body: {
        schemas: [USER],
        userName,
        name: { givenName: "Okta", familyName: "User" },
        emails: [{ primary: true, value: userName, type: "work" }],
        locale: "en-US",
        externalId: "00u1okta",
        groups: [],
        password: "1mz050nq",
        active: true,
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.headers.get("location")).toBe(`${roster.url}/scim/v2/Users/${id}`);
    expect(created.headers.get("etag")).toBe(created.body.meta.version);
    expect(created.body).toMatchObject({
      schemas: [USER],
      userName,
      externalId: "00u1okta",
      displayName: "Okta User",
      name: { formatted: "Okta User" },
      emails: [{ value: userName, type: "work", primary: true }],
      locale: "en-US",
      userType: "Customer",
      active: true,
      meta: { resourceType: "User", location: `${roster.url}/scim/v2/Users/${id}` },
    });
    expect(created.body.meta.version).toMatch(/^W\/"\d+"$/);
    expect(created.body.password).toBeUndefined();

    // 3. Read back.
    const read = await scim("GET", `/Users/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    // 4. A profile update: Okta PUTs the whole user.
    clock.set("2026-06-15T12:05:00.000Z");
    const replaced = await scim("PUT", `/Users/${id}`, {
      body: {
        schemas: [USER],
        id,
        userName,
        name: { givenName: "Okta", familyName: "Renamed" },
        displayName: "Okta Renamed",
        emails: [{ primary: true, value: userName, type: "work" }],
        phoneNumbers: [{ value: "+33 1 23 45 67 89", type: "mobile" }],
        locale: "fr-FR",
        timezone: "Europe/Paris",
        userType: "Agent",
        externalId: "00u1okta",
        active: true,
      },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({
      displayName: "Okta Renamed",
      phoneNumbers: [{ value: "+33 1 23 45 67 89", type: "work", primary: true }],
      locale: "fr-FR",
      timezone: "Europe/Paris",
      userType: "Agent",
      active: true,
      meta: { lastModified: "2026-06-15T12:05:00.000Z", created: "2026-06-15T12:00:00.000Z" },
    });
    expect(replaced.body.meta.version).not.toBe(created.body.meta.version);
    expect((await stored(id)).kind).toBe("AGENT");

    // 5. Deactivate: Okta PATCHes active false without a path.
    const deactivated = await patch(id, [{ op: "replace", value: { active: false } }]);
    expect(deactivated.status).toBe(200);
    expect(deactivated.body.active).toBe(false);
    expect(await stored(id)).toMatchObject({ state: "BANNED", banReason: "deprovisioned", bannedUntil: null });
    const inactive = await list({ filter: `userName eq "${userName}"` });
    expect(inactive.body.Resources.map((user: { id: string; active: boolean }) => [user.id, user.active])).toEqual([[id, false]]);

    // The same deactivation again changes nothing (no new version).
    const again = await patch(id, [{ op: "replace", value: { active: false } }]);
    expect(again.body.meta.version).toBe(deactivated.body.meta.version);

    // 6. Reactivate.
    const reactivated = await patch(id, [{ op: "replace", value: { active: true } }]);
    expect(reactivated.body.active).toBe(true);
    expect(await stored(id)).toMatchObject({ state: "ACTIVE", banReason: null });

    const events = (await roster.dataSource.query(
      "SELECT action, actorType, actorId, reason FROM audit_events WHERE targetId = ? ORDER BY id",
      [Number(id)],
    )) as { action: string; actorType: string; actorId: number; reason: string | null }[];
    expect(events.map((event) => event.action)).toEqual(["USER_CREATED", "USER_UPDATED", "USER_BANNED", "USER_UNBANNED"]);
    expect(events.every((event) => event.actorType === "API_KEY" && Number(event.actorId) === Number(key.id))).toBe(true);
    expect(events[2].reason).toBe("deprovisioned");
  });
});

describe("Entra ID's sequence: look up, create, PATCH with value paths and strings for booleans, disable, delete", () => {
  test("each step answers as Entra ID expects", async () => {
    const userName = "Test_User_dfeef4c5-5681-4387-b016-bdf221e82081@contoso.test";
    expect((await list({ filter: `userName eq "${userName}"` })).body.totalResults).toBe(0);

    const organization = await createOrganization(roster.dataSource, { name: "Contoso" });
    const created = await scim("POST", "/Users", {
      body: {
        schemas: [USER, ENTERPRISE],
        externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
        userName,
        active: true,
        emails: [{ primary: true, type: "work", value: "Test_User_fd0ea19b@testuser.com" }],
        meta: { resourceType: "User" },
        name: { formatted: "givenName familyName", familyName: "familyName", givenName: "givenName" },
        roles: [],
        [ENTERPRISE]: { employeeNumber: "4", department: "Sales", organization: "contoso" },
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({
      schemas: [USER, ENTERPRISE],
      userName,
      displayName: "givenName familyName",
      emails: [{ value: "test_user_fd0ea19b@testuser.com", primary: true }],
      [ENTERPRISE]: { organization: "Contoso" },
    });
    const [row] = await roster.dataSource.query("SELECT organizationId FROM users WHERE id = ?", [Number(id)]);
    expect(Number(row.organizationId)).toBe(organization.id);

    // Entra ID finds the user again by userName, and some tenants by externalId.
    expect((await list({ filter: `userName eq "${userName.toUpperCase()}"` })).body.Resources[0].id).toBe(id);
    expect((await list({ filter: 'externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"' })).body.Resources[0].id).toBe(id);

    const updated = await patch(id, [
      { op: "Replace", path: 'emails[type eq "work"].value', value: "updatedEmail@microsoft.test" },
      { op: "Replace", path: "name.familyName", value: "updatedFamilyName" },
      { op: "Add", path: 'phoneNumbers[type eq "mobile"].value', value: "+1 425 555 0100" },
      { op: "Add", path: "displayName", value: "Updated Name" },
    ]);
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      displayName: "Updated Name",
      emails: [{ value: "updatedemail@microsoft.test", type: "work", primary: true }],
      phoneNumbers: [{ value: "+1 425 555 0100" }],
    });

    const renamed = await patch(id, [
      { op: "Replace", path: "userName", value: "5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com" },
    ]);
    expect(renamed.body.userName).toBe("5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com");
    expect((await stored(id)).username).toBe("5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com");

    // Entra ID's non-compliant mode sends booleans as strings, with and without a path.
    const disabled = await patch(id, [{ op: "Replace", path: "active", value: "False" }]);
    expect(disabled.body.active).toBe(false);
    expect((await stored(id)).state).toBe("BANNED");
    const enabled = await patch(id, [{ op: "replace", value: { active: "True", externalId: "changed-ext" } }]);
    expect(enabled.body).toMatchObject({ active: true, externalId: "changed-ext" });

    const removed = await patch(id, [{ op: "Remove", path: `${ENTERPRISE}:organization` }]);
    expect(removed.body[ENTERPRISE]).toBeUndefined();
    expect(removed.body.schemas).toEqual([USER]);

    const deleted = await scim("DELETE", `/Users/${id}`);
    expect(deleted.status).toBe(204);
    expect((await stored(id)).state).toBe("TRASHED");
    expectError(await scim("GET", `/Users/${id}`), 404);
    expectError(await patch(id, [{ op: "replace", value: { active: false } }]), 404);
    expect((await list({ filter: 'externalId eq "changed-ext"' })).body.totalResults).toBe(0);

    const actors = (await roster.dataSource.query("SELECT DISTINCT actorType, actorId FROM audit_events WHERE targetId = ?", [
      Number(id),
    ])) as { actorType: string; actorId: number }[];
    expect(actors.map((actor) => [actor.actorType, Number(actor.actorId)])).toEqual([["API_KEY", Number(key.id)]]);
  });
});

describe("filters, pagination, sorting and attribute selection", () => {
  const ids: Record<string, string> = {};
  const T0 = "2026-07-01T10:00:00.000Z";
  const T1 = "2026-07-02T10:00:00.000Z";

  beforeAll(async () => {
    await createOrganization(roster.dataSource, { name: "Acme" });
    clock.set(T0);
    const people: [string, Record<string, unknown>][] = [
      [
        "A",
        {
          userName: "f-alice@acme.test",
          name: { formatted: "Alice Archer" },
          externalId: "ext-A",
          userType: "Agent",
          [ENTERPRISE]: { organization: "Acme" },
        },
      ],
      [
        "B",
        {
          userName: "f-bob",
          emails: [{ value: "bob@beta.test", type: "work", primary: true }],
          displayName: "Bob Baker",
          externalId: "ext-b",
        },
      ],
      ["C", { userName: "f-carol@acme.test", displayName: "Carol Cole", active: false, [ENTERPRISE]: { organization: "Acme" } }],
    ];
    for (const [name, body] of people) {
      const answer = await scim("POST", "/Users", { body: { schemas: [USER], ...body } });
      expect(answer.status).toBe(201);
      ids[name] = answer.body.id;
    }
    clock.set(T1);
    const dave = await scim("POST", "/Users", {
      body: {
        schemas: [USER],
        userName: "f-dave",
        displayName: "Dave Dunn",
        externalId: "EXT-A",
        phoneNumbers: [{ value: "+33 9" }],
      },
    });
    ids.D = dave.body.id;
  });

  /** The population's people a filter matches, by name. */
  async function matching(filter: string): Promise<(string | undefined)[]> {
    const answer = await list({ filter: `(${filter}) and userName sw "f-"`, sortBy: "userName" });
    expect(answer.status).toBe(200);
    expect(answer.body.totalResults).toBe(answer.body.Resources.length);
    const byId = new Map(Object.entries(ids).map(([name, id]) => [id, name]));
    return answer.body.Resources.map((user: { id: string }) => byId.get(user.id));
  }

  test.each([
    ['userName eq "F-BOB"', ["B"]],
    ['userName ne "f-bob"', ["A", "C", "D"]],
    ['userName co "ROL"', ["C"]],
    ['userName ew "@acme.test"', ["A", "C"]],
    ['userName gt "f-c"', ["C", "D"]],
    ['userName ge "f-carol@acme.test"', ["C", "D"]],
    ['userName lt "f-b"', ["A"]],
    ['userName le "f-bob"', ["A", "B"]],
    ['emails.value co "acme"', ["A", "C"]],
    ['emails[type eq "work"].value ew "@beta.test"', ["B"]],
    ['emails[type eq "work" and value sw "F-ALICE"]', ["A"]],
    ["emails pr", ["A", "B", "C"]],
    ['externalId eq "ext-A"', ["A"]],
    ['externalId eq "EXT-A"', ["D"]],
    ["externalId pr", ["A", "B", "D"]],
    ["not (externalId pr)", ["C"]],
    ['displayName sw "b" or displayName ew "COLE"', ["B", "C"]],
    ['name.formatted eq "alice archer"', ["A"]],
    ["active eq false", ["C"]],
    ['active eq true and userType eq "Agent"', ["A"]],
    ['not (active eq true) or displayName co "unn"', ["C", "D"]],
    ['meta.lastModified gt "2026-07-01T12:00:00Z"', ["D"]],
    ['meta.lastModified le "2026-07-01T10:00:00.000Z"', ["A", "B", "C"]],
    ['meta.created ge "2026-07-02T10:00:00Z"', ["D"]],
    ['meta.lastModified ne "2026-07-02T10:00:00Z"', ["A", "B", "C"]],
    ["phoneNumbers pr", ["D"]],
    [`${ENTERPRISE}:organization eq "acme"`, ["A", "C"]],
    [`${USER}:userName eq "f-dave"`, ["D"]],
  ])("%s", async (filter, expected) => {
    expect(await matching(filter)).toEqual(expected);
  });

  test("someone known by phone only reads and filters with their id as userName", async () => {
    const caller = await createPerson(roster.dataSource, { username: null, email: null, phone: "+44 20 7946 0000" });
    const found = await list({ filter: `userName eq "${caller.id}"` });
    expect(found.body.Resources.map((user) => [user.id, user.userName])).toEqual([[String(caller.id), String(caller.id)]]);
  });

  test("startIndex and count page; totalResults counts every match; sortBy and sortOrder order", async () => {
    const page = await list({ filter: 'userName sw "f-"', sortBy: "userName", startIndex: "2", count: "2" });
    expect(page.body).toMatchObject({ totalResults: 4, startIndex: 2, itemsPerPage: 2 });
    expect(page.body.Resources.map((user: { id: string }) => user.id)).toEqual([ids.B, ids.C]);

    const descending = await list({ filter: 'userName sw "f-"', sortBy: "displayName", sortOrder: "descending" });
    expect(descending.body.Resources.map((user: { id: string }) => user.id)).toEqual([ids.D, ids.C, ids.B, ids.A]);

    const beyond = await list({ filter: 'userName sw "f-"', startIndex: "9" });
    expect(beyond.body).toMatchObject({ totalResults: 4, itemsPerPage: 0, Resources: [] });
    const countOnly = await list({ filter: 'userName sw "f-"', count: "0" });
    expect(countOnly.body).toMatchObject({ totalResults: 4, itemsPerPage: 0, Resources: [] });
    const capped = await list({ count: "5000" });
    expect(capped.body.itemsPerPage).toBeLessThanOrEqual(200);
  });

  test("attributes and excludedAttributes choose what comes back; id and schemas always do", async () => {
    const only = await list({ filter: 'userName eq "f-alice@acme.test"', attributes: "userName,emails.value" });
    expect(only.body.Resources[0]).toEqual({
      schemas: [USER, ENTERPRISE],
      id: ids.A,
      userName: "f-alice@acme.test",
      emails: [{ value: "f-alice@acme.test" }],
    });
    const without = await scim("GET", `/Users/${ids.A}?excludedAttributes=emails,meta,${ENTERPRISE}:organization`);
    expect(Object.keys(without.body)).not.toEqual(expect.arrayContaining(["emails"]));
    expect(without.body.meta).toBeUndefined();
    expect(without.body[ENTERPRISE]).toEqual({});
    expect(without.body.displayName).toBe("Alice Archer");
  });

  test("a filtered page is read in the same number of SQL statements whatever its size", async () => {
    const statements = async (count: number) => {
      const requestId = `scim-count-${count}`;
      const answer = await scim("GET", `/Users?filter=${encodeURIComponent('userName sw "f-"')}&count=${count}`, {
        headers: { "x-request-id": requestId },
      });
      expect(answer.body.itemsPerPage).toBe(count);
      return accessLog.statementsOf(requestId);
    };
    const one = await statements(1);
    expect(one).toBeGreaterThan(0);
    expect(await statements(4)).toBe(one);
  });

  test("filters Roster cannot compile are invalidFilter", async () => {
    for (const filter of [
      "userName eq",
      'title eq "Boss"',
      'active eq "yes"',
      'meta.lastModified gt "yesterday"',
      'meta.created co "2026"',
      "userName eq true",
      `${Array.from({ length: 51 }, (_, index) => `userName eq "u${index}"`).join(" or ")}`,
    ]) {
      expectError(await list({ filter }), 400, "invalidFilter");
    }
    expectError(await list({ sortBy: "password" }), 400, "invalidValue");
    expectError(await list({ count: "ten" }), 400, "invalidValue");
    expectError(await list({ sortOrder: "sideways" }), 400, "invalidValue");
  });
});

describe("protocol errors", () => {
  const create = (userName: string, extra: Record<string, unknown> = {}) =>
    scim("POST", "/Users", { body: { schemas: [USER], userName, ...extra } });

  test("unknown ids, malformed ids and unknown routes are 404; Bulk is 501", async () => {
    expectError(await scim("GET", "/Users/999999"), 404);
    expectError(await scim("GET", "/Users/abc"), 404);
    expectError(await scim("PUT", "/Users/999999", { body: { schemas: [USER], userName: "x" } }), 404);
    expectError(await scim("DELETE", "/Users/999999"), 404);
    expectError(await scim("GET", "/Roles"), 404);
    expectError(await scim("POST", "/Bulk", { body: {} }), 501);
  });

  test("a body that is not JSON is invalidSyntax; one too large is 413; application/json is accepted too", async () => {
    expectError(await scim("POST", "/Users", { raw: '{"userName": ' }), 400, "invalidSyntax");
    expectError(await scim("POST", "/Users", { body: { userName: "big", displayName: "x".repeat(300_000) } }), 413);
    const plain = await scim("POST", "/Users", {
      body: { schemas: [USER], userName: "plain.json" },
      headers: { "content-type": "application/json" },
    });
    expect(plain.status).toBe(201);
    expect(plain.body.displayName).toBe("plain.json");
  });

  test("a userName or email someone has is 409 uniqueness", async () => {
    expect((await create("taken@example.test")).status).toBe(201);
    expectError(await create("taken@example.test"), 409, "uniqueness");
    expectError(await create("other", { emails: [{ value: "TAKEN@example.test" }] }), 409, "uniqueness");
    const second = await create("second@example.test");
    expectError(
      await patch(second.body.id, [{ op: "replace", path: "userName", value: "taken@example.test" }]),
      409,
      "uniqueness",
    );
  });

  test("values Roster cannot keep are invalidValue", async () => {
    expectError(await scim("POST", "/Users", { body: { schemas: [USER] } }), 400, "invalidValue");
    expectError(await create("typed", { userType: "Contractor" }), 400, "invalidValue");
    expectError(await create("orgless", { [ENTERPRISE]: { organization: "Nowhere Inc" } }), 400, "invalidValue");
    expectError(await create("zoned", { timezone: "Mars/Olympus" }), 400, "invalidValue");
    expectError(await create("flag", { active: "maybe" }), 400, "invalidValue");
    expectError(await create("listless", { emails: "a@b.test" }), 400, "invalidValue");
    expect(
      (await list({ filter: 'userName eq "typed" or userName eq "orgless" or userName eq "zoned"' })).body.totalResults,
    ).toBe(0);
  });

  test("PATCH: a body that is not a PatchOp, a bad op or path, a read-only target, no target", async () => {
    const { id } = (await create("patched@example.test")).body as { id: string };
    expectError(
      await scim("PATCH", `/Users/${id}`, { body: { Operations: [{ op: "replace", value: { active: false } }] } }),
      400,
      "invalidSyntax",
    );
    expectError(await patch(id, []), 400, "invalidSyntax");
    expectError(await patch(id, [{ op: "merge", path: "displayName", value: "x" }]), 400, "invalidSyntax");
    expectError(await patch(id, [{ op: "replace", path: "id", value: "7" }]), 400, "mutability");
    expectError(await patch(id, [{ op: "remove" }]), 400, "noTarget");
    expectError(await patch(id, [{ op: "replace", path: 'emails[type eq "work"', value: "x" }]), 400, "invalidPath");
    expect((await scim("GET", `/Users/${id}`)).body.meta.version).toBe('W/"1"');
  });

  test("If-Match with a stale ETag is 412 and writes nothing; the current one and * pass", async () => {
    const created = (await create("etag@example.test", { displayName: "First" })).body as {
      id: string;
      meta: { version: string };
    };
    const first = created.meta.version;
    const changed = await patch(created.id, [{ op: "replace", path: "displayName", value: "Second" }], { "if-match": first });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(first);

    expectError(await patch(created.id, [{ op: "replace", path: "displayName", value: "Stale" }], { "if-match": first }), 412);
    expectError(
      await scim("PUT", `/Users/${created.id}`, {
        body: { schemas: [USER], userName: "etag@example.test" },
        headers: { "if-match": first },
      }),
      412,
    );
    expectError(await scim("DELETE", `/Users/${created.id}`, { headers: { "if-match": first } }), 412);
    const current = await scim("GET", `/Users/${created.id}`);
    expect(current.body.displayName).toBe("Second");
    expect(current.headers.get("etag")).toBe(changed.headers.get("etag"));

    const starred = await patch(created.id, [{ op: "replace", path: "displayName", value: "Third" }], { "if-match": "*" });
    expect(starred.body.displayName).toBe("Third");
    expect((await scim("DELETE", `/Users/${created.id}`, { headers: { "if-match": starred.body.meta.version } })).status).toBe(
      204,
    );
  });

  test("active: true does not lift a ban an agent made (mutability)", async () => {
    const { id } = (await create("banned@example.test")).body as { id: string };
    // The clock has moved past the first session's end: a new one.
    const agent = await roster.signIn();
    await agent.data('mutation ($id: ID!) { banUser(id: $id, reason: "abuse") { id } }', { id });
    expectError(await patch(id, [{ op: "replace", value: { active: true } }]), 400, "mutability");
    expect(await stored(id)).toMatchObject({ state: "BANNED", banReason: "abuse" });
    // Deactivating someone already banned changes nothing.
    expect((await patch(id, [{ op: "replace", path: "active", value: false }])).body.active).toBe(false);
    expect((await stored(id)).banReason).toBe("abuse");
  });
});
