/**
 * An agent changes a person's account from the profile, in real Chromium against the real
 * server: a 7-day ban shows as the badge, in the history and in the list; trash and restore
 * move the person between the People and Trash views.
 */
import type { Browser, Page } from "playwright-core";
import { createPerson } from "../../server/test/support/fixtures";
import type { TestRoster } from "../../server/test/support/roster";
import { closeAll, expectText, openSignedInPage, startWebRoster, withFailureScreenshot } from "./browser";

const DAY = 86_400_000;

let roster: TestRoster;
let browser: Browser;
let page: Page;
let paulId: number;

beforeAll(async () => {
  // Real time: the browser's session cookie and the ban's end date are read against it.
  roster = await startWebRoster();
  const paul = await createPerson(roster.dataSource, { displayName: "Paul Pruitt", email: "paul@example.test" });
  paulId = paul.id;
  ({ browser, page } = await openSignedInPage(roster.url));
});

afterAll(() => closeAll(browser, roster));

async function chooseAction(testId: string): Promise<void> {
  await page.getByTestId("actions-menu").click();
  await page.getByTestId(testId).click();
}

test("ban a person for 7 days from the profile: badge, history and list follow", () =>
  withFailureScreenshot(page, "ban", async () => {
    await page.goto(`${roster.url}/users/${paulId}`);
    const header = page.getByTestId("profile-header");
    await expectText(header.getByTestId("state-badge"), /^active$/i);

    // Only what the state allows is offered: an active person cannot be activated or unbanned.
    await page.getByTestId("actions-menu").click();
    await page.getByTestId("action-ban").waitFor();
    expect(await page.getByTestId("action-activate").count()).toBe(0);
    expect(await page.getByTestId("action-unban").count()).toBe(0);
    await page.keyboard.press("Escape");

    await chooseAction("action-ban");
    await page.getByTestId("ban-days").fill("7");
    await page.getByTestId("ban-reason").fill("Abusive messages in chat");
    await page.getByTestId("confirm-action").click();

    const until = new Date(Date.now() + 7 * DAY);
    const untilText = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" }).format(until);
    await expectText(page.getByTestId("action-result"), new RegExp(`banned until ${untilText}`));
    await expectText(header.getByTestId("state-badge"), new RegExp(`Banned until ${untilText}`, "i"));
    const history = page.getByTestId("state-history");
    await expectText(history, /Active → Banned/);
    await expectText(history, /Abusive messages in chat/);

    await page.goto(`${roster.url}/users?q=pruitt`);
    const row = page.getByTestId("users-table").getByRole("row", { name: /Paul Pruitt/ });
    await expectText(row, new RegExp(`Banned until ${untilText}`, "i"));

    // Unbanning brings the person back to the state before the ban.
    await page.goto(`${roster.url}/users/${paulId}`);
    await chooseAction("action-unban");
    await expectText(page.getByTestId("action-result"), /no longer banned/);
    await expectText(header.getByTestId("state-badge"), /^active$/i);
    await expectText(history, /Banned → Active/);
  }));

test("trash and restore move the person between the People and Trash views", () =>
  withFailureScreenshot(page, "trash", async () => {
    await page.goto(`${roster.url}/users/${paulId}`);
    await chooseAction("action-trash");
    await page.getByTestId("confirm-action").click();
    await expectText(page.getByTestId("profile-header").getByTestId("state-badge"), /^trashed$/i);
    await expectText(page.getByTestId("state-history"), /Active → Trashed/);

    await page.goto(`${roster.url}/users?q=pruitt`);
    await expectText(page.getByTestId("users-table"), /No people match/);
    await page.goto(`${roster.url}/users?view=trash&q=pruitt`);
    await expectText(page.getByTestId("users-table"), /Paul Pruitt/);

    await page.getByTestId("users-table").getByRole("link", { name: "Paul Pruitt" }).click();
    await chooseAction("action-restore");
    await expectText(page.getByTestId("action-result"), /back from the trash/);
    await expectText(page.getByTestId("profile-header").getByTestId("state-badge"), /^active$/i);

    await page.goto(`${roster.url}/users?q=pruitt`);
    await expectText(page.getByTestId("users-table"), /Paul Pruitt/);
  }));

test("deleting from the trash asks for the person's name and cannot be taken back", () =>
  withFailureScreenshot(page, "delete", async () => {
    const tess = await createPerson(roster.dataSource, { displayName: "Tess Temp" });
    await page.goto(`${roster.url}/users/${tess.id}`);
    // Not in the trash: deleting is not offered.
    await page.getByTestId("actions-menu").click();
    await page.getByTestId("action-trash").click();
    await page.getByTestId("confirm-action").click();
    await expectText(page.getByTestId("profile-header").getByTestId("state-badge"), /^trashed$/i);

    await chooseAction("action-delete");
    const confirm = page.getByTestId("confirm-action");
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByTestId("confirm-name").fill("Tess Tem");
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByTestId("confirm-name").fill("Tess Temp");
    await confirm.click();
    await expectText(page.getByTestId("action-result"), /Tess Temp was deleted permanently/);
    expect(page.url()).toMatch(/\/users\?view=trash$/);
    await page.goto(`${roster.url}/users/${tess.id}`);
    await page
      .getByText(/not found/i)
      .first()
      .waitFor();
  }));
