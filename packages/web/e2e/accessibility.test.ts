/**
 * Accessibility of the SPA, in real Chromium against the real server and the built app: axe-core
 * runs on every page (and on the open segment panel and ban dialog) once its data is in, and no
 * serious or critical violation may remain; the skip link and the focus moved to the page's
 * heading after a navigation are checked with the keyboard.
 */
import axe from "axe-core";
import type { Browser, Page } from "playwright-core";
import { createOrganization, createPerson } from "../../server/test/support/fixtures";
import type { TestRoster } from "../../server/test/support/roster";
import { closeAll, launchChromium, signInAsAdmin, startWebRoster, withFailureScreenshot } from "./browser";

declare global {
  interface Window {
    axe: typeof axe;
  }
}

const VIEWPORT = { width: 1280, height: 720 };
const BLOCKING_IMPACTS = new Set(["serious", "critical"]);

let roster: TestRoster;
let browser: Browser;
let page: Page;
let personId: string;
let organizationId: string;
let segmentId: string;
let webhookId: string;

beforeAll(async () => {
  roster = await startWebRoster();
  const { dataSource } = roster;
  const northwind = await createOrganization(dataSource, {
    name: "Northwind Traders",
    website: "https://northwind.test",
    domains: ["northwind.test"],
  });
  organizationId = String(northwind.id);
  const nina = await createPerson(dataSource, {
    displayName: "Nina Navarro",
    email: "nina@northwind.test",
    organizationId: northwind.id,
    lastLoginAt: new Date(),
  });
  personId = String(nina.id);
  for (let index = 0; index < 10; index += 1) await createPerson(dataSource);

  // Through the API, so the audit log, the API keys and the webhooks pages have rows to show too.
  const admin = await roster.signIn();
  const { createSegment } = await admin.data<{ createSegment: { id: string } }>(
    `mutation { createSegment(input: { name: "Active people", query: "state = active", shared: true }) { id } }`,
  );
  segmentId = createSegment.id;
  await admin.data(`mutation { createApiKey(input: { name: "Help center", permissions: ["people.view"] }) { secret } }`);
  // A kind of change this file never makes, so nothing is ever sent to the address.
  const { createWebhook } = await admin.data<{ createWebhook: { webhook: { id: string } } }>(
    `mutation { createWebhook(input: { url: "https://hooks.example.com/roster", events: [ORGANIZATION_DELETED] }) { webhook { id } } }`,
  );
  webhookId = createWebhook.webhook.id;

  browser = await launchChromium();
  page = await browser.newPage({ viewport: VIEWPORT });
  page.setDefaultTimeout(15_000);
});

afterAll(() => closeAll(browser, roster));

/** What axe-core finds on the page as it is now; the SPA's CSP refuses an injected script tag, not an evaluation. */
async function axeViolations(target: Page): Promise<axe.Result[]> {
  await target.evaluate(axe.source);
  return target.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }).then((results) => results.violations));
}

/** Where a violation was found, the element and what the check measured (a contrast names its colours and ratio). */
function describeNode({ target, html, any, all, none }: axe.NodeResult): string {
  const finding = [...any, ...all, ...none][0]?.message ?? "";
  return `${target.join(" ")}  ${html.slice(0, 120)}\n      ${finding}`;
}

/** Fails naming each serious or critical rule, its help and where it was found, so the message says what to fix. */
async function expectNoSeriousViolations(target: Page): Promise<void> {
  const blocking = (await axeViolations(target)).filter(({ impact }) => impact && BLOCKING_IMPACTS.has(impact));
  const report = blocking.map(({ id, impact, help, nodes }) =>
    [
      `${id} (${impact}): ${help}`,
      ...nodes.slice(0, 4).map(describeNode),
      ...(nodes.length > 4 ? [`… and ${nodes.length - 4} more`] : []),
    ].join("\n    "),
  );
  expect(report).toEqual([]);
}

/** The page is there once its h1 is and no loader is left spinning. */
async function waitForPage(target: Page): Promise<void> {
  await target.locator("main h1").first().waitFor();
  await target.waitForFunction(() => document.querySelectorAll(".mantine-Loader").length === 0);
}

describe("signed in", () => {
  beforeAll(() => signInAsAdmin(page, roster.url));

  // `ready`: what shows once the page's data is in.
  const pages: { name: string; path: () => string; ready: string }[] = [
    { name: "Users", path: () => "/users", ready: "users-table" },
    { name: "a profile", path: () => `/users/${personId}`, ready: "profile-header" },
    { name: "Organizations", path: () => "/organizations", ready: "organizations-table" },
    { name: "an organization", path: () => `/organizations/${organizationId}`, ready: "organization-name" },
    { name: "Roles", path: () => "/roles", ready: "create-role" },
    { name: "API keys", path: () => "/api-keys", ready: "api-key-row" },
    { name: "Audit log", path: () => "/audit", ready: "audit-table" },
    { name: "Webhooks", path: () => "/webhooks", ready: "webhook-row" },
    { name: "a webhook", path: () => `/webhooks/${webhookId}`, ready: "webhook-deliveries" },
    { name: "a segment", path: () => `/segments/${segmentId}`, ready: "segment-page-count" },
    { name: "Team", path: () => "/team", ready: "team-table" },
    { name: "Import", path: () => "/import", ready: "import-file" },
  ];

  test.each(pages)("$name has no serious or critical axe-core violation", ({ name, path, ready }) =>
    withFailureScreenshot(page, `a11y-${name.replace(/\W+/g, "-")}`, async () => {
      await page.goto(`${roster.url}${path()}`);
      await page.getByTestId(ready).first().waitFor();
      await waitForPage(page);
      await expectNoSeriousViolations(page);
    }),
  );

  test("Users with the segment panel open has no serious or critical axe-core violation", () =>
    withFailureScreenshot(page, "a11y-segment-panel", async () => {
      await page.goto(`${roster.url}/users`);
      await page.getByTestId("users-table").waitFor();
      await page.getByTestId("segment-toggle").click();
      await page.getByTestId("segment-editor").waitFor();
      await waitForPage(page);
      await expectNoSeriousViolations(page);
    }));

  test("a profile with the ban dialog open has no serious or critical axe-core violation", () =>
    withFailureScreenshot(page, "a11y-ban-dialog", async () => {
      await page.goto(`${roster.url}/users/${personId}`);
      await page.getByTestId("profile-header").waitFor();
      await page.getByTestId("actions-menu").click();
      await page.getByTestId("action-ban").click();
      await page.getByTestId("ban-days").waitFor();
      // The actions menu leaves with a transition during which its emptied dropdown is still in
      // the page: axe would judge that passing frame, not the dialog a person sees.
      await page.getByRole("menu").waitFor({ state: "detached" });
      await expectNoSeriousViolations(page);
    }));

  test("Tab from the top reaches the skip link first, which moves focus into main", () =>
    withFailureScreenshot(page, "a11y-skip-link", async () => {
      await page.goto(`${roster.url}/users`);
      await waitForPage(page);
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
      await page.keyboard.press("Enter");
      expect(await page.evaluate(() => document.activeElement?.closest("main") !== null)).toBe(true);
    }));

  test("navigating from Users to Organizations puts focus on the Organizations heading", () =>
    withFailureScreenshot(page, "a11y-focus-heading", async () => {
      await page.goto(`${roster.url}/users`);
      await waitForPage(page);
      await page.getByRole("navigation").getByRole("link", { name: "Organizations" }).click();
      await page.getByTestId("organizations-table").waitFor();
      await page.waitForFunction(() => document.activeElement?.tagName === "H1");
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Organizations");
    }));
});

test("sign-in has no serious or critical axe-core violation", async () => {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const signedOut = await context.newPage();
  try {
    await withFailureScreenshot(signedOut, "a11y-sign-in", async () => {
      await signedOut.goto(`${roster.url}/sign-in`);
      await signedOut.getByTestId("login-email").waitFor();
      await expectNoSeriousViolations(signedOut);
    });
  } finally {
    await context.close();
  }
});
