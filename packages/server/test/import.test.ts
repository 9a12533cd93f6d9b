/**
 * CSV import: a file with good, duplicate and bad rows, every count and every reported line
 * checked, in a dry run and for real; the same file twice changes nothing; the rejected rows
 * download; refusals with codes.
 */
import { parse } from "csv-parse/sync";
import { AuditEvent } from "../src/modules/audit/audit-event.entity";
import { AuditAction } from "../src/modules/audit/audit.enums";
import { User } from "../src/modules/users/user.entity";
import { UserState } from "../src/modules/users/user.enums";
import { createAgent, createOrganization, createPerson } from "./support/fixtures";
import type { GraphQLClient } from "./support/graphql-client";
import { startTestRoster, type TestRoster } from "./support/roster";

let roster: TestRoster;
let admin: GraphQLClient;

// Line 1 is the header.
const FILE = [
  "E-mail,Full name,Company,Phone,Time zone,plan",
  "new.one@example.com,New One,Acme,+1 555 0101,Europe/Paris,gold", // 2: created
  "KNOWN@example.com,Known Person Renamed,,,,", // 3: updated (name)
  "same@example.com,Same As Before,,,,", // 4: unchanged
  "not-an-email,Broken,,,,", // 5: rejected
  "new.one@example.com,New One Again,,,,", // 6: rejected, duplicate of line 2
  "nobody@example.com,No Company,Nowhere Ltd,,,", // 7: rejected, unknown organization
  "tz@example.com,Bad Zone,,,Mars/Olympus,", // 8: rejected, time zone
  ",No Email,,,,", // 9: rejected, no email
  "trashed@example.com,Trashed One,,,,", // 10: rejected, in the trash
  '"quoted@example.com","Quote ""Q"" Person, Jr.",Acme,,,', // 11: created
].join("\n");

const EXPECTED_REJECTIONS = [
  [5, /must be an email address/],
  [6, /same email as line 2/],
  [7, /no organization named "Nowhere Ltd"/],
  [8, /must be an IANA time zone/],
  [9, /No email address/],
  [10, /in the trash/],
] as const;

beforeAll(async () => {
  roster = await startTestRoster();
  admin = await roster.signIn();
  await createOrganization(roster.dataSource, { name: "Acme" });
  await createPerson(roster.dataSource, { email: "known@example.com", displayName: "Known Person" });
  await createPerson(roster.dataSource, { email: "same@example.com", displayName: "Same As Before" });
  await createPerson(roster.dataSource, { email: "trashed@example.com", displayName: "Trashed One", state: UserState.TRASHED });
});
afterAll(() => roster.stop());

function post(client: GraphQLClient, query: string, body: string): Promise<Response> {
  return client.fetch(`/import/users.csv?${query}`, { method: "POST", headers: { "content-type": "text/csv" }, body });
}

const JOB = `query ($id: ID!) { importJob(id: $id) { status processedRows created updated unchanged rejected progress error
  rejections(first: 100) { totalCount nodes { line reason } } } }`;

interface Job {
  status: string;
  processedRows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  progress: number;
  error: string | null;
  rejections: { totalCount: number; nodes: { line: number; reason: string }[] };
}

async function pollJob(id: string): Promise<Job> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { importJob } = await admin.data<{ importJob: Job }>(JOB, { id });
    if (importJob.status === "DONE" || importJob.status === "FAILED") return importJob;
    if (Date.now() > deadline) throw new Error(`import ${id} still ${importJob.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Queues the file for real and waits for the import to end. */
async function runImport(query: string): Promise<{ id: string; job: Job }> {
  const queued = await post(admin, query, FILE);
  expect(queued.status).toBe(202);
  const { jobId } = (await queued.json()) as { jobId: string };
  return { id: jobId, job: await pollJob(jobId) };
}

function expectRejections(rejections: readonly { line: number; reason: string }[]): void {
  expect(rejections.map((rejection) => rejection.line)).toEqual(EXPECTED_REJECTIONS.map(([line]) => line));
  for (const [index, [, reason]] of EXPECTED_REJECTIONS.entries()) expect(rejections[index].reason).toMatch(reason);
}

test("a dry run guesses the mapping and reports every row, writing nothing", async () => {
  const response = await post(admin, "dryRun=true", FILE);
  expect(response.status).toBe(200);
  const report = await response.json();
  expect(report).toMatchObject({
    dryRun: true,
    headers: ["E-mail", "Full name", "Company", "Phone", "Time zone", "plan"],
    mapping: {
      "E-mail": "email",
      "Full name": "displayName",
      Company: "organization",
      Phone: "phone",
      "Time zone": "timezone",
      plan: "ignore",
    },
    rows: 10,
    create: 2,
    update: 1,
    unchanged: 1,
    rejected: 6,
  });
  expectRejections(report.rejections);
  expect(report.mappingProblem).toBeNull();
  expect(await roster.dataSource.getRepository(User).countBy({ email: "new.one@example.com" })).toBe(0);
});

test("a file whose email column cannot be guessed still gives its headers, to be mapped by hand", async () => {
  const file = "Work address,Who\nana@example.com,Ana\n";
  const response = await post(admin, "dryRun=true", file);
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({
    headers: ["Work address", "Who"],
    mapping: { "Work address": "ignore", Who: "ignore" },
    rows: 1,
    create: 0,
    mappingProblem: expect.stringMatching(/email/),
  });
  const mapped = encodeURIComponent(JSON.stringify({ "Work address": "email", Who: "displayName" }));
  expect(await (await post(admin, `dryRun=true&mapping=${mapped}`, file)).json()).toMatchObject({
    create: 1,
    mappingProblem: null,
  });
});

test("the import creates, updates and rejects as the dry run said; the same file again changes nothing", async () => {
  const mapping = encodeURIComponent(
    JSON.stringify({
      "E-mail": "email",
      "Full name": "displayName",
      Company: "organization",
      Phone: "phone",
      "Time zone": "timezone",
      plan: "attr.plan",
    }),
  );
  const response = await post(admin, `mapping=${mapping}&dryRun=true`, FILE);
  const planned = await response.json();
  const { job: first } = await runImport(`mapping=${mapping}`);
  expect(first).toMatchObject({
    status: "DONE",
    processedRows: 10,
    created: 2,
    updated: 1,
    unchanged: 1,
    rejected: 6,
    progress: 1,
  });
  expect([first.created, first.updated, first.unchanged, first.rejected]).toEqual([
    planned.create,
    planned.update,
    planned.unchanged,
    planned.rejected,
  ]);
  expectRejections(first.rejections.nodes);

  const created = await roster.dataSource.getRepository(User).findOneByOrFail({ email: "new.one@example.com" });
  expect(created).toMatchObject({
    displayName: "New One",
    state: UserState.NOT_ACTIVATED,
    source: "IMPORT",
    timezone: "Europe/Paris",
  });
  const quoted = await roster.dataSource.getRepository(User).findOneByOrFail({ email: "quoted@example.com" });
  expect(quoted.displayName).toBe('Quote "Q" Person, Jr.');
  const { user } = await admin.data<{ user: { attributes: { name: string; value: string }[]; organization: { name: string } } }>(
    "query ($id: ID!) { user(id: $id) { attributes { name value } organization { name } } }",
    { id: String(created.id) },
  );
  expect(user).toEqual({ attributes: [{ name: "plan", value: "gold" }], organization: { name: "Acme" } });
  const known = await roster.dataSource.getRepository(User).findOneByOrFail({ email: "known@example.com" });
  expect(known.displayName).toBe("Known Person Renamed");
  expect(
    await roster.dataSource.getRepository(AuditEvent).countBy({ action: AuditAction.USER_CREATED, targetId: created.id }),
  ).toBe(1);

  // Re-running the same file: nothing new, nothing changed, the same rows refused.
  const people = await roster.dataSource.getRepository(User).count();
  const { job: again } = await runImport(`mapping=${mapping}`);
  expect(again).toMatchObject({ status: "DONE", created: 0, updated: 0, unchanged: 4, rejected: 6 });
  expect(await roster.dataSource.getRepository(User).count()).toBe(people);
});

test("the rejected rows download as CSV with their line and reason", async () => {
  const { id } = await runImport("fileName=people.csv");
  const response = await admin.fetch(`/import/jobs/${id}/rejected.csv`);
  expect(response.status).toBe(200);
  const rows = parse(await response.text()) as string[][];
  expect(rows[0]).toEqual(["line", "reason", "E-mail", "Full name", "Company", "Phone", "Time zone", "plan"]);
  expect(rows.slice(1).map((row) => Number(row[0]))).toEqual(EXPECTED_REJECTIONS.map(([line]) => line));
  expect(rows[1].slice(2)).toEqual(["not-an-email", "Broken", "", "", "", ""]);
});

test.each([
  ["a mapping without an email column", `mapping=${encodeURIComponent('{"Full name":"displayName"}')}&dryRun=true`, FILE, 400],
  ["a mapping naming a column the file lacks", `mapping=${encodeURIComponent('{"Mail":"email"}')}&dryRun=true`, FILE, 400],
  ["a mapping that is not JSON", "mapping=%7Bnope&dryRun=true", FILE, 400],
  ["an empty file", "dryRun=true", "", 400],
  ["a broken quote", "dryRun=true", 'email,name\n"unclosed@example.com,Nope\n', 400],
])("%s is refused", async (_case, query, body, status) => {
  const response = await post(admin, query, body);
  expect(response.status).toBe(status);
  expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: "BAD_USER_INPUT" } }] });
});

test("an agent without people.import is refused", async () => {
  await createAgent(roster.dataSource, { email: "no-import@roster.test", password: "no-import-pass" });
  await roster.dataSource.query(
    "DELETE FROM role_permissions WHERE permission = 'people.import' AND roleId IN (SELECT id FROM roles WHERE systemKey = 'AGENT')",
  );
  const agent = await roster.signIn({ email: "no-import@roster.test", password: "no-import-pass" });
  const response = await post(agent, "dryRun=true", FILE);
  expect(response.status).toBe(403);
});
