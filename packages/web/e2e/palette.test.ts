/**
 * The keyboard's global parts, in real Chromium against the real server: Ctrl+K finds a person
 * and an organization on the server and opens them, or goes to a page, from anywhere (a text
 * field included) and gives the focus back on Esc; `?` lists the shortcuts. And a ban's exact
 * end: the dialog announces it as the agent picks a duration, and the badge shows that same
 * moment afterwards.
 */
import type { Browser, Page } from "playwright-core";
import { createOrganization, createPerson } from "../../server/test/support/fixtures";
import type { TestRoster } from "../../server/test/support/roster";
import { closeAll, expectText, openSignedInPage, startWebRoster, withFailureScreenshot } from "./browser";

const MINUTE = 60_000;
const DAY = 86_400_000;

let roster: TestRoster;
let browser: Browser;
let page: Page;
let paulaId: number;
let brunoId: number;
let zenithId: number;

beforeAll(async () => {
  roster = await startWebRoster();
  paulaId = (await createPerson(roster.dataSource, { displayName: "Paula Quintero", email: "paula.q@example.test" })).id;
  brunoId = (await createPerson(roster.dataSource, { displayName: "Bruno Ferreira", email: "bruno.f@example.test" })).id;
  zenithId = (await createOrganization(roster.dataSource, { name: "Zenith Logistics", domains: ["zenith.test"] })).id;
  ({ browser, page } = await openSignedInPage(roster.url));
});

afterAll(() => closeAll(browser, roster));

const palette = () => page.getByTestId("palette-search");
const pathname = () => new URL(page.url()).pathname;

async function waitForFocus(testId: string): Promise<void> {
  await page.waitForFunction((id) => document.activeElement?.getAttribute("data-testid") === id, testId);
}

/** Opens the palette with Ctrl+K and types, as an agent does (no mouse). */
async function openPaletteAndType(text: string): Promise<void> {
  // The shortcuts load just after the page (AppLayout's lazy KeyboardCommands): a Ctrl+K pressed
  // before they have is not heard, so press again, as a person would, until the palette opens.
  for (let tries = 1; ; tries += 1) {
    await page.keyboard.press("Control+K");
    const opened = await page
      .waitForFunction(() => document.activeElement?.getAttribute("data-testid") === "palette-search", undefined, {
        timeout: 2_000,
      })
      .then(() => true)
      .catch(() => false);
    if (opened) break;
    if (tries === 5) throw new Error("Ctrl+K did not open the palette after 5 tries");
  }
  await page.keyboard.type(text);
  expect(await palette().inputValue()).toBe(text);
}

async function waitForPath(path: string): Promise<void> {
  await page.waitForURL((url) => url.pathname === path);
}

test("Ctrl+K finds a person and an organization and opens them, and goes to a page", () =>
  withFailureScreenshot(page, "palette", async () => {
    expect(pathname()).toBe("/users");

    // Part of a name, searched on the server; the person shows with email and state.
    await openPaletteAndType("quinter");
    const person = page.getByTestId("palette-person");
    await expectText(person, /Paula Quintero/);
    await expectText(person, /paula\.q@example\.test/);
    await expectText(person.getByTestId("state-badge"), /^active$/i);
    await page.keyboard.press("Enter");
    await waitForPath(`/users/${paulaId}`);
    await expectText(page.getByTestId("profile-header"), /Paula Quintero/);
    await palette().waitFor({ state: "detached" });

    // An organization by part of its name, shown with its domain.
    await openPaletteAndType("zenith");
    const organization = page.getByTestId("palette-organization");
    await expectText(organization, /Zenith Logistics[\s\S]*zenith\.test/);
    await page.keyboard.press("Enter");
    await waitForPath(`/organizations/${zenithId}`);
    await palette().waitFor({ state: "detached" });

    // A page of the navigation, by its name.
    await openPaletteAndType("Organizations");
    await expectText(page.getByTestId("palette-results"), /Organizations/);
    await page.keyboard.press("Enter");
    await waitForPath("/organizations");
    await palette().waitFor({ state: "detached" });

    // An action: it lands on the control that does it, so Enter finishes the job.
    await openPaletteAndType("new org");
    await expectText(page.getByTestId("palette-results"), /New organization/);
    await page.keyboard.press("Enter");
    await waitForFocus("new-organization");
    await page.keyboard.press("Enter");
    await page.getByRole("dialog", { name: /organization/i }).waitFor();
  }));

test("Ctrl+K opens from a text field, and Esc gives the focus back to it", () =>
  withFailureScreenshot(page, "palette-focus", async () => {
    await page.goto(`${roster.url}/users`);
    await page.getByTestId("users-table").waitFor();
    // "/" still focuses the page's search field.
    await page.keyboard.press("/");
    const searchField = await page.evaluate(() => document.activeElement?.tagName);
    expect(searchField).toBe("INPUT");
    const searchLabel = await page.evaluate(() => (document.activeElement as HTMLInputElement).placeholder);

    await page.keyboard.press("Control+K");
    await waitForFocus("palette-search");
    await page.keyboard.press("Escape");
    await palette().waitFor({ state: "detached" });
    await page.waitForFunction(
      (placeholder) => (document.activeElement as HTMLInputElement | null)?.placeholder === placeholder,
      searchLabel,
    );
  }));

test("? lists every shortcut, grouped; Esc closes it and the focus comes back", () =>
  withFailureScreenshot(page, "shortcuts", async () => {
    await page.goto(`${roster.url}/users/${paulaId}`);
    const actions = page.getByTestId("actions-menu");
    await actions.focus();

    await page.keyboard.press("?");
    const sheet = page.getByRole("dialog", { name: "Keyboard shortcuts" });
    await sheet.waitFor();
    for (const scope of ["Anywhere", "Lists", "Profile"]) await sheet.getByRole("heading", { name: scope }).waitFor();
    await sheet.getByRole("group", { name: "Ctrl+K" }).waitFor();
    await expectText(sheet, /Open the command palette/);
    await expectText(sheet, /Back to the list, on the same row/);

    await page.keyboard.press("Escape");
    await sheet.waitFor({ state: "detached" });
    await waitForFocus("actions-menu");

    // "?" typed in a field is a character, not a request for help.
    await openPaletteAndType("?");
    expect(await palette().inputValue()).toBe("?");
    expect(await page.getByRole("dialog", { name: "Keyboard shortcuts" }).count()).toBe(0);
    await page.keyboard.press("Escape");
    await palette().waitFor({ state: "detached" });
  }));

test("the ban dialog shows the exact end as 7 days are picked, and the badge then shows the same moment", () =>
  withFailureScreenshot(page, "ban-end", async () => {
    // The server's clock is the test's: set it to now, so the ban starts when the dialog computes it.
    roster.clock.set(new Date());
    await page.goto(`${roster.url}/users/${brunoId}`);
    await page.getByTestId("actions-menu").click();
    await page.getByTestId("action-ban").click();
    await page.getByRole("button", { name: "7 days" }).click();

    const chosenAt = Date.now();
    const ends = page.getByTestId("ban-ends");
    await expectText(ends, /^Ends /);
    const announced = (await ends.innerText()).trim().replace(/^Ends /, "");
    // The same moment to the minute: the dialog's format, computed by the browser for now + 7 days ± 1 minute.
    const candidates = await page.evaluate(
      ({ at, minute }) => {
        const format = new Intl.DateTimeFormat(undefined, {
          weekday: "short",
          day: "numeric",
          month: "short",
          year: "numeric",
          hour: "2-digit",
          minute: "2-digit",
          timeZoneName: "short",
        });
        return [at - minute, at, at + minute].map((time) => format.format(new Date(time)));
      },
      { at: chosenAt + 7 * DAY, minute: MINUTE },
    );
    expect(candidates).toContain(announced);
    expect(announced).toMatch(/\d{4}/);

    await page.getByTestId("confirm-action").click();
    const badge = page.getByTestId("profile-header").getByTestId("state-badge");
    await expectText(badge, /^Banned until /i);
    const endsAt = Date.parse((await badge.getAttribute("datetime")) ?? "");
    expect(Math.abs(endsAt - (chosenAt + 7 * DAY))).toBeLessThanOrEqual(MINUTE);
    expect(await badge.getAttribute("aria-label")).toBe(`Banned until ${announced}`);
    await badge.hover();
    await expectText(page.getByRole("tooltip"), new RegExp(`^Banned until ${escapeRegExp(announced)}$`));

    // The relative time of the same end reads whole days, never "next week" or one day short.
    const relative = await page.evaluate(() => new Intl.RelativeTimeFormat(undefined, { numeric: "always" }).format(7, "day"));
    await expectText(page.locator("main"), new RegExp(escapeRegExp(relative)));
  }));

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
