/**
 * The audit log names what it shows and files a bulk job's events under the job: one entry per
 * job by default (paged by cursor without repeating or dropping an entry), its per-person events
 * by `bulkJobId`, a person's own history unchanged; names load in one statement per page.
 */
import { createPerson } from "./support/fixtures";
import type { GraphQLClient } from "./support/graphql-client";
import { startTestRoster, type TestRoster } from "./support/roster";

let roster: TestRoster;
let admin: GraphQLClient;
let ann: number;
let bob: number;
let crowd: number[];
let banJob: string;
let unbanJob: string;
let startedAt: Date;

const LOG = `query ($first: Int, $after: String, $actions: [AuditAction!], $targetType: AuditTarget, $targetId: ID,
  $since: DateTime, $bulkJobId: ID, $groupBulkJobs: Boolean) {
  auditEvents(first: $first, after: $after, actions: $actions, targetType: $targetType, targetId: $targetId,
    since: $since, bulkJobId: $bulkJobId, groupBulkJobs: $groupBulkJobs) {
    totalCount
    nodes { id action targetType targetId targetName actorName bulkJob { id action total succeeded startedAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface LogEntry {
  id: string;
  action: string;
  targetType: string;
  targetId: number;
  targetName: string | null;
  actorName: string;
  bulkJob: { id: string; action: string; total: number; succeeded: number; startedAt: string | null } | null;
}

interface LogPage {
  auditEvents: { totalCount: number; nodes: LogEntry[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

function log(variables: Record<string, unknown>): Promise<LogPage["auditEvents"]> {
  return admin.data<LogPage>(LOG, { since: startedAt.toISOString(), ...variables }).then((page) => page.auditEvents);
}

async function runBulkJob(action: string, userIds: number[]): Promise<string> {
  const { startBulkJob } = await admin.data<{ startBulkJob: { id: string } }>(
    "mutation ($input: StartBulkJobInput!) { startBulkJob(input: $input) { id } }",
    { input: { action, userIds: userIds.map(String) } },
  );
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { bulkJob } = await admin.data<{ bulkJob: { status: string } }>("query ($id: ID!) { bulkJob(id: $id) { status } }", {
      id: startBulkJob.id,
    });
    if (bulkJob.status === "DONE") return startBulkJob.id;
    if (Date.now() > deadline) throw new Error(`bulk job ${startBulkJob.id} still ${bulkJob.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every entry, following endCursor `first` at a time. */
async function allPages(first: number, variables: Record<string, unknown> = {}): Promise<LogEntry[]> {
  const entries: LogEntry[] = [];
  let after: string | null = null;
  for (;;) {
    const page: LogPage["auditEvents"] = await log({ first, after, ...variables });
    entries.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) return entries;
    after = page.pageInfo.endCursor;
  }
}

const nextMinute = () => roster.clock.set(new Date(roster.clock.now().getTime() + 60_000));
const ban = (id: number) => admin.data('mutation ($id: ID!) { banUser(id: $id, reason: "spam") { id } }', { id: String(id) });
const unban = (id: number) => admin.data("mutation ($id: ID!) { unbanUser(id: $id) { id } }", { id: String(id) });

beforeAll(async () => {
  roster = await startTestRoster();
  admin = await roster.signIn();
  ann = (await createPerson(roster.dataSource, { displayName: "Ann Archer" })).id;
  bob = (await createPerson(roster.dataSource, { displayName: "Bob Baker" })).id;
  crowd = [];
  for (const name of ["Cy", "Di", "Ed", "Flo"]) crowd.push((await createPerson(roster.dataSource, { displayName: name })).id);
  startedAt = roster.clock.now();
  // Single events between two jobs of four people each, a minute apart.
  await ban(ann);
  nextMinute();
  banJob = await runBulkJob("BAN", crowd);
  nextMinute();
  await unban(ann);
  nextMinute();
  unbanJob = await runBulkJob("UNBAN", crowd);
  nextMinute();
  await ban(bob);
}, 120_000);
afterAll(() => roster.stop());

test("by default a bulk job is one entry: its action, actor, start and how many people it changed", async () => {
  const { nodes, totalCount } = await log({ first: 100 });
  expect(nodes.map((entry) => [entry.action, entry.bulkJob?.id ?? null])).toEqual([
    ["USER_BANNED", null],
    ["USER_UNBANNED", unbanJob],
    ["USER_UNBANNED", null],
    ["USER_BANNED", banJob],
    ["USER_BANNED", null],
  ]);
  expect(totalCount).toBe(5);
  expect(nodes[3].bulkJob).toMatchObject({ action: "BAN", total: 4, succeeded: 4 });
  expect(nodes[3].bulkJob?.startedAt).not.toBeNull();
  expect(nodes[3].actorName).toBe(nodes[0].actorName);
  expect(nodes[0].targetName).toBe("Bob Baker");
});

test.each([1, 2, 3])("pages of %i neither repeat nor drop an entry of the grouped log", async (first) => {
  const whole = (await log({ first: 100 })).nodes.map((entry) => entry.id);
  expect((await allPages(first)).map((entry) => entry.id)).toEqual(whole);
});

test("a job's per-person events are listed by bulkJobId, each named", async () => {
  const { nodes, totalCount } = await log({ first: 100, bulkJobId: banJob });
  expect(totalCount).toBe(4);
  expect(nodes.map((entry) => entry.targetName).sort()).toEqual(["Cy", "Di", "Ed", "Flo"]);
  expect(nodes.every((entry) => entry.action === "USER_BANNED" && entry.bulkJob?.id === banJob)).toBe(true);
  // Paged across a boundary too.
  expect((await allPages(3, { bulkJobId: banJob })).map((entry) => entry.id)).toEqual(nodes.map((entry) => entry.id));
});

test("a person's own history still lists each event, the jobs' included", async () => {
  const { nodes } = await log({ first: 100, targetType: "USER", targetId: String(crowd[0]) });
  expect(nodes.map((entry) => [entry.action, entry.bulkJob?.id])).toEqual([
    ["USER_UNBANNED", unbanJob],
    ["USER_BANNED", banJob],
  ]);
});

test("filters apply before grouping; groupBulkJobs: false lists every event", async () => {
  const unbans = await log({ first: 100, actions: ["USER_UNBANNED"] });
  expect(unbans.nodes.map((entry) => entry.bulkJob?.id ?? null)).toEqual([unbanJob, null]);
  const ungrouped = await log({ first: 100, groupBulkJobs: false });
  expect(ungrouped.totalCount).toBe(11);
  expect(ungrouped.nodes.filter((entry) => entry.bulkJob?.id === banJob)).toHaveLength(4);
});

test("names are current, or recorded when the target is gone, or null", async () => {
  await roster.dataSource.query("UPDATE users SET displayName = 'Ann Renamed' WHERE id = ?", [ann]);
  const doomed = await createPerson(roster.dataSource, { displayName: "Gus Gone" });
  await admin.data("mutation ($id: ID!) { trashUser(id: $id) { id } }", { id: String(doomed.id) });
  await admin.data("mutation ($id: ID!) { deleteUser(id: $id) }", { id: String(doomed.id) });
  const { createRole } = await admin.data<{ createRole: { id: string } }>(
    'mutation { createRole(input: { name: "Short-lived", kind: CUSTOMER, permissions: [] }) { id } }',
  );
  await admin.data("mutation ($id: ID!) { deleteRole(id: $id) }", { id: createRole.id });
  await admin.data('mutation { createOrganization(input: { name: "Globex" }) { id } }');
  await admin.data('mutation { createRole(input: { name: "Lasting", kind: CUSTOMER, permissions: [] }) { id } }');

  const names = new Map(
    (await log({ first: 100, groupBulkJobs: false })).nodes.map((entry) => [
      `${entry.action} ${entry.targetId}`,
      entry.targetName,
    ]),
  );
  expect(names.get(`USER_UNBANNED ${ann}`)).toBe("Ann Renamed");
  expect(names.get(`USER_DELETED ${doomed.id}`)).toBe("Gus Gone");
  // The trash event recorded no name, and the person is gone.
  expect(names.get(`USER_TRASHED ${doomed.id}`)).toBeNull();
  expect(names.get(`ROLE_DELETED ${createRole.id}`)).toBe("Short-lived");
  const { nodes } = await log({ first: 100, actions: ["ORGANIZATION_CREATED", "ROLE_CREATED"] });
  expect(nodes.map((entry) => [entry.targetType, entry.targetName])).toEqual([
    ["ROLE", "Lasting"],
    ["ORGANIZATION", "Globex"],
    ["ROLE", "Short-lived"],
  ]);
});

test("a page of 24 entries runs as many statements as a page of 4 (names and jobs batched)", async () => {
  // Newest first: a person, an organization, a role, then a job's events, so that even the
  // smallest page asks for every kind of name and for a job.
  await runBulkJob("BAN", crowd);
  await admin.data('mutation { createRole(input: { name: "Counted", kind: CUSTOMER, permissions: [] }) { id } }');
  await admin.data('mutation { createOrganization(input: { name: "Initech" }) { id } }');
  await unban(bob);
  const counts: Record<number, number> = {};
  for (const first of [4, 24]) {
    const response = await admin.request<LogPage>(LOG, { first, since: startedAt.toISOString(), groupBulkJobs: false });
    expect(response.errors).toBeUndefined();
    const nodes = response.data?.auditEvents.nodes ?? [];
    expect(nodes).toHaveLength(first);
    expect(nodes.slice(0, 4).map((entry) => [entry.targetType, entry.bulkJob === null])).toEqual([
      ["USER", true],
      ["ORGANIZATION", true],
      ["ROLE", true],
      ["USER", false],
    ]);
    counts[first] = response.extensions.sqlStatements ?? Number.NaN;
  }
  console.log(`[statement count] auditEvents first: 4 -> ${counts[4]}, first: 24 -> ${counts[24]}`);
  expect(counts[4]).toBeGreaterThan(0);
  expect(counts[24]).toBe(counts[4]);
});
