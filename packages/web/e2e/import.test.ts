/**
 * The CSV import wizard, in real Chromium against the real server: a small file with new,
 * known, unchanged, duplicate and bad rows is uploaded, its columns mapped from the server's
 * guesses (one to a custom attribute), the dry run counts what would happen, and the import
 * runs with a progress bar to its end; the new people are then in the Users list. An agent
 * without people.import is told which permission is missing.
 */
import fs from "node:fs";
import type { Browser, Page } from "playwright-core";
import { createAgent, createOrganization, createPerson } from "../../server/test/support/fixtures";
import type { TestRoster } from "../../server/test/support/roster";
import { User } from "../../server/src/modules/users/user.entity";
import { closeAll, expectText, openSignedInPage, startWebRoster, withFailureScreenshot } from "./browser";

// Line 1 is the header. Lines 2–3 are new people, 4 renames a known one, 5 matches a known one
// exactly, 6 repeats line 2's email and 7 has no valid email.
const CSV = [
  "Email,Full Name,Company,Plan",
  "ivy@import.test,Ivy Imported,Acme Import Co,gold",
  "ike@import.test,Ike Imported,,silver",
  "erin@import.test,Erin Renamed,,",
  "uma@import.test,Uma Unchanged,,",
  "IVY@import.test,Ivy Twice,,",
  "not-an-email,Bad Row,,",
].join("\n");

let roster: TestRoster;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  // Real time: the browser's session cookie is read against it.
  roster = await startWebRoster();
  await createOrganization(roster.dataSource, { name: "Acme Import Co" });
  await createPerson(roster.dataSource, { displayName: "Erin Existing", email: "erin@import.test" });
  await createPerson(roster.dataSource, { displayName: "Uma Unchanged", email: "uma@import.test" });
  await createAgent(roster.dataSource, { email: "no-import@roster.test", password: "no-import-pass" });
  ({ browser, page } = await openSignedInPage(roster.url));
});

afterAll(() => closeAll(browser, roster));

/** The names in the people table. */
async function tableNames(): Promise<string[]> {
  const links = page.getByTestId("users-table").locator("tbody tr a[href^='/users/']");
  return (await links.allInnerTexts()).map((name) => name.trim());
}

test("upload, map, dry run, import: the progress bar finishes and the new people are in the list", () =>
  withFailureScreenshot(page, "import", async () => {
    await page.goto(`${roster.url}/import`);

    // Step 1: the file, through the browser's own file chooser.
    const next = page.getByTestId("import-upload");
    expect(await next.isDisabled()).toBe(true);
    const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.getByTestId("import-file").click()]);
    await chooser.setFiles({ name: "people.csv", mimeType: "text/csv", buffer: Buffer.from(CSV) });
    await expectText(page.getByTestId("import-file"), /people\.csv/);
    await next.click();

    // Step 2: the server's guesses, one column changed to a custom attribute.
    const mapping = page.getByTestId("import-mapping");
    await mapping.waitFor();
    expect(await mapping.getByTestId("import-mapping-row").count()).toBe(4);
    expect(await page.getByTestId("import-field-Email").inputValue()).toBe("Email");
    expect(await page.getByTestId("import-field-Full Name").inputValue()).toBe("Display name");
    expect(await page.getByTestId("import-field-Company").inputValue()).toBe("Organization (by name)");
    expect(await page.getByTestId("import-field-Plan").inputValue()).toBe("Ignore this column");
    await page.getByTestId("import-field-Plan").click();
    await page.getByRole("option", { name: "Custom attribute…" }).click();
    // No name yet: the dry run waits for one.
    expect(await page.getByTestId("import-dry-run").isDisabled()).toBe(true);
    await page.getByTestId("import-attribute-Plan").fill("plan");
    await page.getByTestId("import-dry-run").click();

    // Step 3: what the import would do, nothing saved yet.
    const report = page.getByTestId("import-report");
    await report.waitFor();
    await expectText(report.getByTestId("import-count-create"), /^2$/);
    await expectText(report.getByTestId("import-count-update"), /^1$/);
    await expectText(report.getByTestId("import-count-unchanged"), /^1$/);
    await expectText(report.getByTestId("import-count-rejected"), /^2$/);
    const rejections = report.getByTestId("import-rejection");
    expect(await rejections.count()).toBe(2);
    await expectText(rejections.nth(0), /^6\s+The same email as line 2\.$/);
    await expectText(rejections.nth(1), /^7\s+email \(column "Email"\) must be an email address \(got "not-an-email"\)\.$/);
    expect(await roster.dataSource.getRepository(User).countBy({ email: "ivy@import.test" })).toBe(0);

    // Step 4: the import itself, followed to its end.
    await page.getByTestId("import-run").click();
    const bar = page.getByTestId("import-progress");
    await bar.waitFor();
    const done = page.getByTestId("import-done");
    await done.waitFor();
    expect(await bar.getAttribute("data-progress")).toBe("1");
    expect(await bar.getByRole("progressbar").getAttribute("aria-valuenow")).toBe("100");
    await expectText(page.getByTestId("import-status"), /^done$/i);
    await expectText(page.getByTestId("import-count-created"), /^2$/);
    await expectText(page.getByTestId("import-count-updated"), /^1$/);
    await expectText(page.getByTestId("import-count-unchanged"), /^1$/);
    await expectText(page.getByTestId("import-count-rejected"), /^2$/);
    await expectText(done.getByTestId("import-rejections"), /The same email as line 2/);

    // The rejected rows come back as CSV: line and reason, then the row as it was.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("import-download-rejected").click()]);
    const rejected = fs
      .readFileSync(await download.path(), "utf8")
      .trim()
      .split(/\r?\n/);
    expect(rejected[0]).toBe("line,reason,Email,Full Name,Company,Plan");
    expect(rejected).toHaveLength(3);
    expect(rejected[1]).toMatch(/^6,The same email as line 2\.,IVY@import\.test,Ivy Twice,,$/);

    // The new people are in the list of imported people, the renamed one under its new name.
    await page.getByTestId("import-show-people").click();
    await page.getByTestId("users-table").waitFor();
    await expectText(page.getByTestId("segment-applied"), /source = import/);
    await expectText(page.getByTestId("users-table"), /Ivy Imported/);
    expect(await tableNames()).toEqual(["Ike Imported", "Ivy Imported"]);
    await page.getByTestId("users-table").getByRole("link", { name: "Ivy Imported" }).click();
    await expectText(page.getByTestId("profile-header"), /Ivy Imported/);
    await expectText(page.locator("body"), /Acme Import Co/);
    await expectText(page.locator("body"), /gold/);
    await page.goto(`${roster.url}/users?q=erin`);
    await expectText(page.getByTestId("users-table"), /Erin Renamed/);
  }));

test("without people.import the page names the missing permission", async () => {
  const context = await browser.newContext();
  const agentPage = await context.newPage();
  agentPage.setDefaultTimeout(15_000);
  try {
    await withFailureScreenshot(agentPage, "import-forbidden", async () => {
      await agentPage.goto(`${roster.url}/import`);
      await agentPage.getByTestId("login-email").fill("no-import@roster.test");
      await agentPage.getByTestId("login-password").fill("no-import-pass");
      await agentPage.getByTestId("login-submit").click();
      await agentPage.waitForURL(/\/(users|import)/);
      await agentPage.goto(`${roster.url}/import`);
      await expectText(agentPage.getByTestId("import-forbidden"), /"people\.import" permission/);
      expect(await agentPage.getByTestId("import-file").count()).toBe(0);
    });
  } finally {
    await context.close();
  }
});
