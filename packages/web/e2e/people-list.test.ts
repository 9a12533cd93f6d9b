/**
 * The Users list as an agent works it all day, in real Chromium against the real server: it
 * fits the screen, keeps its page when the agent comes back, narrows to a role, acts on a row
 * without leaving the list, and answers the keyboard.
 */
import type { Browser, Locator, Page } from "playwright-core";
import { createPerson } from "../../server/test/support/fixtures";
import type { GraphQLClient } from "../../server/test/support/graphql-client";
import type { TestRoster } from "../../server/test/support/roster";
import { UserState } from "../../server/src/modules/users/user.enums";
import { closeAll, expectText, openSignedInPage, startWebRoster, withFailureScreenshot } from "./browser";

const DAY = 86_400_000;

let roster: TestRoster;
let api: GraphQLClient;
let browser: Browser;
let page: Page;
let moderatorRoleId: string;

beforeAll(async () => {
  roster = await startWebRoster();
  // Enough people for three pages of 25, named so the default sort (display name) is predictable.
  for (let n = 1; n <= 60; n += 1) {
    await createPerson(roster.dataSource, {
      displayName: `Lister ${String(n).padStart(2, "0")} Longname-Hyphenated-Surname`,
      email: `lister.${n}.with.a.long.address@customers.example.test`,
      username: `lister${n}`,
    });
  }
  api = await roster.signIn();
  const created = await api.data<{ createRole: { id: string } }>(
    `mutation { createRole(input: { name: "Moderator", kind: CUSTOMER, permissions: ["community.moderate"] }) { id } }`,
  );
  moderatorRoleId = created.createRole.id;
  for (const name of ["Mod Ada", "Mod Ben", "Mod Cy"]) {
    const person = await createPerson(roster.dataSource, { displayName: name });
    await api.data(`mutation($userId: ID!, $roleIds: [ID!]!) { assignRoles(userId: $userId, roleIds: $roleIds) { id } }`, {
      userId: String(person.id),
      roleIds: [moderatorRoleId],
    });
  }
  ({ browser, page } = await openSignedInPage(roster.url));
});

afterAll(() => closeAll(browser, roster));

const table = () => page.getByTestId("users-table");
const row = (name: RegExp) => table().getByRole("row", { name });

/** Waits until a field's value matches: the role choices load after the page. */
async function expectValue(locator: Locator, pattern: RegExp): Promise<void> {
  const deadline = Date.now() + 10_000;
  let value = "";
  while (Date.now() < deadline) {
    value = await locator.inputValue();
    if (pattern.test(value)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`expected ${pattern} in the field, found: ${value}`);
}

/** The ids of the people shown, in order, read off the rows' profile links. */
async function shownIds(): Promise<string[]> {
  const hrefs = await table()
    .locator("tbody tr td:nth-child(2) a[href^='/users/']")
    .evaluateAll((links) => links.map((link) => link.getAttribute("href")!.replace("/users/", "")));
  return hrefs;
}

for (const viewport of [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
]) {
  test(`at ${viewport.width}×${viewport.height} every column shows without scrolling sideways, one line per row`, () =>
    withFailureScreenshot(page, `fit-${viewport.width}`, async () => {
      await page.setViewportSize(viewport);
      await page.goto(`${roster.url}/users`);
      await expectText(table(), /Lister 01/);
      const layout = await table().evaluate((element) => {
        const scroller = element.querySelector<HTMLElement>(".mantine-ScrollArea-viewport") ?? element;
        const headers = [...element.querySelectorAll("thead th")].map((th) => {
          const box = th.getBoundingClientRect();
          return { text: (th.textContent ?? "").trim(), right: box.right, left: box.left };
        });
        const rows = [...element.querySelectorAll("tbody tr")].map((tr) => tr.getBoundingClientRect().height);
        // A badge cut short ("NOT ACTIVA…") is wider inside than it shows.
        const cutBadges = [...element.querySelectorAll<HTMLElement>("[data-testid='state-badge'] .mantine-Badge-label")]
          .filter((label) => label.scrollWidth > label.clientWidth)
          .map((label) => label.textContent);
        return {
          overflow: scroller.scrollWidth - scroller.clientWidth,
          headers,
          tallest: Math.max(...rows),
          cutBadges,
          viewport: window.innerWidth,
        };
      });
      expect(layout.overflow).toBeLessThanOrEqual(0);
      for (const title of ["Display Name", "Username", "Email", "Last Login", "State", "Organization"]) {
        const header = layout.headers.find((candidate) => candidate.text.includes(title));
        expect(header).toBeDefined();
        expect(header!.right).toBeLessThanOrEqual(layout.viewport);
      }
      expect(layout.tallest).toBeLessThanOrEqual(40);
      expect(layout.cutBadges).toEqual([]);
    }));
}

test("Back from a person on page 2 returns to page 2, on the same row", () =>
  withFailureScreenshot(page, "back-to-page-2", async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`${roster.url}/users?q=lister`);
    await expectText(page.getByTestId("total-count"), /^1–25 of 60$/);
    await page.getByRole("button", { name: "Next" }).click();
    await expectText(page.getByTestId("total-count"), /^26–50 of 60$/);
    expect(new URL(page.url()).searchParams.get("page")).toBe("2");

    await row(/Lister 30 /).click();
    await page.waitForURL(/\/users\/\d+$/);
    await expectText(page.locator("main h1"), /Lister 30/);
    await page.goBack();
    await expectText(page.getByTestId("total-count"), /^26–50 of 60$/);
    await expectText(table(), /Lister 26/);
    // The row the agent left has the focus again.
    await expectText(page.locator("tbody tr:focus"), /Lister 30/);

    // Previous still knows the way to page 1; a reload keeps page 2.
    await page.reload();
    await expectText(page.getByTestId("total-count"), /^26–50 of 60$/);
    await page.getByRole("button", { name: "Previous" }).click();
    await expectText(page.getByTestId("total-count"), /^1–25 of 60$/);
  }));

test("paging asks for the page alone; the count is asked again only when the filters change", () =>
  withFailureScreenshot(page, "count-once", async () => {
    const operations: string[] = [];
    const record = (request: { url(): string; postDataJSON(): unknown }) => {
      if (!request.url().endsWith("/graphql")) return;
      const body = request.postDataJSON() as { operationName?: string } | null;
      if (body?.operationName) operations.push(body.operationName);
    };
    page.on("request", record);
    try {
      await page.goto(`${roster.url}/users?q=lister`);
      await expectText(page.getByTestId("total-count"), /^1–25 of 60$/);
      const counts = () => operations.filter((name) => name === "UsersCount").length;
      const pages = () => operations.filter((name) => name === "Users").length;
      const before = { counts: counts(), pages: pages() };
      await page.getByRole("button", { name: "Next" }).click();
      await expectText(page.getByTestId("total-count"), /^26–50 of 60$/);
      await page.getByRole("button", { name: "Next" }).click();
      await expectText(page.getByTestId("total-count"), /^51–60 of 60$/);
      expect(pages()).toBe(before.pages + 2);
      expect(counts()).toBe(before.counts);

      // Another search is another set of people: counted again.
      await page.goto(`${roster.url}/users?q=lister%200`);
      await expectText(page.getByTestId("total-count"), /^1–9 of 9$/);
      expect(counts()).toBeGreaterThan(before.counts);
    } finally {
      page.off("request", record);
    }
  }));

test("the role selector narrows the list to exactly the role's members, and survives a reload", () =>
  withFailureScreenshot(page, "role-selector", async () => {
    await page.goto(`${roster.url}/users`);
    const selector = page.getByTestId("role-filter");
    // "Everyone" by default, with its member count.
    await expectValue(selector, /^Everyone \(\d+\)$/);
    await selector.click();
    await page.getByRole("option", { name: /^Moderator \(3\)$/ }).click();
    await expectText(page.getByTestId("total-count"), /^1–3 of 3$/);
    expect(new URL(page.url()).searchParams.get("role")).toBe(moderatorRoleId);

    const expected = await api.data<{ users: { nodes: { id: string }[] } }>(
      `query($roleId: ID) { users(first: 100, roleId: $roleId) { nodes { id } } }`,
      { roleId: moderatorRoleId },
    );
    expect(await shownIds()).toEqual(expected.users.nodes.map((node) => node.id));

    await page.reload();
    await expectText(page.getByTestId("total-count"), /^1–3 of 3$/);
    await expectValue(page.getByTestId("role-filter"), /^Moderator \(3\)$/);
    expect(await shownIds()).toEqual(expected.users.nodes.map((node) => node.id));

    // The Roles page links each role to its members.
    await page.goto(`${roster.url}/roles`);
    await page.getByTestId("matrix-customer").getByTestId("role-members-Moderator").click();
    await expectText(page.getByTestId("total-count"), /^1–3 of 3$/);
  }));

test("activate and ban from a row: the state changes in place, the list stays", () =>
  withFailureScreenshot(page, "row-actions", async () => {
    await createPerson(roster.dataSource, { displayName: "Nora Notyet", state: UserState.NOT_ACTIVATED });
    await createPerson(roster.dataSource, { displayName: "Bruno Banme" });
    await page.goto(`${roster.url}/users?q=nora`);
    await expectText(row(/Nora Notyet/).getByTestId("state-badge"), /^not activated$/i);
    await row(/Nora Notyet/)
      .getByTestId("row-actions")
      .click();
    // Only what the state allows: a not-activated person can be activated, not unbanned.
    await page.getByTestId("action-activate").waitFor();
    expect(await page.getByTestId("action-unban").count()).toBe(0);
    await page.getByTestId("action-activate").click();
    await expectText(page.getByTestId("action-result"), /Nora Notyet is active/);
    await expectText(row(/Nora Notyet/).getByTestId("state-badge"), /^active$/i);
    expect(new URL(page.url()).pathname).toBe("/users");

    // The ban, by keyboard from the focused row: `.` opens the row's menu.
    await page.goto(`${roster.url}/users?q=bruno`);
    await expectText(table(), /Bruno Banme/);
    await page.locator("body").press("j");
    await expectText(page.locator("tbody tr:focus"), /Bruno Banme/);
    await page.keyboard.press(".");
    await page.getByTestId("action-ban").waitFor();
    await page.getByTestId("action-ban").press("Enter");
    await page.getByTestId("ban-days").fill("7");
    await page.getByTestId("confirm-action").press("Enter");
    const until = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" }).format(new Date(Date.now() + 7 * DAY));
    await expectText(row(/Bruno Banme/).getByTestId("state-badge"), new RegExp(`Banned until ${until}`, "i"));
    expect(new URL(page.url()).pathname).toBe("/users");
  }));

test("keyboard only: move to a row, open it, go back to the same row, tick it", () =>
  withFailureScreenshot(page, "keyboard", async () => {
    await page.goto(`${roster.url}/users?q=lister`);
    await expectText(table(), /Lister 01/);
    await page.locator("body").press("j");
    await page.keyboard.press("j");
    await page.keyboard.press("j");
    await page.keyboard.press("k");
    await expectText(page.locator("tbody tr:focus"), /Lister 02/);
    await page.keyboard.press("Enter");
    await expectText(page.locator("main h1"), /Lister 02/);
    // The next person in the list, then back to the list on that person's row.
    await page.keyboard.press("]");
    await expectText(page.locator("main h1"), /Lister 03/);
    await page.keyboard.press("Escape");
    await expectText(page.locator("tbody tr:focus"), /Lister 03/);
    await page.keyboard.press("x");
    expect(
      await row(/Lister 03/)
        .getByRole("checkbox")
        .isChecked(),
    ).toBe(true);
  }));

test("keyboard only: Ctrl+K finds a person, `.` and Enter ban them for 7 days, Esc returns to their row", () =>
  withFailureScreenshot(page, "keyboard-ban", async () => {
    await page.goto(`${roster.url}/users?q=lister`);
    await expectText(table(), /Lister 07/);
    await page.keyboard.press("Control+K");
    // The palette's field takes the focus as it opens; typed before that, keys would go elsewhere.
    await page.waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "palette-search");
    await page.keyboard.type("Lister 07");
    await page.getByTestId("palette-person").filter({ hasText: "Lister 07" }).waitFor();
    await page.keyboard.press("Enter");
    await expectText(page.locator("main h1"), /Lister 07/);

    // `.` opens the Actions menu; the arrows walk it to Ban.
    await page.keyboard.press(".");
    await page.getByTestId("action-ban").waitFor();
    for (
      let step = 0;
      step < 8 && (await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))) !== "action-ban";
      step += 1
    ) {
      await page.keyboard.press("ArrowDown");
    }
    await page.keyboard.press("Enter");
    // The dialog puts the focus in its Days field once it has opened.
    await page.waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "ban-days");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("7");
    await page.keyboard.press("Enter");
    const until = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" }).format(new Date(Date.now() + 7 * DAY));
    await expectText(page.getByTestId("profile-header").getByTestId("state-badge"), new RegExp(`Banned until ${until}`, "i"));

    await page.keyboard.press("Escape");
    await expectText(page.locator("tbody tr:focus"), /Lister 07/);
    expect(new URL(page.url()).searchParams.get("q")).toBe("lister");
    await expectText(row(/Lister 07 /).getByTestId("state-badge"), new RegExp(`Banned until ${until}`, "i"));
  }));

test("a view saved with chosen columns and a sort opens the same after a reload", () =>
  withFailureScreenshot(page, "saved-view-columns", async () => {
    await page.goto(`${roster.url}/users?q=lister&sort=EMAIL&dir=desc`);
    await expectText(table(), /Lister/);
    // Phone and Created in, Username and Last Login out.
    await page.getByTestId("column-chooser").click();
    for (const column of ["phone", "createdAt", "username", "lastLoginAt"]) await page.getByTestId(`column-${column}`).click();
    await page.keyboard.press("Escape");
    /** Waits until the table's headers are these: the table follows the URL a render later. */
    const expectHeaders = async (expected: string[]) => {
      const deadline = Date.now() + 10_000;
      let shown: string[] = [];
      while (Date.now() < deadline) {
        shown = (await table().locator("thead th").allInnerTexts()).map((text) => text.trim()).filter(Boolean);
        if (JSON.stringify(shown) === JSON.stringify(expected)) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(shown).toEqual(expected);
    };
    // The last, "Actions", is the row menus' column, named for screen readers only.
    const expected = ["Display Name", "Email", "Phone", "State", "Organization", "Created", "Actions"];
    await expectHeaders(expected);

    await page.getByTestId("save-view").click();
    await page.getByTestId("save-view-name").fill("Listers by email");
    await page.getByTestId("save-view-confirm").click();
    const link = page.getByTestId("views-navigation").getByRole("link", { name: /Listers by email/ });
    await expectText(link, /Listers by email\s*60/);

    // From elsewhere, through the navigation, and after a reload: the same columns, sort and people.
    await page.goto(`${roster.url}/organizations`);
    await link.click();
    await expectText(page.getByTestId("total-count"), /^1–25 of 60$/);
    await expectHeaders(expected);
    await page.reload();
    await expectText(page.getByTestId("total-count"), /^1–25 of 60$/);
    await expectHeaders(expected);
    const url = new URL(page.url());
    expect(url.searchParams.get("sort")).toBe("EMAIL");
    expect(url.searchParams.get("dir")).toBe("desc");
    // Descending by email: lister.9… before lister.8….
    await expectText(table().locator("tbody tr").first(), /Lister 09/);
  }));
