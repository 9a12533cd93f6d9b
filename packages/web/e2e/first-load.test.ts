/**
 * The SPA's first load, in real Chromium from a cold cache: the Users list comes with the initial
 * scripts, its own chunk and the frame's deferred parts, never another page's chunk, the segment
 * editor or the password dictionaries; and neither it nor an organization's page jumps while it
 * fills (cumulative layout shift under 0.1, the "good" threshold).
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { TestRoster } from "../../server/test/support/roster";
import { closeAll, launchChromium, signInAsAdmin, startWebRoster, webDir, withFailureScreenshot } from "./browser";

const GOOD_CLS = 0.1;
// An agent's laptop: the two-column layout the pages are designed for.
const VIEWPORT = { width: 1280, height: 800 };

/** How long the organization page's queries are held back (ms), so that its parts arrive one by one. */
const ARRIVALS: Record<string, number> = { OrganizationCommunications: 0, OrganizationMembers: 700, Organization: 1400 };

let roster: TestRoster;
let browser: Browser;
let session: Awaited<ReturnType<BrowserContext["storageState"]>>;

/** Counts layout shifts from the very first paint, as Chromium reports them (not after input). */
function observeLayoutShifts() {
  const target = window as unknown as { __shifts: { value: number; nodes: string[] }[] };
  target.__shifts = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as unknown as {
      value: number;
      hadRecentInput: boolean;
      sources: { node?: Node | null }[];
    }[]) {
      if (entry.hadRecentInput) continue;
      const nodes = entry.sources.map(({ node }) => {
        if (!(node instanceof Element)) return node?.nodeName ?? "?";
        const testId = node.closest("[data-testid]")?.getAttribute("data-testid");
        return `${node.tagName.toLowerCase()}${testId ? ` in [data-testid=${testId}]` : ""}`;
      });
      target.__shifts.push({ value: entry.value, nodes });
    }
  }).observe({ type: "layout-shift", buffered: true });
}

/** A new page in a fresh context (empty cache) that is signed in and watches layout shifts. */
async function coldPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ storageState: session, viewport: VIEWPORT });
  await context.addInitScript(observeLayoutShifts);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

/** The page's layout shift once it has settled, with what moved (for the failure message). */
async function settledShift(page: Page): Promise<{ cls: number; shifts: string }> {
  await page.waitForLoadState("networkidle");
  // Late renders after the last response (a chart, a count) still count.
  await page.waitForTimeout(500);
  const shifts = await page.evaluate(() => (window as unknown as { __shifts: { value: number; nodes: string[] }[] }).__shifts);
  return {
    cls: shifts.reduce((sum, shift) => sum + shift.value, 0),
    shifts: shifts.map((shift) => `${shift.value.toFixed(3)}: ${shift.nodes.join(", ")}`).join("; ") || "none",
  };
}

beforeAll(async () => {
  // Demo data: a full page of people, organizations with members and a timeline.
  roster = await startWebRoster({ demoData: true });
  browser = await launchChromium();
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAsAdmin(page, roster.url);
  session = await context.storageState();
  await context.close();
});

afterAll(() => closeAll(browser, roster));

// Chunks the Users list must not fetch: other pages, and what only they or a dialog need.
const NOT_FOR_THE_LIST =
  /^\/assets\/(SegmentQueryField|UserProfilePage|OrganizationsPage|OrganizationPage|TeamPage|RolesPage|ApiKeysPage|AuditLogPage|ImportPage|SegmentPage|BulkJobPage|ChangePasswordModal|PasswordStrength)-/;
// Beyond the first load, only the password dictionaries and CodeMirror are this large.
const LARGEST_DEFERRED_SCRIPT = 150 * 1024;

test("the Users list loads without other pages' code, the editor or the dictionaries, and does not jump", async () => {
  const html = await (await fetch(`${roster.url}/users`)).text();
  const initial = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="([^"]+\.js)"/g)].map(
    (match) => match[1],
  );
  const { context, page } = await coldPage();
  const scripts: string[] = [];
  page.on("request", (request) => {
    if (request.resourceType() === "script") scripts.push(new URL(request.url()).pathname);
  });
  try {
    await withFailureScreenshot(page, "first-load-users", async () => {
      await page.goto(`${roster.url}/users`);
      await page.getByTestId("users-table").locator("tbody tr").first().waitFor();
      const { cls, shifts } = await settledShift(page);
      expect(scripts.some((script) => /^\/assets\/UsersPage-/.test(script))).toBe(true);
      expect(scripts.filter((script) => NOT_FOR_THE_LIST.test(script))).toEqual([]);
      const large = scripts.filter(
        (script) => !initial.includes(script) && fs.statSync(path.join(webDir, script)).size > LARGEST_DEFERRED_SCRIPT,
      );
      expect(large).toEqual([]);
      if (cls >= GOOD_CLS) throw new Error(`Users page CLS ${cls.toFixed(3)} (shifts: ${shifts})`);
    });
  } finally {
    await context.close();
  }
});

test("an organization's page keeps its layout while its parts load", async () => {
  const api = await roster.signIn();
  const { organizations } = await api.data<{ organizations: { nodes: { id: string; memberCount: number }[] } }>(
    "{ organizations(first: 50) { nodes { id memberCount } } }",
  );
  const organization = [...organizations.nodes].sort((a, b) => b.memberCount - a.memberCount)[0];
  expect(organization?.memberCount).toBeGreaterThan(0);

  const { context, page } = await coldPage();
  // Bottom parts first, the header last: every part that changes size once its data is in
  // would push down what has already arrived below it.
  await page.route("**/graphql", async (route) => {
    const operation = (route.request().postDataJSON() as { operationName?: string } | null)?.operationName ?? "";
    await new Promise((resolve) => setTimeout(resolve, ARRIVALS[operation] ?? 0));
    await route.continue();
  });
  try {
    await withFailureScreenshot(page, "first-load-organization", async () => {
      await page.goto(`${roster.url}/organizations/${organization.id}`);
      await page.getByTestId("organization-name").waitFor();
      await page.getByTestId("members-table").locator("tbody tr").first().waitFor();
      const { cls, shifts } = await settledShift(page);
      if (cls >= GOOD_CLS) throw new Error(`Organization page CLS ${cls.toFixed(3)} (shifts: ${shifts})`);
    });
  } finally {
    await context.close();
  }
});
