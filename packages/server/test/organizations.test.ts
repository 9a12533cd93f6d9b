import { CommunicationKind } from "../src/modules/communications/communication.enums";
import type { Organization } from "../src/modules/organizations/organization.entity";
import { UserState } from "../src/modules/users/user.enums";
import { createCommunication, createOrganization, createPerson } from "./support/fixtures";
import type { GraphQLClient } from "./support/graphql-client";
import { startTestRoster, type TestRoster } from "./support/roster";

let roster: TestRoster;
let agent: GraphQLClient;
let globex: Organization;

beforeAll(async () => {
  roster = await startTestRoster();
  const { dataSource } = roster;
  globex = await createOrganization(dataSource, {
    name: "Globex",
    website: "https://globex.test",
    phone: "+1 555 0100",
    domains: ["globex.test", "globex.example"],
  });
  await createOrganization(dataSource, { name: "Initech", website: "https://initech.test" });
  await createOrganization(dataSource, { name: "Umbrella", domains: ["umbrella.test"] });
  const hank = await createPerson(dataSource, { displayName: "Hank Hill", organizationId: globex.id });
  const ida = await createPerson(dataSource, { displayName: "Ida Ives", organizationId: globex.id });
  const gone = await createPerson(dataSource, { displayName: "Gone Gary", organizationId: globex.id, state: UserState.TRASHED });
  await createCommunication(dataSource, hank, {
    kind: CommunicationKind.TICKET,
    status: "new",
    occurredAt: new Date("2026-05-01T00:00:00Z"),
  });
  await createCommunication(dataSource, ida, {
    kind: CommunicationKind.CALL,
    durationSeconds: 60,
    occurredAt: new Date("2026-05-02T00:00:00Z"),
  });
  await createCommunication(dataSource, ida, {
    kind: CommunicationKind.SURVEY,
    rating: 5,
    occurredAt: new Date("2026-05-03T00:00:00Z"),
  });
  // A trashed member's communications leave the organization's aggregates.
  await createCommunication(dataSource, gone, {
    kind: CommunicationKind.TICKET,
    status: "open",
    occurredAt: new Date("2026-05-04T00:00:00Z"),
  });
  agent = await roster.signIn();
});
afterAll(() => roster.stop());

test("lists organizations with website, phone and member counts, sorted and searched", async () => {
  const LIST =
    "query ($sort: OrganizationSort, $search: String) { organizations(first: 10, sort: $sort, search: $search) { totalCount nodes { name website phone memberCount } } }";
  const { organizations } = await agent.data<{
    organizations: { totalCount: number; nodes: { name: string; memberCount: number }[] };
  }>(LIST);
  expect(organizations.totalCount).toBe(3);
  expect(organizations.nodes).toEqual([
    { name: "Globex", website: "https://globex.test", phone: "+1 555 0100", memberCount: 2 },
    { name: "Initech", website: "https://initech.test", phone: null, memberCount: 0 },
    { name: "Umbrella", website: null, phone: null, memberCount: 0 },
  ]);
  const byMembers = await agent.data<{ organizations: { nodes: { name: string }[] } }>(LIST, {
    sort: { field: "MEMBER_COUNT", direction: "DESC" },
  });
  expect(byMembers.organizations.nodes[0].name).toBe("Globex");
  const byDomain = await agent.data<{ organizations: { nodes: { name: string }[] } }>(LIST, { search: "umbrella.te" });
  expect(byDomain.organizations.nodes.map((node) => node.name)).toEqual(["Umbrella"]);
});

test("an organization has its domains, members, stats and a timeline filterable by kind", async () => {
  const { organization } = await agent.data<{ organization: Record<string, unknown> }>(
    `query ($id: ID!) { organization(id: $id) {
      name domains memberCount
      members(first: 10) { totalCount nodes { displayName } }
      stats { totalCount ticketCount openTicketCount callCount surveyCount totalCallSeconds averageRating }
      communications(first: 10) { totalCount nodes { kind user { displayName } } }
      calls: communications(kinds: [CALL, SURVEY]) { totalCount nodes { kind } }
    } }`,
    { id: String(globex.id) },
  );
  expect(organization).toEqual({
    name: "Globex",
    domains: ["globex.example", "globex.test"],
    memberCount: 2,
    members: { totalCount: 2, nodes: [{ displayName: "Hank Hill" }, { displayName: "Ida Ives" }] },
    stats: {
      totalCount: 3,
      ticketCount: 1,
      openTicketCount: 1,
      callCount: 1,
      surveyCount: 1,
      totalCallSeconds: 60,
      averageRating: 5,
    },
    communications: {
      totalCount: 3,
      nodes: [
        { kind: "SURVEY", user: { displayName: "Ida Ives" } },
        { kind: "CALL", user: { displayName: "Ida Ives" } },
        { kind: "TICKET", user: { displayName: "Hank Hill" } },
      ],
    },
    calls: { totalCount: 2, nodes: [{ kind: "SURVEY" }, { kind: "CALL" }] },
  });
});

test("an unknown organization reads null", async () => {
  expect(await agent.data('{ organization(id: "424242") { id } }')).toEqual({ organization: null });
});
