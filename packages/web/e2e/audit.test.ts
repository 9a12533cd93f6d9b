/**
 * The audit log in real Chromium against the real server: a person's event names them, and the
 * name opens their profile; a bulk job over a few people is one entry whose link opens the job's
 * page, with its per-person report and the events it wrote.
 */
import type { Browser, Page } from "playwright-core";
import { createPerson } from "../../server/test/support/fixtures";
import type { TestRoster } from "../../server/test/support/roster";
import { closeAll, expectText, openSignedInPage, startWebRoster, withFailureScreenshot } from "./browser";

let roster: TestRoster;
let browser: Browser;
let page: Page;
let ann: number;
let jobId: string;

beforeAll(async () => {
  roster = await startWebRoster();
  ann = (await createPerson(roster.dataSource, { displayName: "Audit Ann" })).id;
  const crew: number[] = [];
  for (const name of ["Crew Ada", "Crew Ben", "Crew Cyd"])
    crew.push((await createPerson(roster.dataSource, { displayName: name })).id);
  const api = await roster.signIn();
  await api.data('mutation ($id: ID!) { banUser(id: $id, reason: "spam") { id } }', { id: String(ann) });
  ({
    startBulkJob: { id: jobId },
  } = await api.data<{ startBulkJob: { id: string } }>(
    "mutation ($input: StartBulkJobInput!) { startBulkJob(input: $input) { id } }",
    { input: { action: "TRASH", userIds: crew.map(String) } },
  ));
  const deadline = Date.now() + 15_000;
  while (
    (await api.data<{ bulkJob: { status: string } }>("query ($id: ID!) { bulkJob(id: $id) { status } }", { id: jobId })).bulkJob
      .status !== "DONE"
  ) {
    if (Date.now() > deadline) throw new Error(`bulk job ${jobId} did not finish`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  ({ browser, page } = await openSignedInPage(roster.url));
});

afterAll(() => closeAll(browser, roster));

const rows = () => page.getByTestId("audit-row");

test("a person's event shows their name, which opens their profile", () =>
  withFailureScreenshot(page, "audit-person-link", async () => {
    await page.goto(`${roster.url}/audit`);
    const banned = rows().filter({ hasText: "Person banned" });
    await expectText(banned, /Audit Ann/);
    expect(await page.getByText(`Person ${ann}`).count()).toBe(0);
    await banned.getByRole("link", { name: "Audit Ann" }).click();
    await page.waitForURL(`${roster.url}/users/${ann}`);
    await expectText(page.getByTestId("profile-header"), /Audit Ann/);
  }));

test("a bulk job over three people is one entry, whose link opens the job's report and events", () =>
  withFailureScreenshot(page, "audit-bulk-job", async () => {
    await page.goto(`${roster.url}/audit`);
    const entry = rows().filter({ hasText: "Bulk: Move to trash" });
    await expectText(entry, /3 people changed \(of 3\)/);
    expect(await entry.count()).toBe(1);
    // Grouped: none of the crew has a row of their own in the log.
    expect(await rows().filter({ hasText: /Crew/ }).count()).toBe(0);

    await entry.getByTestId("audit-bulk-job").click();
    await page.waitForURL(`${roster.url}/bulk-jobs/${jobId}`);
    await expectText(page.getByTestId("bulk-job-title"), /Bulk job: Move to trash/);
    const report = page.getByTestId("bulk-report");
    for (const name of ["Crew Ada", "Crew Ben", "Crew Cyd"]) await expectText(report, new RegExp(name));
    const events = page.getByTestId("bulk-audit-events").getByTestId("audit-row");
    await expectText(events.first(), /Person moved to trash/);
    expect(await events.count()).toBe(3);
    for (const name of ["Crew Ada", "Crew Ben", "Crew Cyd"]) {
      expect(await events.getByRole("link", { name }).count()).toBe(1);
    }
  }));
