/**
 * Saved views of the people list through the API (issue 16): saving, changing and deleting
 * them, the refusals with their codes, who sees which, stale versions, and each view's live
 * count, which must be the people list's totalCount for the arguments the SPA sends for it.
 */
import { Permission } from "../src/modules/roles/permissions";
import { CommunicationKind } from "../src/modules/communications/communication.enums";
import { UserState } from "../src/modules/users/user.enums";
import { createAgent, createCommunication, createOrganization, createPerson } from "./support/fixtures";
import type { GraphQLClient } from "./support/graphql-client";
import { startTestRoster, type TestRoster } from "./support/roster";

let roster: TestRoster;
let admin: GraphQLClient;
let colleague: GraphQLClient;
let roleId: string;

const VIEW =
  "id name shared search states trash roleId segment segmentId sortField sortDirection columns pageSize version count editable";
const CREATE = `mutation ($input: SavedViewInput!) { createSavedView(input: $input) { ${VIEW} } }`;
const UPDATE = `mutation ($id: ID!, $version: Int!, $input: SavedViewInput!) { updateSavedView(id: $id, version: $version, input: $input) { ${VIEW} } }`;
const DELETE = "mutation ($id: ID!, $version: Int) { deleteSavedView(id: $id, version: $version) }";
const LIST = "{ savedViews { id name shared count editable owner { displayName } } }";
const TOTAL = `query ($search: String, $states: [UserState!], $roleId: ID, $segment: String, $segmentId: ID) {
  users(first: 1, search: $search, states: $states, roleId: $roleId, segment: $segment, segmentId: $segmentId) { totalCount }
}`;

interface View {
  id: string;
  name: string;
  count: number | null;
  version: number;
  columns: string[];
  editable: boolean;
}

const COLUMNS = ["displayName", "email", "state"];
const OUTSIDE_TRASH = [UserState.ACTIVE, UserState.NOT_ACTIVATED, UserState.BANNED];

async function create(client: GraphQLClient, input: Record<string, unknown>): Promise<View> {
  const { createSavedView } = await client.data<{ createSavedView: View }>(CREATE, { input: { columns: COLUMNS, ...input } });
  return createSavedView;
}

async function totalCount(variables: Record<string, unknown>): Promise<number> {
  const { users } = await admin.data<{ users: { totalCount: number } }>(TOTAL, variables);
  return users.totalCount;
}

beforeAll(async () => {
  roster = await startTestRoster();
  admin = await roster.signIn();
  const { dataSource } = roster;
  const acme = await createOrganization(dataSource, { name: "Acme Views" });
  await createPerson(dataSource, { displayName: "Ada Acme", organizationId: acme.id });
  await createPerson(dataSource, { displayName: "Bert Acme", organizationId: acme.id, state: UserState.BANNED });
  await createPerson(dataSource, { displayName: "Cleo Acme Trashed", organizationId: acme.id, state: UserState.TRASHED });
  await createPerson(dataSource, { displayName: "Dan Dormant", state: UserState.NOT_ACTIVATED });
  await createPerson(dataSource, { displayName: "Eli Banned", state: UserState.BANNED });
  await createPerson(dataSource, { displayName: "Fay Trashed", state: UserState.TRASHED });
  const gus = await createPerson(dataSource, { displayName: "Gus Ticketer" });
  await createCommunication(dataSource, gus, { kind: CommunicationKind.TICKET });
  const { createRole } = await admin.data<{ createRole: { id: string } }>(
    "mutation ($input: CreateRoleInput!) { createRole(input: $input) { id } }",
    { input: { name: "VIP", kind: "CUSTOMER", permissions: [] } },
  );
  roleId = createRole.id;
  await admin.data("mutation ($user: ID!, $role: ID!) { assignRoles(userId: $user, roleIds: [$role]) { id } }", {
    user: String(gus.id),
    role: roleId,
  });
  await createAgent(dataSource, { email: "colleague@roster.test", password: "colleague-password" });
  colleague = await roster.signIn({ email: "colleague@roster.test", password: "colleague-password" });
}, 60_000);
afterAll(() => roster.stop());

describe("a view's count is the people list's totalCount", () => {
  test.each([
    ["everyone outside the trash", {}, { states: OUTSIDE_TRASH }, 7],
    ["a search", { search: "acme" }, { search: "acme", states: OUTSIDE_TRASH }, 2],
    ["a state filter", { states: ["BANNED", "NOT_ACTIVATED"] }, { states: ["BANNED", "NOT_ACTIVATED"] }, 3],
    ["the trash", { trash: true }, { states: ["TRASHED"] }, 2],
    ["the trash, searched", { trash: true, search: "acme" }, { states: ["TRASHED"], search: "acme" }, 1],
    ["a role", () => ({ roleId }), () => ({ roleId, states: OUTSIDE_TRASH }), 1],
    ["a segment", { segment: "tickets.count >= 1" }, { segment: "tickets.count >= 1", states: OUTSIDE_TRASH }, 1],
    [
      "a segment and a state",
      { segment: 'displayName contains "acme"', states: ["BANNED"] },
      { segment: 'displayName contains "acme"', states: ["BANNED"] },
      1,
    ],
  ] as const)("%s", async (name, input, users, expected) => {
    const view = await create(admin, { name: `Count: ${name}`, ...(typeof input === "function" ? input() : input) });
    const total = await totalCount(typeof users === "function" ? users() : users);
    expect(view.count).toBe(total);
    expect(total).toBe(expected);
  });

  test("a saved segment's view, and the counts of a whole list in one statement", async () => {
    const { createSegment } = await admin.data<{ createSegment: { id: string } }>(
      "mutation ($input: CreateSegmentInput!) { createSegment(input: $input) { id } }",
      { input: { name: "Banned people", query: "state = banned" } },
    );
    const view = await create(admin, { name: "From a segment", segmentId: createSegment.id });
    expect(view.count).toBe(await totalCount({ segmentId: createSegment.id, states: OUTSIDE_TRASH }));
    expect(view.count).toBe(2);

    const withCounts = await admin.request<{ savedViews: View[] }>("{ savedViews { id count } }");
    const without = await admin.request<{ savedViews: View[] }>("{ savedViews { id } }");
    const views = withCounts.data!.savedViews;
    expect(views.length).toBeGreaterThanOrEqual(9);
    // Views with a role or a saved segment look that up first, as `users` does; the counting itself is one statement.
    const lookups = 2;
    expect(withCounts.extensions.sqlStatements! - without.extensions.sqlStatements!).toBe(1 + lookups);
  });
});

describe("saving, changing and deleting", () => {
  test("a view keeps what the list's URL holds, in its stored form", async () => {
    const view = await admin.data<{ createSavedView: Record<string, unknown> }>(CREATE, {
      input: {
        name: "  Emails  ",
        search: " acme ",
        states: ["ACTIVE", "ACTIVE"],
        segment: "TICKETS.COUNT >= 0",
        sortField: "EMAIL",
        sortDirection: "DESC",
        columns: ["email", "displayName"],
        pageSize: 50,
      },
    });
    expect(view.createSavedView).toMatchObject({
      name: "Emails",
      shared: false,
      search: "acme",
      states: ["ACTIVE"],
      trash: false,
      roleId: null,
      segment: "tickets.count >= 0",
      segmentId: null,
      sortField: "EMAIL",
      sortDirection: "DESC",
      columns: ["email", "displayName"],
      pageSize: 50,
      editable: true,
    });
    const { savedView } = await admin.data<{ savedView: { columns: string[] } }>(
      "query ($id: ID!) { savedView(id: $id) { columns } }",
      { id: view.createSavedView.id },
    );
    expect(savedView.columns).toEqual(["email", "displayName"]);
  });

  test.each([
    ["a blank name", { name: "   " }, "BAD_USER_INPUT", "name"],
    ["a name of 101 characters", { name: "x".repeat(101) }, "BAD_USER_INPUT", "name"],
    ["an unknown column", { columns: ["displayName", "password"] }, "BAD_USER_INPUT", "columns"],
    ["a repeated column", { columns: ["displayName", "email", "email"] }, "BAD_USER_INPUT", "columns"],
    ["no displayName", { columns: ["email"] }, "BAD_USER_INPUT", "columns"],
    ["no columns", { columns: [] }, "BAD_USER_INPUT", "columns"],
    ["the TRASHED state", { states: ["TRASHED"] }, "BAD_USER_INPUT", "states"],
    ["states in the trash", { trash: true, states: ["ACTIVE"] }, "BAD_USER_INPUT", "states"],
    ["an unknown state", { states: ["ASLEEP"] }, "BAD_USER_INPUT", "states"],
    ["an invalid segment", { segment: "tickets.cout > 1" }, "BAD_USER_INPUT", "segment"],
    ["a missing role", { roleId: "987654" }, "BAD_USER_INPUT", "roleId"],
    ["a missing segment", { segmentId: "987654" }, "BAD_USER_INPUT", "segmentId"],
    ["a page size of 500", { pageSize: 500 }, "BAD_USER_INPUT", "pageSize"],
  ])("%s is refused", async (_name, input, code, field) => {
    const response = await admin.request(CREATE, { input: { name: "Refused", columns: COLUMNS, ...input } });
    const error = response.errors?.[0];
    expect(error?.extensions?.code).toBe(code);
    expect(`${error?.message} ${String(error?.extensions?.argument ?? "")}`).toContain(field);
    expect(response.data?.createSavedView ?? null).toBeNull();
    const { savedViews } = await admin.data<{ savedViews: View[] }>(LIST);
    expect(savedViews.map((view) => view.name)).not.toContain("Refused");
  });

  test("names are unique per owner and among shared views, ignoring case", async () => {
    await create(admin, { name: "Duplicates" });
    const again = await admin.request(CREATE, { input: { name: "DUPLICATES", columns: COLUMNS } });
    expect(again.errors?.[0].extensions).toMatchObject({ code: "CONFLICT", argument: "name" });
    // Another agent's own view, and a shared one, may have the same name.
    expect((await colleague.request(CREATE, { input: { name: "Duplicates", columns: COLUMNS } })).errors).toBeUndefined();
    await create(admin, { name: "Duplicates", shared: true });
    const sharedAgain = await admin.request(CREATE, { input: { name: "duplicates", shared: true, columns: COLUMNS } });
    expect(sharedAgain.errors?.[0].extensions?.code).toBe("CONFLICT");
  });

  test("an update replaces the view; a stale version is CONFLICT and changes nothing", async () => {
    const view = await create(admin, { name: "To change" });
    const { updateSavedView } = await admin.data<{ updateSavedView: View & { sortField: string } }>(UPDATE, {
      id: view.id,
      version: view.version,
      input: { name: "Changed", columns: ["displayName", "phone"], sortField: "CREATED_AT" },
    });
    expect(updateSavedView).toMatchObject({ name: "Changed", columns: ["displayName", "phone"], version: view.version + 1 });
    const stale = await admin.request(UPDATE, { id: view.id, version: view.version, input: { name: "Lost", columns: COLUMNS } });
    expect(stale.errors?.[0].extensions).toMatchObject({ code: "CONFLICT", currentVersion: view.version + 1 });
    const staleDelete = await admin.request(DELETE, { id: view.id, version: view.version });
    expect(staleDelete.errors?.[0].extensions?.code).toBe("CONFLICT");
    const { savedView } = await admin.data<{ savedView: { name: string } }>("query ($id: ID!) { savedView(id: $id) { name } }", {
      id: view.id,
    });
    expect(savedView.name).toBe("Changed");
    expect(await admin.data(DELETE, { id: view.id, version: view.version + 1 })).toEqual({ deleteSavedView: true });
    expect(await admin.data("query ($id: ID!) { savedView(id: $id) { id } }", { id: view.id })).toEqual({ savedView: null });
  });
});

describe("sharing", () => {
  test("another agent sees shared views only, after their own, and changes only their own", async () => {
    const mine = await create(admin, { name: "Admin's private" });
    const shared = await create(admin, { name: "Admin's shared", shared: true });
    const theirs = await create(colleague, { name: "A colleague's own" });

    const { savedViews } = await colleague.data<{ savedViews: (View & { shared: boolean })[] }>(LIST);
    const names = savedViews.map((view) => view.name);
    expect(names).not.toContain("Admin's private");
    expect(names).toContain("Admin's shared");
    // Their own first.
    expect(savedViews.filter((view) => !view.shared).map((view) => view.name)).toEqual(["A colleague's own", "Duplicates"]);
    expect(names.indexOf("A colleague's own")).toBeLessThan(names.indexOf("Admin's shared"));
    expect(savedViews.find((view) => view.id === shared.id)?.editable).toBe(false);
    expect(savedViews.find((view) => view.id === theirs.id)?.editable).toBe(true);

    // Someone else's private view does not exist for them; a shared one is not theirs to change.
    const hidden = await colleague.request(DELETE, { id: mine.id });
    expect(hidden.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    expect(await colleague.data("query ($id: ID!) { savedView(id: $id) { id } }", { id: mine.id })).toEqual({ savedView: null });
    const refused = await colleague.request(UPDATE, {
      id: shared.id,
      version: shared.version,
      input: { name: "Taken over", columns: COLUMNS },
    });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: "FORBIDDEN", missingPermissions: [Permission.SegmentsManage] });
    const deleteRefused = await colleague.request(DELETE, { id: shared.id });
    expect(deleteRefused.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    // Sharing needs segments.manage.
    const share = await colleague.request(UPDATE, {
      id: theirs.id,
      version: theirs.version,
      input: { name: "A colleague's own", shared: true, columns: COLUMNS },
    });
    expect(share.errors?.[0].extensions).toMatchObject({ code: "FORBIDDEN", missingPermissions: [Permission.SegmentsManage] });

    // The shared view's count is theirs to read, the same as the owner's.
    const counted = savedViews.find((view) => view.id === shared.id)!;
    expect(counted.count).toBe(await totalCount({ states: OUTSIDE_TRASH }));
  });

  test("a shared view cannot rest on a private segment, which others could not read", async () => {
    const { createSegment } = await admin.data<{ createSegment: { id: string } }>(
      "mutation ($input: CreateSegmentInput!) { createSegment(input: $input) { id } }",
      { input: { name: "Private segment", query: "verified" } },
    );
    const response = await admin.request(CREATE, {
      input: { name: "Shared on private", shared: true, segmentId: createSegment.id, columns: COLUMNS },
    });
    expect(response.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "segmentId" });
    // Nor may a colleague's view use it: they do not see it.
    const theirs = await colleague.request(CREATE, {
      input: { name: "On admin's", segmentId: createSegment.id, columns: COLUMNS },
    });
    expect(theirs.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "segmentId" });
  });

  test("a shared segment made private later leaves the view's count null for others, not their list broken", async () => {
    const { createSegment } = await admin.data<{ createSegment: { id: string; version: number } }>(
      "mutation ($input: CreateSegmentInput!) { createSegment(input: $input) { id version } }",
      { input: { name: "Shared, for now", query: "verified", shared: true } },
    );
    const view = await create(admin, { name: "On a shared segment", shared: true, segmentId: createSegment.id });
    await admin.data("mutation ($id: ID!, $input: UpdateSegmentInput!) { updateSegment(id: $id, input: $input) { id } }", {
      id: createSegment.id,
      input: { shared: false, version: createSegment.version },
    });
    const response = await colleague.request<{ savedViews: View[] }>(LIST);
    expect(response.errors).toBeUndefined();
    const listed = response.data!.savedViews.find((candidate) => candidate.id === view.id);
    expect(listed?.count).toBeNull();
    // The owner, who still sees the segment, still gets the number.
    const own = await admin.data<{ savedViews: View[] }>(LIST);
    expect(own.savedViews.find((candidate) => candidate.id === view.id)?.count).toEqual(expect.any(Number));
  });
});
