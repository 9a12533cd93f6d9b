/**
 * Organizations an agent manages (issue 13, SPEC §5): create, edit over a version, delete
 * (members unlinked, never deleted), unique names and domains, and attaching the people of a
 * new domain — through the HTTP endpoint, on SQLite and MariaDB.
 */
import { CommunicationKind } from "../src/modules/communications/communication.enums";
import { UserState } from "../src/modules/users/user.enums";
import { createAgent, createCommunication, createOrganization, createPerson } from "./support/fixtures";
import type { GraphQLClient, GraphQLResponse } from "./support/graphql-client";
import { startTestRoster, type TestRoster } from "./support/roster";

let roster: TestRoster;
let admin: GraphQLClient;
/** An agent with the Agent role only: people.view and people.manage, not organizations.manage. */
let agent: GraphQLClient;

const FIELDS = "id name website phone notes domains version memberCount attributes { name type value }";
const CREATE = `mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $version: Int!, $input: UpdateOrganizationInput!) {
  updateOrganization(id: $id, version: $version, input: $input) { ${FIELDS} } }`;
const DELETE = "mutation ($id: ID!) { deleteOrganization(id: $id) }";
const PREVIEW = `query ($domain: String!, $organizationId: ID) {
  organizationDomainPreview(domain: $domain, organizationId: $organizationId) { domain attachableCount takenBy { id name } } }`;
const READ = `query ($id: ID!) { organization(id: $id) { ${FIELDS} members(first: 100) { nodes { email } } } }`;
const PERSON = "query ($id: ID!) { user(id: $id) { version organization { id } communications { totalCount } } }";
const LOG = `query ($targetType: AuditTarget, $targetId: ID, $actions: [AuditAction!]) {
  auditEvents(first: 100, targetType: $targetType, targetId: $targetId, actions: $actions) { nodes { action targetId details } } }`;

interface OrganizationView {
  id: string;
  name: string;
  website: string | null;
  phone: string | null;
  notes: string | null;
  domains: string[];
  version: number;
  memberCount: number;
  attributes: { name: string; type: string; value: string }[];
}

interface PersonView {
  version: number;
  organization: { id: string } | null;
  communications: { totalCount: number };
}

let sequence = 0;
const unique = (prefix: string) => `${prefix}${++sequence}`;

async function create(input: Record<string, unknown>): Promise<OrganizationView> {
  return (await admin.data<{ createOrganization: OrganizationView }>(CREATE, { input })).createOrganization;
}

async function person(id: number): Promise<PersonView> {
  return (await admin.data<{ user: PersonView }>(PERSON, { id: String(id) })).user;
}

async function auditOf(targetType: string, targetId: number | string, actions?: string[]) {
  const { auditEvents } = await admin.data<{
    auditEvents: { nodes: { action: string; targetId: number; details: string | null }[] };
  }>(LOG, { targetType, targetId: String(targetId), actions });
  return auditEvents.nodes.map((event) => ({ ...event, details: event.details ? JSON.parse(event.details) : null }));
}

function firstError(response: GraphQLResponse<unknown>) {
  expect(response.errors?.length).toBeGreaterThan(0);
  return response.errors![0];
}

beforeAll(async () => {
  roster = await startTestRoster();
  admin = await roster.signIn();
  await createAgent(roster.dataSource, { email: "plain-agent@roster.test", password: "plain-agent-passphrase" });
  agent = await roster.signIn({ email: "plain-agent@roster.test", password: "plain-agent-passphrase" });
});
afterAll(() => roster.stop());

describe("create", () => {
  test("an organization with its fields, domains (lower-cased) and attributes, at version 1, audited", async () => {
    const created = await create({
      name: "  Acme Corp ",
      website: "https://acme.test",
      phone: "+1 555 0199",
      notes: "Key account.",
      domains: ["ACME.test", "acme.example", "acme.test"],
      attributes: [{ name: "tier", value: "gold" }],
    });
    expect(created).toMatchObject({
      name: "Acme Corp",
      website: "https://acme.test",
      phone: "+1 555 0199",
      notes: "Key account.",
      domains: ["acme.example", "acme.test"],
      version: 1,
      memberCount: 0,
      attributes: [{ name: "tier", type: "STRING", value: "gold" }],
    });
    const [event] = await auditOf("ORGANIZATION", created.id);
    expect(event).toMatchObject({ action: "ORGANIZATION_CREATED", targetId: Number(created.id) });
    expect(event.details).toMatchObject({ name: "Acme Corp", domains: ["acme.example", "acme.test"], attachedPeople: 0 });
  });

  test("a name already taken, whatever its case, is CONFLICT naming name", async () => {
    await create({ name: "Duplicate Works" });
    await create({ name: "Société Générale" });
    for (const name of ["Duplicate Works", "duplicate WORKS", " SOCIÉTÉ GÉNÉRALE "]) {
      const error = firstError(await admin.request(CREATE, { input: { name } }));
      expect(error.extensions).toMatchObject({ code: "CONFLICT", argument: "name" });
    }
  });

  test("people created later with an email at one of its domains join it", async () => {
    const organization = await create({ name: unique("Later Joiners "), domains: ["later-joiners.test"] });
    const { createUser } = await admin.data<{ createUser: { organization: { id: string } | null } }>(
      'mutation { createUser(input: { displayName: "Newcomer", email: "new@Later-Joiners.test" }) { organization { id } } }',
    );
    expect(createUser.organization).toEqual({ id: organization.id });
  });
});

describe("domains", () => {
  test("a domain belongs to one organization: CONFLICT naming domains and the organization that has it", async () => {
    const holder = await create({ name: unique("Holder "), domains: ["held.test"] });
    const other = await create({ name: unique("Other ") });
    const refusedCreate = firstError(await admin.request(CREATE, { input: { name: unique("Taker "), domains: ["HELD.test"] } }));
    expect(refusedCreate.extensions).toMatchObject({
      code: "CONFLICT",
      argument: "domains",
      domain: "held.test",
      organizationId: holder.id,
      organizationName: holder.name,
    });
    expect(refusedCreate.message).toContain(holder.name);
    const refusedUpdate = firstError(
      await admin.request(UPDATE, { id: other.id, version: other.version, input: { domains: ["other.test", "held.test"] } }),
    );
    expect(refusedUpdate.extensions).toMatchObject({ code: "CONFLICT", argument: "domains", organizationId: holder.id });
    // Refused whole: neither the other domain nor a new version landed.
    const { organization } = await admin.data<{ organization: OrganizationView }>(READ, { id: other.id });
    expect(organization).toMatchObject({ domains: [], version: other.version });
    // Its owner may keep it while changing the others.
    const kept = await admin.data<{ updateOrganization: OrganizationView }>(UPDATE, {
      id: holder.id,
      version: holder.version,
      input: { domains: ["held.test", "held.example"] },
    });
    expect(kept.updateOrganization.domains).toEqual(["held.example", "held.test"]);
  });

  test("the preview says who has a domain; the organization's own domain is not taken for it", async () => {
    const owner = await create({ name: unique("Preview Owner "), domains: ["preview-owned.test"] });
    const forOther = await admin.data<{ organizationDomainPreview: Record<string, unknown> }>(PREVIEW, {
      domain: "Preview-Owned.test",
    });
    expect(forOther.organizationDomainPreview).toEqual({
      domain: "preview-owned.test",
      attachableCount: 0,
      takenBy: { id: owner.id, name: owner.name },
    });
    const forOwner = await admin.data<{ organizationDomainPreview: Record<string, unknown> }>(PREVIEW, {
      domain: "preview-owned.test",
      organizationId: owner.id,
    });
    expect(forOwner.organizationDomainPreview).toMatchObject({ takenBy: null });
  });

  test("attachExisting attaches the people of the new domain without an organization: as many as the preview counted", async () => {
    const { dataSource } = roster;
    const elsewhere = await createOrganization(dataSource, { name: unique("Elsewhere ") });
    const loose = [
      await createPerson(dataSource, { email: "ann@attach.test" }),
      await createPerson(dataSource, { email: "bob@attach.test" }),
      await createPerson(dataSource, { email: "cy@attach.test", state: UserState.BANNED }),
    ];
    const taken = await createPerson(dataSource, { email: "dee@attach.test", organizationId: elsewhere.id });
    const subdomain = await createPerson(dataSource, { email: "eve@sub.attach.test" });
    const lookalike = await createPerson(dataSource, { email: "fay@notattach.test" });

    const { organizationDomainPreview } = await admin.data<{ organizationDomainPreview: { attachableCount: number } }>(PREVIEW, {
      domain: "attach.test",
    });
    expect(organizationDomainPreview.attachableCount).toBe(loose.length);

    // Without attachExisting nobody is attached; with it, on the update that adds the domain, the preview's count is.
    const organization = await create({ name: unique("Attacher "), domains: ["attach.test"] });
    expect(organization.memberCount).toBe(0);
    const { updateOrganization } = await admin.data<{ updateOrganization: OrganizationView }>(UPDATE, {
      id: organization.id,
      version: organization.version,
      input: { domains: ["attach.test", "attach.example"], attachExisting: true },
    });
    // The domain was there already: only attach.example is added, and nobody has it.
    expect(updateOrganization.memberCount).toBe(0);
    const removed = await admin.data<{ updateOrganization: OrganizationView }>(UPDATE, {
      id: organization.id,
      version: updateOrganization.version,
      input: { domains: [] },
    });
    const { updateOrganization: attached } = await admin.data<{ updateOrganization: OrganizationView }>(UPDATE, {
      id: organization.id,
      version: removed.updateOrganization.version,
      input: { domains: ["attach.test"], attachExisting: true },
    });
    expect(attached.memberCount).toBe(organizationDomainPreview.attachableCount);
    const { organization: read } = await admin.data<{ organization: { members: { nodes: { email: string }[] } } }>(READ, {
      id: organization.id,
    });
    expect(read.members.nodes.map((member) => member.email).sort()).toEqual(loose.map((user) => user.email).sort());

    // Each attached person moved version and has an event of their own; the others are untouched.
    for (const user of loose) {
      expect(await person(user.id)).toMatchObject({ version: user.version + 1, organization: { id: organization.id } });
      const [event] = await auditOf("USER", user.id, ["USER_UPDATED"]);
      expect(event.details).toMatchObject({ organizationId: { before: null, after: Number(organization.id) } });
    }
    expect(await person(taken.id)).toMatchObject({ version: taken.version, organization: { id: String(elsewhere.id) } });
    expect(await person(subdomain.id)).toMatchObject({ version: subdomain.version, organization: null });
    expect(await person(lookalike.id)).toMatchObject({ version: lookalike.version, organization: null });
    const [updated] = await auditOf("ORGANIZATION", organization.id, ["ORGANIZATION_UPDATED"]);
    expect(updated.details).toMatchObject({ domains: { added: ["attach.test"], removed: [] }, attachedPeople: loose.length });

    expect(
      (await admin.data<{ organizationDomainPreview: { attachableCount: number } }>(PREVIEW, { domain: "attach.test" }))
        .organizationDomainPreview.attachableCount,
    ).toBe(0);
  });

  test("createOrganization with attachExisting attaches too", async () => {
    const people = [
      await createPerson(roster.dataSource, { email: "one@fresh-attach.test" }),
      await createPerson(roster.dataSource, { email: "two@fresh-attach.test" }),
    ];
    const created = await create({ name: unique("Fresh "), domains: ["fresh-attach.test"], attachExisting: true });
    expect(created.memberCount).toBe(people.length);
  });
});

describe("update", () => {
  test("changes what is given over the version read; null clears a text, leaves name and domains", async () => {
    const created = await create({
      name: unique("Editable "),
      website: "https://old.test",
      phone: "+1 555 0101",
      domains: ["editable.test"],
      attributes: [
        { name: "tier", value: "silver" },
        { name: "region", value: "EU" },
      ],
    });
    const { updateOrganization } = await admin.data<{ updateOrganization: OrganizationView }>(UPDATE, {
      id: created.id,
      version: created.version,
      input: {
        name: null,
        website: "https://new.test",
        phone: null,
        notes: "Renewal in May.",
        domains: null,
        attributes: [
          { name: "tier", value: "gold" },
          { name: "region", value: "" },
        ],
      },
    });
    expect(updateOrganization).toMatchObject({
      name: created.name,
      website: "https://new.test",
      phone: null,
      notes: "Renewal in May.",
      domains: ["editable.test"],
      version: created.version + 1,
      attributes: [{ name: "tier", value: "gold" }],
    });
    const [event] = await auditOf("ORGANIZATION", created.id, ["ORGANIZATION_UPDATED"]);
    expect(event.details).toMatchObject({
      website: { before: "https://old.test", after: "https://new.test" },
      phone: { before: "+1 555 0101", after: null },
      "attr.tier": { before: "silver", after: "gold" },
      "attr.region": { before: "EU", after: null },
    });
  });

  test("a stale version is CONFLICT with currentVersion, never merged", async () => {
    const created = await create({ name: unique("Contested "), website: "https://first.test" });
    const first = await admin.data<{ updateOrganization: OrganizationView }>(UPDATE, {
      id: created.id,
      version: created.version,
      input: { website: "https://second.test" },
    });
    const error = firstError(
      await admin.request(UPDATE, { id: created.id, version: created.version, input: { phone: "+1 555 0102" } }),
    );
    expect(error.extensions).toEqual({ code: "CONFLICT", currentVersion: first.updateOrganization.version });
    const { organization } = await admin.data<{ organization: OrganizationView }>(READ, { id: created.id });
    expect(organization).toMatchObject({ website: "https://second.test", phone: null, version: created.version + 1 });
  });

  test("renaming onto another organization's name is CONFLICT; changing one's own name's case is not", async () => {
    const taken = await create({ name: unique("Taken Name ") });
    const renamed = await create({ name: unique("Renamed ") });
    const error = firstError(
      await admin.request(UPDATE, { id: renamed.id, version: renamed.version, input: { name: taken.name.toUpperCase() } }),
    );
    expect(error.extensions).toMatchObject({ code: "CONFLICT", argument: "name" });
    const { updateOrganization } = await admin.data<{ updateOrganization: OrganizationView }>(UPDATE, {
      id: renamed.id,
      version: renamed.version,
      input: { name: renamed.name.toUpperCase() },
    });
    expect(updateOrganization.name).toBe(renamed.name.toUpperCase());
  });

  test("an edit that changes nothing keeps the version and records nothing", async () => {
    const created = await create({ name: unique("Unchanged "), website: "https://same.test" });
    const { updateOrganization } = await admin.data<{ updateOrganization: OrganizationView }>(UPDATE, {
      id: created.id,
      version: created.version,
      input: { website: " https://same.test " },
    });
    expect(updateOrganization.version).toBe(created.version);
    expect(await auditOf("ORGANIZATION", created.id, ["ORGANIZATION_UPDATED"])).toEqual([]);
  });

  test("an unknown organization is NOT_FOUND", async () => {
    const error = firstError(await admin.request(UPDATE, { id: "424242", version: 1, input: { notes: "x" } }));
    expect(error.extensions).toMatchObject({ code: "NOT_FOUND", argument: "id" });
  });
});

describe("delete", () => {
  test("unlinks the members (each with a new version and an event), keeps them and their communications", async () => {
    const { dataSource } = roster;
    const created = await create({ name: unique("Doomed "), domains: ["doomed.test"] });
    const members = [
      await createPerson(dataSource, { email: "a@doomed.test", organizationId: Number(created.id) }),
      await createPerson(dataSource, { organizationId: Number(created.id), state: UserState.TRASHED }),
    ];
    await createCommunication(dataSource, members[0], { kind: CommunicationKind.TICKET });
    await createCommunication(dataSource, members[0], { kind: CommunicationKind.CALL, durationSeconds: 30 });

    expect(await admin.data(DELETE, { id: created.id })).toEqual({ deleteOrganization: true });

    expect(await admin.data(READ, { id: created.id })).toEqual({ organization: null });
    for (const member of members) {
      expect(await person(member.id)).toMatchObject({ version: member.version + 1, organization: null });
      const [event] = await auditOf("USER", member.id, ["USER_UPDATED"]);
      expect(event.details).toMatchObject({ organizationId: { before: Number(created.id), after: null } });
    }
    expect((await person(members[0].id)).communications.totalCount).toBe(2);
    const [deleted] = await auditOf("ORGANIZATION", created.id, ["ORGANIZATION_DELETED"]);
    expect(deleted.details).toMatchObject({ name: created.name, domains: ["doomed.test"], unlinkedPeople: 2 });
    // Its domain is free again.
    const preview = await admin.data<{ organizationDomainPreview: { takenBy: unknown } }>(PREVIEW, { domain: "doomed.test" });
    expect(preview.organizationDomainPreview.takenBy).toBeNull();
    await create({ name: created.name, domains: ["doomed.test"] });
  });

  test("an unknown organization is NOT_FOUND", async () => {
    const error = firstError(await admin.request(DELETE, { id: "424242" }));
    expect(error.extensions).toMatchObject({ code: "NOT_FOUND", argument: "id" });
  });
});

test("an agent without organizations.manage is refused every write and the preview", async () => {
  const organization = await create({ name: unique("Guarded ") });
  const attempts: [string, Record<string, unknown>][] = [
    [CREATE, { input: { name: unique("Forbidden ") } }],
    [UPDATE, { id: organization.id, version: organization.version, input: { notes: "no" } }],
    [DELETE, { id: organization.id }],
    [PREVIEW, { domain: "guarded.test" }],
  ];
  for (const [document, variables] of attempts) {
    expect(await agent.errorCode(document, variables)).toBe("FORBIDDEN");
  }
  // The agent may still read it.
  const { organization: read } = await agent.data<{ organization: OrganizationView }>(READ, { id: organization.id });
  expect(read).toMatchObject({ name: organization.name, version: organization.version });
});

describe("bad input is BAD_USER_INPUT naming the argument", () => {
  const long = ["a", "b", "c", "d", "e"].map((letter) => letter.repeat(60)).join(".") + ".test";
  test.each([
    ["a blank name", CREATE, () => ({ input: { name: "   " } }), "name"],
    ["an empty name", CREATE, () => ({ input: { name: "" } }), "name"],
    ["an email for a domain", CREATE, () => ({ input: { name: unique("Bad "), domains: ["sales@bad.test"] } }), "domains"],
    ["a domain without a dot", CREATE, () => ({ input: { name: unique("Bad "), domains: ["localhost"] } }), "domains"],
    ["a domain with a space", CREATE, () => ({ input: { name: unique("Bad "), domains: ["bad domain.test"] } }), "domains"],
    ["a label starting with -", CREATE, () => ({ input: { name: unique("Bad "), domains: ["-bad.test"] } }), "domains"],
    ["a domain over 253 characters", CREATE, () => ({ input: { name: unique("Bad "), domains: [long] } }), "domains"],
    ["a bad id", DELETE, () => ({ id: "not-an-id" }), "id"],
    ["a bad domain to preview", PREVIEW, () => ({ domain: "nodot" }), "domain"],
  ])("%s", async (_case, document, variables, argument) => {
    const error = firstError(await admin.request(document, variables()));
    expect(error.extensions?.code).toBe("BAD_USER_INPUT");
    expect(`${error.message} ${String(error.extensions?.argument ?? "")}`).toContain(argument);
  });

  test("a blank name on update, and a bad domain on update, change nothing", async () => {
    const created = await create({ name: unique("Steady ") });
    for (const input of [{ name: " " }, { domains: ["steady"] }]) {
      const error = firstError(await admin.request(UPDATE, { id: created.id, version: created.version, input }));
      expect(error.extensions?.code).toBe("BAD_USER_INPUT");
    }
    const { organization } = await admin.data<{ organization: OrganizationView }>(READ, { id: created.id });
    expect(organization).toMatchObject({ name: created.name, version: created.version, domains: [] });
  });
});
