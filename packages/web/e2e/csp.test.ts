/**
 * The SPA under Roster's Content-Security-Policy, in real Chromium: sign-in, the lists, a
 * profile with its Edit form, the segment editor (CodeMirror) and the Team page load without a
 * single violation. A script or style the policy refuses would break a page in production only.
 */
import type { Browser, Page } from "playwright-core";
import { createPerson } from "../../server/test/support/fixtures";
import type { TestRoster } from "../../server/test/support/roster";
import { closeAll, launchChromium, signInAsAdmin, startWebRoster, withFailureScreenshot } from "./browser";

let roster: TestRoster;
let browser: Browser;
let page: Page;
const violations: string[] = [];

beforeAll(async () => {
  roster = await startWebRoster();
  browser = await launchChromium();
  page = await browser.newPage();
  page.setDefaultTimeout(15_000);
  // Chromium reports each refusal as a securitypolicyviolation event and on the console.
  await page.exposeFunction("reportViolation", (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      (window as unknown as { reportViolation(text: string): void }).reportViolation(
        `${event.violatedDirective} refused ${event.blockedURI || "inline"}`,
      );
    });
  });
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
});

afterAll(() => closeAll(browser, roster));

test("the pages an agent uses all day load with no policy violation", async () => {
  const person = await createPerson(roster.dataSource, { displayName: "Cora Policy" });
  await withFailureScreenshot(page, "csp", async () => {
    const response = await page.goto(`${roster.url}/users`);
    expect(response?.headers()["content-security-policy"]).toMatch(/script-src 'self'/);
    await signInAsAdmin(page, roster.url);
    await page.goto(`${roster.url}/users/${person.id}`);
    await page.getByTestId("edit-person").click();
    await page.getByTestId("edit-person-displayName").waitFor();
    await page.keyboard.press("Escape");
    await page.goto(`${roster.url}/users`);
    await page.getByTestId("users-table").waitFor();
    await page.getByTestId("segment-toggle").click();
    await page.locator("[data-testid=segment-editor] .cm-content").waitFor();
    await page.goto(`${roster.url}/organizations`);
    await page.goto(`${roster.url}/team`);
    await page.getByTestId("invite-agent").waitFor();
  });
  expect(violations).toEqual([]);
});
