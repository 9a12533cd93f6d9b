/**
 * Jobs that fail, in real Chromium against the real server: a trigger in the database refuses a
 * job's progress after its first whole batch, so the job really ends FAILED. The page says so in
 * red with the database's error and the counts kept so far; once the trigger is gone, Retry
 * carries the job on to Done with every person (or row) counted once. Bulk jobs on the Users
 * list and the import wizard alike.
 */
import type { Browser, Page } from "playwright-core";
import { BATCH_SIZE } from "../../server/src/modules/bulk-jobs/bulk-job.service";
import { IMPORT_BATCH } from "../../server/src/modules/imports/import.service";
import { User } from "../../server/src/modules/users/user.entity";
import { UserState } from "../../server/src/modules/users/user.enums";
import { createPerson } from "../../server/test/support/fixtures";
import type { TestRoster } from "../../server/test/support/roster";
import { closeAll, expectText, openSignedInPage, startWebRoster, withFailureScreenshot } from "./browser";

// One whole batch, then a few more: the first batch commits, the second is refused.
const BULK_BATCH = BATCH_SIZE.sqlite;
const PEOPLE = BULK_BATCH + 3;
const ROWS = IMPORT_BATCH.sqlite + 3;

let roster: TestRoster;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  // Real time: the browser's session cookie is read against it.
  roster = await startWebRoster();
  for (let n = 1; n <= PEOPLE; n++) {
    await createPerson(roster.dataSource, { displayName: `Resumed ${String(n).padStart(3, "0")}` });
  }
  ({ browser, page } = await openSignedInPage(roster.url));
});

afterAll(() => closeAll(browser, roster));

/** Refuses, with "injected failure", any update of `table` whose new row matches `condition`. */
function refuseUpdate(name: string, table: string, condition: string): Promise<unknown> {
  return roster.dataSource.query(
    `CREATE TRIGGER ${name} BEFORE UPDATE ON ${table} WHEN ${condition} BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
  );
}

const dropTrigger = (name: string) => roster.dataSource.query(`DROP TRIGGER ${name}`);

test("a bulk job that fails shows why and what it kept; Retry carries it on to Done", () =>
  withFailureScreenshot(page, "bulk-job-failed", async () => {
    await refuseUpdate("stop_bulk", "bulk_jobs", `NEW.processed > ${BULK_BATCH}`);
    const segment = 'displayName contains "Resumed"';
    await page.goto(`${roster.url}/users?${new URLSearchParams({ segment }).toString()}`);
    await expectText(page.getByTestId("total-count"), new RegExp(`of ${PEOPLE}$`));
    await page.getByRole("checkbox", { name: "Select everyone on this page" }).check();
    await page.getByTestId("bulk-select-all").click();
    await expectText(page.getByTestId("bulk-selected-count"), new RegExp(`^All ${PEOPLE} matching selected$`));
    await page.getByTestId("bulk-actions-menu").click();
    await page.getByTestId("bulk-action-trash").click();
    await page.getByTestId("confirm-action").click();

    // The second batch is refused: the job stops, loudly, with the first batch kept.
    const failed = page.getByTestId("bulk-failed");
    await failed.waitFor();
    await expectText(page.getByTestId("bulk-job-status"), /^failed$/i);
    await expectText(page.getByTestId("bulk-failed-error"), /injected failure/);
    await expectText(failed, new RegExp(`What was done to the ${BULK_BATCH} people processed before it stopped stays done`));
    await expectText(
      page.getByTestId("bulk-counters"),
      new RegExp(`^${BULK_BATCH} of ${PEOPLE} processed · ${BULK_BATCH} done · 0 skipped · 0 failed$`),
    );
    // Not running any more: the bar stands still and the job cannot be closed and forgotten.
    const bar = page.getByTestId("bulk-progress");
    expect(Number(await bar.getAttribute("data-progress"))).toBeCloseTo(BULK_BATCH / PEOPLE);
    expect(await page.getByTestId("bulk-cancel").count()).toBe(0);
    expect(await page.getByTestId("bulk-job-close").count()).toBe(0);
    expect(await page.getByTestId("bulk-report").count()).toBe(0);
    expect(await roster.dataSource.getRepository(User).countBy({ state: UserState.TRASHED })).toBe(BULK_BATCH);

    await dropTrigger("stop_bulk");
    await page.getByTestId("bulk-failed-retry").click();
    await expectText(page.getByTestId("bulk-job-status"), /^done$/i);
    await expectText(
      page.getByTestId("bulk-counters"),
      new RegExp(`^${PEOPLE} of ${PEOPLE} processed · ${PEOPLE} done · 0 skipped · 0 failed$`),
    );
    expect(await bar.getAttribute("data-progress")).toBe("1");
    expect(await page.getByTestId("bulk-failed").count()).toBe(0);
    await expectText(page.getByTestId("bulk-report-outcome"), new RegExp(`All \\(${PEOPLE}\\)`));
    expect(await roster.dataSource.getRepository(User).countBy({ state: UserState.TRASHED })).toBe(PEOPLE);
  }));

test("an import that fails shows why and what it kept; Retry imports the rest of the file", () =>
  withFailureScreenshot(page, "import-failed", async () => {
    await refuseUpdate("stop_import", "import_jobs", `NEW.processedRows > ${IMPORT_BATCH.sqlite}`);
    const csv = ["email,name", ...Array.from({ length: ROWS }, (_, n) => `row${n}@resumed.test,Imported ${n}`)].join("\n");
    await page.goto(`${roster.url}/import`);
    const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.getByTestId("import-file").click()]);
    await chooser.setFiles({ name: "resumed.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByTestId("import-upload").click();
    await page.getByTestId("import-dry-run").click();
    await expectText(page.getByTestId("import-report").getByTestId("import-count-create"), new RegExp(`^${ROWS}$`));
    await page.getByTestId("import-run").click();

    const failed = page.getByTestId("import-failed");
    await failed.waitFor();
    await expectText(page.getByTestId("import-status"), /^failed$/i);
    await expectText(page.getByTestId("import-failed-error"), /injected failure/);
    await expectText(page.getByTestId("import-count-created"), new RegExp(`^${IMPORT_BATCH.sqlite}$`));
    expect(await page.getByTestId("import-done").count()).toBe(0);

    await dropTrigger("stop_import");
    await page.getByTestId("import-failed-retry").click();
    await page.getByTestId("import-done").waitFor();
    await expectText(page.getByTestId("import-status"), /^done$/i);
    await expectText(page.getByTestId("import-count-created"), new RegExp(`^${ROWS}$`));
    await expectText(page.getByTestId("import-count-rejected"), /^0$/);
    expect(await page.getByTestId("import-failed").count()).toBe(0);
  }));
