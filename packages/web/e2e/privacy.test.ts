/**
 * The audit log and data-protection requests in the SPA, in real Chromium against the real
 * server: a ban made through the API shows in the log and survives the action filter; a
 * customer's personal data is exported as a JSON download, then erased after typing their
 * name, and the profile shows them anonymized.
 */
import fs from "node:fs";
import type { Browser, Page } from "playwright-core";
import { CommunicationKind } from "../../server/src/modules/communications/communication.enums";
import { createCommunication, createPerson } from "../../server/test/support/fixtures";
import type { TestRoster } from "../../server/test/support/roster";
import { closeAll, expectText, openSignedInPage, startWebRoster, withFailureScreenshot } from "./browser";

/** A day as a date input gives it (YYYY-MM-DD), `days` from today, in local time like the browser. */
function localDate(days: number): string {
  const day = new Date();
  day.setDate(day.getDate() + days);
  return [day.getFullYear(), day.getMonth() + 1, day.getDate()].map((part) => String(part).padStart(2, "0")).join("-");
}

let roster: TestRoster;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  roster = await startWebRoster();
  ({ browser, page } = await openSignedInPage(roster.url));
});

afterAll(() => closeAll(browser, roster));

test("a ban shows in the audit log with its details; the filters narrow the log and stay in the address", () =>
  withFailureScreenshot(page, "audit", async () => {
    const bruno = await createPerson(roster.dataSource, { displayName: "Bruno Banned" });
    const tina = await createPerson(roster.dataSource, { displayName: "Tina Trashed" });
    const api = await roster.signIn();
    await api.data(`mutation ($id: ID!) { banUser(id: $id, days: 3, reason: "Spam in the community") { id } }`, {
      id: String(bruno.id),
    });
    await api.data(`mutation ($id: ID!) { trashUser(id: $id) { id } }`, { id: String(tina.id) });

    await page.goto(`${roster.url}/audit`);
    const table = page.getByTestId("audit-table");
    const banRow = page.getByTestId("audit-row").filter({ hasText: "Person banned" });
    await expectText(banRow, /Spam in the community/);
    await expectText(banRow, /Active → Banned/);
    // The actor's type is a badge, which shows in capitals.
    await expectText(banRow, /Administrator\s+agent/i);
    expect(await banRow.getByRole("link", { name: "Bruno Banned" }).getAttribute("href")).toBe(`/users/${bruno.id}`);
    await expectText(table, /Person moved to trash/);

    // The ban's details (its length) open under the row.
    await banRow.getByRole("button", { name: "Show details" }).click();
    await expectText(page.getByTestId("audit-details"), /"days": 3/);

    await page.getByTestId("audit-filter-action").click();
    await page.getByRole("option", { name: "Person banned" }).click();
    await page.keyboard.press("Escape");
    await expectText(page.getByTestId("total-count"), /^1–1 of 1$/);
    await expectText(table, /Person banned/);
    expect(await table.getByText("Person moved to trash").count()).toBe(0);
    expect(new URL(page.url()).searchParams.get("actions")).toBe("USER_BANNED");

    // The filter lives in the address: a reload shows the same view.
    await page.reload();
    await expectText(page.getByTestId("total-count"), /^1–1 of 1$/);
    await expectText(page.getByTestId("audit-row"), /Spam in the community/);

    // The other filters: one person's events, typed key by key; a range of days in the browser's time zone.
    await page.getByTestId("audit-clear-filters").click();
    await expectText(page.getByTestId("total-count"), /^1–2 of 2$/);
    await page.getByTestId("audit-filter-person").pressSequentially(`${tina.id}x`);
    await expectText(page.getByTestId("audit-filters"), /A number, as in \/users\/42/);
    await page.keyboard.press("Backspace");
    await expectText(page.getByTestId("total-count"), /^1–1 of 1$/);
    await expectText(page.getByTestId("audit-row"), /Person moved to trash/);
    expect(new URL(page.url()).searchParams.get("person")).toBe(String(tina.id));
    await page.getByTestId("audit-filter-since").fill(localDate(0));
    await page.waitForURL((url) => url.searchParams.get("since") === localDate(0));
    await expectText(page.getByTestId("total-count"), /^1–1 of 1$/);
    await page.getByTestId("audit-filter-since").fill(localDate(1));
    await page.waitForURL((url) => url.searchParams.get("since") === localDate(1));
    await expectText(table, /No events match these filters/);
    await page.getByTestId("audit-filter-until").fill(localDate(0));
    await expectText(page.getByTestId("audit-filters"), /Pick a day on or after the start/);
  }));

test("export a customer's personal data as JSON, then erase it after typing their name", () =>
  withFailureScreenshot(page, "privacy", async () => {
    const erin = await createPerson(roster.dataSource, { displayName: "Erin Erasable", email: "erin@example.test" });
    await createCommunication(roster.dataSource, erin, { kind: CommunicationKind.TICKET, subject: "Refund for order 1234" });
    await createCommunication(roster.dataSource, erin, { kind: CommunicationKind.SURVEY, rating: 4 });

    await page.goto(`${roster.url}/users/${erin.id}`);
    await expectText(page.getByTestId("profile-header"), /Erin Erasable[\s\S]*erin@example\.test/);
    await expectText(page.getByTestId("communication-timeline"), /Refund for order 1234/);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-personal-data").click()]);
    expect(download.suggestedFilename()).toBe(`person-${erin.id}.json`);
    const exported = JSON.parse(fs.readFileSync(await download.path(), "utf8")) as {
      person: { email: string };
      communications: { subject: string | null }[];
    };
    expect(exported.person.email).toBe("erin@example.test");
    expect(exported.communications.map((communication) => communication.subject)).toContain("Refund for order 1234");

    await page.getByTestId("erase-personal-data").click();
    await expectText(page.getByRole("dialog"), /cannot be undone/i);
    const confirm = page.getByTestId("erase-confirm");
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByTestId("erase-confirm-name").fill("Erin Erasabl");
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByTestId("erase-confirm-name").fill("Erin Erasable");
    await confirm.click();

    const erased = `Erased person ${erin.id}`;
    await expectText(page.getByTestId("erase-result"), new RegExp(`Erin Erasable’s personal data is erased.*“${erased}”`));
    await expectText(page.getByTestId("erase-result"), /Their 2 communications stay in the counts/);
    await expectText(page.getByTestId("profile-header"), new RegExp(`${erased}[\\s\\S]*No email address`));
    await expectText(page.getByTestId("communication-timeline"), /Ticket without subject/);
    expect(await page.getByText("Refund for order 1234").count()).toBe(0);

    // Read again from the server, the profile stays anonymized, and the log records the erasure.
    await page.reload();
    await expectText(page.getByTestId("profile-header"), new RegExp(erased));
    await page.goto(`${roster.url}/audit?actions=USER_ERASED`);
    // The log names the person as they are now: anonymized.
    await expectText(page.getByTestId("audit-row"), new RegExp(`Personal data erased[\\s\\S]*${erased}`));
  }));
