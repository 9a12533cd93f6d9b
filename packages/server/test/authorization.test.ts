import { isObjectType, type GraphQLSchema } from "graphql";
import { Permission, permissionCatalog } from "../src/modules/roles/permissions";
import { RoleKind } from "../src/modules/roles/role.enums";
import { buildRosterSchema } from "../src/schema/build-schema";
import { createAgent, createPerson } from "./support/fixtures";
import type { GraphQLClient } from "./support/graphql-client";
import { meFieldDocument, rootOperations, type RootOperation } from "./support/operations";
import { startTestRoster, type TestRoster } from "./support/roster";

/** Operations anyone may call, and why. */
const PUBLIC: Record<string, string> = {
  me: "answers null without a session",
  login: "the way in",
  logout: "ends one's own session",
  confirmEmail: "authorized by the emailed token",
  setPassword: "authorized by the emailed token",
  requestPasswordReset: "answers the same for every address",
  resetPassword: "authorized by the emailed token",
  changePassword: "one's own password; UNAUTHENTICATED without a session",
  mySessions: "one's own sessions; UNAUTHENTICATED without one",
  revokeSession: "one's own sessions; UNAUTHENTICATED without one",
  revokeOtherSessions: "one's own sessions; UNAUTHENTICATED without one",
};

// The contract, written out: the one permission each operation needs.
const REQUIRED: Record<string, string> = {
  user: Permission.PeopleView,
  users: Permission.PeopleView,
  organization: Permission.PeopleView,
  organizations: Permission.PeopleView,
  roles: Permission.PeopleView,
  permissions: Permission.PeopleView,
  availableAgents: Permission.PeopleView,
  businessHours: Permission.PeopleView,
  authenticateUser: Permission.PeopleView,
  apiKeys: Permission.ApiKeysManage,
  createApiKey: Permission.ApiKeysManage,
  revokeApiKey: Permission.ApiKeysManage,
  createUser: Permission.PeopleManage,
  inviteAgent: Permission.PeopleManage,
  resendInvitation: Permission.PeopleManage,
  createOrganization: Permission.OrganizationsManage,
  updateOrganization: Permission.OrganizationsManage,
  deleteOrganization: Permission.OrganizationsManage,
  organizationDomainPreview: Permission.OrganizationsManage,
  updateUser: Permission.PeopleManage,
  registerUser: Permission.PeopleManage,
  activateUser: Permission.PeopleManage,
  banUser: Permission.PeopleManage,
  unbanUser: Permission.PeopleManage,
  trashUser: Permission.PeopleManage,
  restoreUser: Permission.PeopleManage,
  sendVerificationEmail: Permission.PeopleManage,
  moderatePost: Permission.PeopleManage,
  setBusinessHours: Permission.PeopleManage,
  resetBusinessHours: Permission.PeopleManage,
  deleteUser: Permission.PeopleDelete,
  recordCommunication: Permission.CommunicationsRecord,
  createRole: Permission.RolesManage,
  updateRole: Permission.RolesManage,
  deleteRole: Permission.RolesManage,
  assignRoles: Permission.RolesManage,
  auditEvents: Permission.AuditView,
  changes: Permission.ChangesRead,
  webhooks: Permission.WebhooksManage,
  createWebhook: Permission.WebhooksManage,
  updateWebhook: Permission.WebhooksManage,
  deleteWebhook: Permission.WebhooksManage,
  rotateWebhookSecret: Permission.WebhooksManage,
  webhookDeliveries: Permission.WebhooksManage,
  redeliverWebhook: Permission.WebhooksManage,
  redeliverWebhookRange: Permission.WebhooksManage,
  startBulkJob: Permission.PeopleManage,
  cancelBulkJob: Permission.PeopleManage,
  retryBulkJob: Permission.PeopleManage,
  bulkJob: Permission.PeopleView,
  bulkJobs: Permission.PeopleView,
  importJob: Permission.PeopleImport,
  importJobs: Permission.PeopleImport,
  retryImportJob: Permission.PeopleImport,
  exportPersonalData: Permission.PeopleExport,
  eraseUser: Permission.PeopleDelete,
  // Segments: object-level rules on top (own private ones; shared ones need segments.manage).
  segments: Permission.PeopleView,
  segment: Permission.PeopleView,
  validateSegment: Permission.PeopleView,
  segmentFields: Permission.PeopleView,
  createSegment: Permission.PeopleView,
  updateSegment: Permission.PeopleView,
  deleteSegment: Permission.PeopleView,
  // Saved views: the rules of saved segments (own private ones; sharing needs segments.manage).
  savedViews: Permission.PeopleView,
  savedView: Permission.PeopleView,
  createSavedView: Permission.PeopleView,
  updateSavedView: Permission.PeopleView,
  deleteSavedView: Permission.PeopleView,
};

/** Fields of User an agent may read on their own record (`me`) without people.view. */
const OWN_RECORD_FIELDS = new Set([
  "id",
  "displayName",
  "email",
  "phone",
  "username",
  "timezone",
  "locale",
  "kind",
  "state",
  "source",
  "emailVerifiedAt",
  "lastLoginAt",
  "loginCount",
  "bannedUntil",
  "banReason",
  "withoutLogin",
  "verified",
  "version",
  "createdAt",
  "updatedAt",
  "permissions",
]);

const agentPermissions = permissionCatalog
  .filter((permission) => permission.kind === RoleKind.AGENT)
  .map((permission) => permission.name);

let roster: TestRoster;
let schema: GraphQLSchema;
let operations: RootOperation[];
let admin: GraphQLClient;
/** One agent per agent permission, holding only that permission; plus one holding none. */
const sessions = new Map<string, GraphQLClient>();

beforeAll(async () => {
  roster = await startTestRoster();
  schema = await buildRosterSchema();
  operations = rootOperations(schema);
  admin = await roster.signIn();
  // Agents get permissions from the system Agent role: empty it, so each agent has only its own.
  const { roles } = await admin.data<{ roles: { id: string; name: string }[] }>("{ roles { id name } }");
  const agentRole = roles.find((role) => role.name === "Agent")!;
  await admin.data("mutation ($id: ID!) { updateRole(id: $id, input: { permissions: [] }) { id } }", { id: agentRole.id });
  for (const permission of [...agentPermissions, "none"]) {
    const email = `agent-${permission.replace(".", "-")}@roster.test`;
    const agent = await createAgent(roster.dataSource, { email, password: "matrix-passphrase" });
    if (permission !== "none") {
      const { createRole } = await admin.data<{ createRole: { id: string } }>(
        "mutation ($input: CreateRoleInput!) { createRole(input: $input) { id } }",
        { input: { name: `Only ${permission}`, kind: "AGENT", permissions: [permission] } },
      );
      await admin.data("mutation ($user: ID!, $role: ID!) { assignRoles(userId: $user, roleIds: [$role]) { id } }", {
        user: String(agent.id),
        role: createRole.id,
      });
    }
    sessions.set(permission, await roster.signIn({ email, password: "matrix-passphrase" }));
  }
}, 120_000);
afterAll(() => roster.stop());

const refusal = (response: { errors?: { extensions?: { code?: string } }[] }) =>
  response.errors?.map((error) => error.extensions?.code).find((code) => code === "UNAUTHENTICATED" || code === "FORBIDDEN");

test("every operation is public on purpose or declares its permission in the contract", () => {
  const undeclared = operations.map((operation) => operation.name).filter((name) => !(name in PUBLIC) && !(name in REQUIRED));
  expect(undeclared).toEqual([]);
  const stale = Object.keys(REQUIRED).filter((name) => !operations.some((operation) => operation.name === name));
  expect(stale).toEqual([]);
});

test("without a session, every non-public operation is UNAUTHENTICATED and runs no resolver", async () => {
  const anonymous = roster.anonymous();
  const reachable: string[] = [];
  for (const operation of operations.filter((candidate) => !(candidate.name in PUBLIC))) {
    const response = await anonymous.request(operation.document);
    if (refusal(response) !== "UNAUTHENTICATED")
      reachable.push(`${operation.name}: ${JSON.stringify(response.errors ?? response.data)}`);
  }
  expect(reachable).toEqual([]);
});

test("the matrix: each operation is allowed to exactly the sessions holding its permission", async () => {
  const mismatches: string[] = [];
  for (const operation of operations.filter((candidate) => candidate.name in REQUIRED)) {
    for (const [permission, session] of sessions) {
      const response = await session.request(operation.document);
      const allowed = refusal(response) === undefined;
      const expected = permission === REQUIRED[operation.name];
      if (allowed !== expected)
        mismatches.push(
          `${operation.name} with ${permission}: ${allowed ? "allowed" : "refused"} ${JSON.stringify(response.errors)}`,
        );
    }
  }
  expect(mismatches).toEqual([]);
});

test("an agent without people.view reads only their own record's plain fields through me", async () => {
  const userType = schema.getType("User");
  if (!isObjectType(userType)) throw new Error("no User type");
  const session = sessions.get("none")!;
  const leaks: string[] = [];
  for (const fieldName of Object.keys(userType.getFields())) {
    const response = await session.request(meFieldDocument(schema, fieldName));
    const refused = refusal(response) === "FORBIDDEN";
    if (OWN_RECORD_FIELDS.has(fieldName) === refused) leaks.push(`${fieldName}: ${refused ? "refused" : "readable"}`);
  }
  expect(leaks).toEqual([]);
});

test("a customer's email and phone are hidden from a caller without people.view", async () => {
  const customer = await createPerson(roster.dataSource, { email: "private@example.com", phone: "+1 555 0000" });
  const response = await admin.request<{ user: { email: string; phone: string } }>(
    "query ($id: ID!) { user(id: $id) { email phone } }",
    { id: String(customer.id) },
  );
  expect(response.data?.user).toEqual({ email: "private@example.com", phone: "+1 555 0000" });
  // Through a path that skips people.view (an agent's own record), personal data of others never shows:
  // the only User such a caller can reach is themself.
  const { me } = await sessions.get("none")!.data<{ me: { email: string } }>("{ me { email } }");
  expect(me.email).toBe("agent-none@roster.test");
});

describe("roles", () => {
  test("a custom customer role (Moderator) given to a customer shows in their roles; memberCount counts implicit members", async () => {
    const { createRole } = await admin.data<{ createRole: { id: string; permissions: string[]; memberCount: number } }>(
      "mutation ($input: CreateRoleInput!) { createRole(input: $input) { id permissions memberCount } }",
      {
        input: {
          name: "Moderator",
          description: "Keeps the community tidy",
          kind: "CUSTOMER",
          permissions: ["community.moderate", "community.post"],
        },
      },
    );
    expect(createRole).toMatchObject({ permissions: ["community.moderate", "community.post"], memberCount: 0 });
    const customer = await createPerson(roster.dataSource, { displayName: "Mona Moderator" });
    const { assignRoles } = await admin.data<{ assignRoles: { roles: { name: string }[]; permissions: string[] } }>(
      "mutation ($user: ID!, $role: ID!) { assignRoles(userId: $user, roleIds: [$role]) { roles { name } permissions } }",
      { user: String(customer.id), role: createRole.id },
    );
    expect(assignRoles.roles.map((role) => role.name)).toEqual(["Everyone", "Registered User", "Moderator"]);
    expect(assignRoles.permissions).toContain("community.moderate");
    const { roles } = await admin.data<{ roles: { name: string; memberCount: number }[] }>("{ roles { name memberCount } }");
    const [{ total }] = await roster.dataSource.query("SELECT COUNT(*) AS total FROM users");
    expect(roles.find((role) => role.name === "Everyone")?.memberCount).toBe(Number(total));
    expect(roles.find((role) => role.name === "Moderator")?.memberCount).toBe(1);
  });

  test.each([
    ["an agent role to a customer", "AGENT_ROLE_TO_CUSTOMER", "BAD_USER_INPUT"],
    ["an implicit role", "IMPLICIT", "BAD_USER_INPUT"],
    ["an unknown role", "UNKNOWN", "BAD_USER_INPUT"],
  ])("assigning %s is refused", async (_case, which, code) => {
    const customer = await createPerson(roster.dataSource);
    const { roles } = await admin.data<{ roles: { id: string; name: string }[] }>("{ roles { id name } }");
    const roleId =
      which === "AGENT_ROLE_TO_CUSTOMER"
        ? roles.find((role) => role.name === "Administrator")!.id
        : which === "IMPLICIT"
          ? roles.find((role) => role.name === "Everyone")!.id
          : "424242";
    expect(
      await admin.errorCode("mutation ($user: ID!, $role: ID!) { assignRoles(userId: $user, roleIds: [$role]) { id } }", {
        user: String(customer.id),
        role: roleId,
      }),
    ).toBe(code);
  });

  test("system roles cannot be renamed or deleted; no change may leave nobody able to manage roles", async () => {
    const { roles } = await admin.data<{ roles: { id: string; name: string }[] }>("{ roles { id name } }");
    const administrator = roles.find((role) => role.name === "Administrator")!;
    expect(
      await admin.errorCode('mutation ($id: ID!) { updateRole(id: $id, input: { name: "Boss" }) { id } }', {
        id: administrator.id,
      }),
    ).toBe("CONFLICT");
    expect(await admin.errorCode("mutation ($id: ID!) { deleteRole(id: $id) }", { id: administrator.id })).toBe("CONFLICT");

    // The matrix's roles.manage agent is another administrator: take it away first.
    const onlyRoles = roles.find((role) => role.name === `Only ${Permission.RolesManage}`)!;
    await admin.data("mutation ($id: ID!) { deleteRole(id: $id) }", { id: onlyRoles.id });
    const withoutRolesManage = agentPermissions.filter((permission) => permission !== Permission.RolesManage);
    const response = await admin.request(
      "mutation ($id: ID!, $permissions: [String!]) { updateRole(id: $id, input: { permissions: $permissions }) { id } }",
      {
        id: administrator.id,
        permissions: withoutRolesManage,
      },
    );
    expect(response.errors?.[0]).toMatchObject({
      extensions: { code: "CONFLICT" },
      message: expect.stringContaining("manage roles"),
    });
    const { me } = await admin.data<{ me: { id: string } }>("{ me { id } }");
    expect(
      await admin.errorCode("mutation ($user: ID!) { assignRoles(userId: $user, roleIds: []) { id } }", { user: me.id }),
    ).toBe("CONFLICT");
    // Nothing changed: the administrator still manages roles.
    const { user } = await admin.data<{ user: { permissions: string[] } }>("query ($id: ID!) { user(id: $id) { permissions } }", {
      id: me.id,
    });
    expect(user.permissions).toContain(Permission.RolesManage);
  });

  test.each([
    [{ name: "Mixed", kind: "CUSTOMER", permissions: ["people.view"] }, "permissions"],
    [{ name: "Unknown", kind: "AGENT", permissions: ["people.fly"] }, "permissions"],
    [{ name: "Everyone", kind: "CUSTOMER", permissions: [] }, "Everyone"],
  ])("createRole(%j) is refused, naming the problem", async (input, text) => {
    const response = await admin.request("mutation ($input: CreateRoleInput!) { createRole(input: $input) { id } }", { input });
    expect(["BAD_USER_INPUT", "CONFLICT"]).toContain(response.errors?.[0].extensions?.code);
    expect(response.errors?.[0].message).toContain(text);
  });
});
