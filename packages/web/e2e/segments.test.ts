/**
 * Segments in the SPA, in real Chromium against the real server: a query typed into the editor
 * with a misspelled field is marked as typed and fixed with the quick fix, the live count
 * matches the data, Apply filters the list, and the query saved as a shared segment reopens
 * from the sidebar with its count. On the segment's page, an edit made meanwhile by someone
 * else is refused in words.
 */
import type { Browser, Page } from "playwright-core";
import { createPerson } from "../../server/test/support/fixtures";
import type { TestRoster } from "../../server/test/support/roster";
import { UserState } from "../../server/src/modules/users/user.enums";
import { closeAll, expectText, openSignedInPage, startWebRoster, withFailureScreenshot } from "./browser";

const DAY = 86_400_000;

let roster: TestRoster;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  roster = await startWebRoster();
  const daysAgo = (days: number) => new Date(Date.now() - days * DAY);
  // Two banned people away for longer than 30 days are what the segment picks; the others each miss one half of it.
  await createPerson(roster.dataSource, { displayName: "Bart Gone", state: UserState.BANNED, lastLoginAt: daysAgo(60) });
  await createPerson(roster.dataSource, { displayName: "Bella Gone", state: UserState.BANNED, lastLoginAt: daysAgo(45) });
  await createPerson(roster.dataSource, { displayName: "Ben Recent", state: UserState.BANNED, lastLoginAt: daysAgo(2) });
  await createPerson(roster.dataSource, { displayName: "Alma Away", state: UserState.ACTIVE, lastLoginAt: daysAgo(90) });
  ({ browser, page } = await openSignedInPage(roster.url));
});

afterAll(() => closeAll(browser, roster));

const editorContent = () => page.getByTestId("segment-editor").locator(".cm-content");

/** The names in the people table, in order. */
async function tableNames(): Promise<string[]> {
  const links = page.getByTestId("users-table").locator("tbody tr a[href^='/users/']");
  return (await links.allInnerTexts()).map((name) => name.trim());
}

/** Waits until the table lists exactly `expected` or, with `only: false`, at least those. */
async function expectTableNames(expected: string[], { only = true } = {}): Promise<void> {
  const deadline = Date.now() + 10_000;
  let names: string[] = [];
  while (Date.now() < deadline) {
    names = await tableNames();
    const listed = expected.every((name) => names.includes(name));
    if (listed && (!only || names.length === expected.length)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`expected the table to list ${only ? "exactly " : ""}${JSON.stringify(expected)}: ${JSON.stringify(names)}`);
}

const EVERYONE = ["Alma Away", "Bart Gone", "Bella Gone", "Ben Recent"];
const QUERY = "state = banned and lastLoginAt < now-30d";

test("type a query, take the quick fix, count, apply, save and reopen it from the sidebar", () =>
  withFailureScreenshot(page, "segments", async () => {
    await page.goto(`${roster.url}/users`);
    await expectTableNames(EVERYONE, { only: false });
    expect(await page.getByTestId("segment-editor").count()).toBe(0);
    await page.getByTestId("segment-toggle").click();

    await editorContent().click();
    await page.keyboard.type("state = banned and lastLogin < now-30d");
    // Completion may still be open from typing; it must not hide the problem.
    await page.keyboard.press("Escape");
    expect(await editorContent().innerText()).toBe("state = banned and lastLogin < now-30d");

    // The misspelled field is marked as typed, checked in the browser by the same package the server runs.
    const mark = page.getByTestId("segment-editor").locator(".cm-lintRange-error");
    await expectText(mark, /^lastLogin$/);
    await expectText(page.getByTestId("segment-count"), /Fix the query/);
    expect(await page.getByTestId("segment-apply").isDisabled()).toBe(true);

    await mark.hover();
    const tooltip = page.locator(".cm-tooltip-lint");
    await expectText(tooltip, /unknown field `lastLogin`; did you mean `lastLoginAt`\?/);
    await tooltip.getByRole("button", { name: /Use lastLoginAt/ }).click();
    expect((await editorContent().innerText()).trim()).toBe(QUERY);
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=segment-editor] .cm-lintRange-error").length === 0);

    await expectText(page.getByTestId("segment-count"), /^2 people match$/);

    await page.getByTestId("segment-apply").click();
    await page.waitForURL((url) => url.searchParams.get("segment") === QUERY);
    await expectTableNames(["Bart Gone", "Bella Gone"]);
    await expectText(page.getByTestId("segment-applied"), /state = banned and lastLoginAt < now-30d/);

    await page.getByTestId("segment-save").click();
    await page.getByTestId("segment-name").fill("Banned and away");
    await page.getByTestId("segment-shared").check();
    await page.getByTestId("segment-save-confirm").click();
    await expectText(page.getByTestId("segment-saved"), /Saved as “Banned and away”/);
    const shared = page.getByTestId("segment-sidebar-shared");
    const link = shared.getByRole("link", { name: /^Banned and away/ });
    await expectText(link, /Banned and away[\s\S]*state = banned and lastLoginAt < now-30d[\s\S]*\b2\b/);

    // Back to everyone, then reopen the saved segment from the sidebar.
    await page.getByTestId("segment-clear").click();
    await expectTableNames(EVERYONE, { only: false });
    await page.goto(`${roster.url}/users`);
    await page
      .getByTestId("segment-sidebar-shared")
      .getByRole("link", { name: /^Banned and away/ })
      .click();
    await page.waitForURL((url) => url.searchParams.has("segmentId") && !url.searchParams.has("segment"));
    await expectTableNames(["Bart Gone", "Bella Gone"]);
    await expectText(page.getByTestId("segment-applied"), /Segment Banned and away/);
    const active = page.getByTestId("segment-sidebar-shared").locator("a[data-active]");
    await expectText(active, /Banned and away[\s\S]*\b2\b/);
  }));

test("the segment's page: a change made meanwhile is refused in words, then made again; delete asks first", () =>
  withFailureScreenshot(page, "segment-page", async () => {
    const admin = await roster.signIn();
    const { createSegment } = await admin.data<{ createSegment: { id: string; version: number } }>(
      `mutation { createSegment(input: { name: "Recently banned", query: "state = banned and lastLoginAt > now-7d", shared: true }) { id version } }`,
    );
    await page.goto(`${roster.url}/users`);
    await page.getByTestId("segment-sidebar-shared").getByRole("link", { name: "Details of Recently banned" }).click();
    await page.waitForURL(`**/segments/${createSegment.id}`);
    await expectText(page.getByTestId("segment-details"), /Recently banned[\s\S]*Shared/i);
    await expectText(page.getByTestId("segment-page-count"), /^1 person matches now$/);

    // Someone else renames it while the page is open.
    await admin.data(
      `mutation($id: ID!, $version: Int!) { updateSegment(id: $id, input: { version: $version, name: "Banned this week" }) { id } }`,
      {
        id: createSegment.id,
        version: createSegment.version,
      },
    );
    await page.getByTestId("segment-edit-name").fill("Just banned");
    await page.getByTestId("segment-edit-save").click();
    await expectText(
      page.getByTestId("segment-conflict"),
      /Someone else changed this segment[\s\S]*was changed by someone else meanwhile/,
    );

    await page.getByTestId("segment-conflict").getByRole("button", { name: "Reload the segment" }).click();
    await expectText(page.getByTestId("segment-details"), /Banned this week/);
    expect(await page.getByTestId("segment-edit-name").inputValue()).toBe("Banned this week");
    await page.getByTestId("segment-edit-name").fill("Just banned");
    await page.getByTestId("segment-edit-save").click();
    await expectText(page.getByTestId("segment-edit-saved"), /Saved/);
    await expectText(page.getByTestId("segment-details"), /Just banned/);

    await page.getByTestId("segment-show-people").click();
    await expectTableNames(["Ben Recent"]);

    await page.goto(`${roster.url}/segments/${createSegment.id}`);
    await page.getByTestId("segment-delete").click();
    await page.getByTestId("segment-delete-confirm").click();
    await expectText(page.getByTestId("action-result"), /The segment “Just banned” was deleted/);
    await expectText(page.getByTestId("segment-sidebar-shared"), /Banned and away/);
    expect(await page.getByTestId("segment-sidebar").getByText("Just banned").count()).toBe(0);
  }));
