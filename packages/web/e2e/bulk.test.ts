/**
 * Bulk actions and CSV export on the Users list, in real Chromium against the real server:
 * people ticked in the list are banned for 7 days through the action menu, with a progress bar
 * that finishes, a per-person report and the list's badges following; everyone matching a
 * segment, beyond the page on screen, goes to the trash in one job; and the export downloads
 * the view with the columns chosen.
 */
import fs from "node:fs";
import type { Browser, Page } from "playwright-core";
import { createOrganization, createPerson } from "../../server/test/support/fixtures";
import type { TestRoster } from "../../server/test/support/roster";
import { UserState } from "../../server/src/modules/users/user.enums";
import { closeAll, expectText, openSignedInPage, startWebRoster, withFailureScreenshot } from "./browser";

const DAY = 86_400_000;
// More than a page (25 rows): "all matching" has to reach beyond what is on screen.
const MASS = 27;

let roster: TestRoster;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  // Real time: the browser's session cookie and the ban's end date are read against it.
  roster = await startWebRoster();
  const bulkhead = await createOrganization(roster.dataSource, { name: "Bulkhead Inc" });
  await createPerson(roster.dataSource, { displayName: "Bulk Alpha", email: "alpha@bulk.test", organizationId: bulkhead.id });
  await createPerson(roster.dataSource, { displayName: "Bulk Bravo", email: "bravo@bulk.test" });
  await createPerson(roster.dataSource, { displayName: "Bulk Charlie", email: "charlie@bulk.test" });
  for (let n = 1; n <= MASS; n++) {
    await createPerson(roster.dataSource, { displayName: `Mass ${String(n).padStart(2, "0")}` });
  }
  // Matches the segment but is not in the People view: a job over the view must leave them out.
  await createPerson(roster.dataSource, { displayName: "Mass Trashed", state: UserState.TRASHED });
  ({ browser, page } = await openSignedInPage(roster.url));
});

afterAll(() => closeAll(browser, roster));

const table = () => page.getByTestId("users-table");
const row = (name: string) => table().getByRole("row", { name: new RegExp(name) });

/** Waits for the job's progress bar to reach the end, and checks it reads 100%. */
async function expectJobFinished(): Promise<void> {
  const bar = page.getByTestId("bulk-progress");
  await bar.waitFor();
  const deadline = Date.now() + 15_000;
  while ((await bar.getAttribute("data-progress")) !== "1") {
    if (Date.now() > deadline) throw new Error(`the job did not finish: progress ${await bar.getAttribute("data-progress")}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(await bar.getByRole("progressbar").getAttribute("aria-valuenow")).toBe("100");
  await expectText(page.getByTestId("bulk-job-status"), /^done$/i);
}

test("tick two people and ban them for 7 days: the progress bar finishes, the report and the badges follow", () =>
  withFailureScreenshot(page, "bulk-ban", async () => {
    await page.goto(`${roster.url}/users?q=bulk`);
    await expectText(table(), /Bulk Charlie/);
    expect(await page.getByTestId("bulk-bar").count()).toBe(0);

    await page.getByRole("checkbox", { name: "Select Bulk Alpha" }).check();
    await page.getByRole("checkbox", { name: "Select Bulk Bravo" }).check();
    await expectText(page.getByTestId("bulk-selected-count"), /^2 selected$/);
    // Part of the page is ticked: there is no "all matching" to offer.
    expect(await page.getByTestId("bulk-select-all").count()).toBe(0);

    await page.getByTestId("bulk-actions-menu").click();
    // Deleting is for the trash only.
    await page.getByTestId("bulk-action-ban").waitFor();
    expect(await page.getByTestId("bulk-action-delete").count()).toBe(0);
    await page.getByTestId("bulk-action-ban").click();
    await expectText(page.getByRole("dialog"), /Bans 2 people/);
    await page.getByTestId("ban-days").fill("7");
    await page.getByTestId("ban-reason").fill("Spam wave");
    await page.getByTestId("confirm-action").click();

    await expectJobFinished();
    await expectText(page.getByTestId("bulk-counters"), /^2 of 2 processed · 2 done · 0 skipped · 0 failed$/);
    // The job took the selection with it.
    expect(await page.getByTestId("bulk-bar").count()).toBe(0);

    const report = page.getByTestId("bulk-report");
    await expectText(report, /Bulk Alpha/);
    await expectText(report, /Bulk Bravo/);
    expect(await report.getByTestId("bulk-result-outcome").allTextContents()).toEqual(["Done", "Done"]);
    expect(await report.getByText("Bulk Charlie").count()).toBe(0);
    await report.getByText("Skipped (0)").click();
    await expectText(report, /Nobody with this outcome/);

    const untilText = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" }).format(new Date(Date.now() + 7 * DAY));
    await expectText(row("Bulk Alpha").getByTestId("state-badge"), new RegExp(`^Banned until ${untilText}$`, "i"));
    await expectText(row("Bulk Bravo").getByTestId("state-badge"), new RegExp(`^Banned until ${untilText}$`, "i"));
    await expectText(row("Bulk Charlie").getByTestId("state-badge"), /^active$/i);

    // The ban is in each person's history, with its reason.
    await row("Bulk Alpha").getByRole("link", { name: "Bulk Alpha" }).click();
    await expectText(page.getByTestId("state-history"), /Active → Banned/);
    await expectText(page.getByTestId("state-history"), /Spam wave/);
  }));

test("everyone matching a segment, beyond the page, goes to the trash in one job; a search cannot be a target", () =>
  withFailureScreenshot(page, "bulk-all-matching", async () => {
    // A search is no segment: "all matching" is offered but refused, with the way out.
    await page.goto(`${roster.url}/users?q=mass`);
    await expectText(page.getByTestId("total-count"), new RegExp(`^1–25 of ${MASS}$`));
    await page.getByRole("checkbox", { name: "Select everyone on this page" }).check();
    await expectText(page.getByTestId("bulk-selected-count"), /^25 selected$/);
    const selectAll = page.getByTestId("bulk-select-all");
    expect(await selectAll.getAttribute("aria-disabled")).toBe("true");
    await selectAll.hover();
    await expectText(page.getByRole("tooltip"), /segment/);
    // Clicking it anyway changes nothing.
    await selectAll.click({ force: true });
    await expectText(page.getByTestId("bulk-selected-count"), /^25 selected$/);

    const segment = 'displayName contains "Mass"';
    await page.goto(`${roster.url}/users?${new URLSearchParams({ segment }).toString()}`);
    await expectText(page.getByTestId("total-count"), new RegExp(`^1–25 of ${MASS}$`));
    await page.getByRole("checkbox", { name: "Select everyone on this page" }).check();
    await page.getByTestId("bulk-select-all").click();
    await expectText(page.getByTestId("bulk-selected-count"), new RegExp(`^All ${MASS} matching selected$`));

    await page.getByTestId("bulk-actions-menu").click();
    await page.getByTestId("bulk-action-trash").click();
    await expectText(page.getByRole("dialog"), new RegExp(`Moves ${MASS} people to the trash`));
    await page.getByTestId("confirm-action").click();

    await expectJobFinished();
    // The person already in the trash matched the segment but not the view: not part of the job.
    await expectText(page.getByTestId("bulk-counters"), new RegExp(`^${MASS} of ${MASS} processed · ${MASS} done`));
    await expectText(table(), /No people match/);

    await page.goto(`${roster.url}/users?${new URLSearchParams({ view: "trash", segment }).toString()}`);
    await expectText(page.getByTestId("total-count"), new RegExp(`^1–25 of ${MASS + 1}$`));
    // In the trash, only restoring and deleting are offered.
    await page.getByRole("checkbox", { name: "Select Mass 01" }).check();
    await page.getByTestId("bulk-actions-menu").click();
    await page.getByTestId("bulk-action-delete").waitFor();
    expect(await page.getByTestId("bulk-action-ban").count()).toBe(0);
    await page.keyboard.press("Escape");
  }));

test("Export CSV downloads the people of the view with the columns ticked", () =>
  withFailureScreenshot(page, "export", async () => {
    await page.goto(`${roster.url}/users?q=bulk`);
    await expectText(table(), /Bulk Charlie/);
    await page.getByTestId("export-csv").click();
    const dialog = page.getByRole("dialog");
    await expectText(dialog, /The 3 people in the current view/);
    // The defaults are ticked; drop two and add one.
    expect(await page.getByTestId("export-column-username").isChecked()).toBe(true);
    expect(await page.getByTestId("export-column-phone").isChecked()).toBe(false);
    await page.getByTestId("export-column-username").uncheck();
    await page.getByTestId("export-column-createdAt").uncheck();
    await page.getByTestId("export-column-phone").check();

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-download").click()]);
    expect(download.suggestedFilename()).toMatch(/^people-\d{4}-\d{2}-\d{2}\.csv$/);
    const file = await download.path();
    const lines = fs.readFileSync(file, "utf8").trim().split(/\r?\n/);
    expect(lines[0]).toBe("id,displayName,email,phone,state,organization,lastLoginAt");
    const rows = lines.slice(1).map((line) => line.split(","));
    expect(rows.map((cells) => cells[1]).sort()).toEqual(["Bulk Alpha", "Bulk Bravo", "Bulk Charlie"]);
    const byName = new Map(rows.map((cells) => [cells[1], cells]));
    expect(byName.get("Bulk Alpha")?.slice(2)).toEqual(["alpha@bulk.test", "", "BANNED", "Bulkhead Inc", ""]);
    expect(byName.get("Bulk Charlie")?.[4]).toBe("ACTIVE");
    // The dialog closes once the file is on its way.
    await dialog.waitFor({ state: "detached" });
  }));
