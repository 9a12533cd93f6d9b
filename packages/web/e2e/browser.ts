/**
 * Debian's Chromium driven by playwright-core (no browser download on these machines), with
 * the flags that keep it from reaching for the network at start.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { ADMIN, startTestRoster, TestClock, type TestRoster, type TestRosterOptions } from "../../server/test/support/roster";

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`Chromium is not installed at ${chromiumPath}: run \`apt-get install -y chromium\` (or set CHROMIUM_PATH).`);
  }
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}

/** On failure, saves what the browser showed (its path is in the error) before rethrowing. */
export async function withFailureScreenshot(page: Page, name: string, steps: () => Promise<void>): Promise<void> {
  try {
    await steps();
  } catch (error) {
    const file = path.join(os.tmpdir(), `roster-e2e-${name}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    throw new Error(`${error instanceof Error ? error.message : String(error)}\nScreenshot: ${file}\nPage: ${page.url()}`);
  }
}

/** Waits until the element's text matches: the page loads data after navigation. */
export async function expectText(locator: Locator, pattern: RegExp): Promise<void> {
  await locator.first().waitFor();
  const deadline = Date.now() + 10_000;
  let text = "";
  while (Date.now() < deadline) {
    text = (await locator.first().innerText()).trim();
    if (pattern.test(text)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`expected ${pattern} in: ${text.slice(0, 500)}`);
}

// ROSTER_E2E_WEB_DIR: another build of the SPA (`vite build --outDir …`), so that two builds can be tested side by side.
export const webDir = process.env.ROSTER_E2E_WEB_DIR ?? path.resolve(__dirname, "../dist");

/**
 * The server a browser test talks to: the built SPA, on real time (a browser drops a session
 * cookie whose expiry is past on its own clock).
 */
export function startWebRoster(options: Omit<TestRosterOptions, "webDir" | "clock"> = {}): Promise<TestRoster> {
  return startTestRoster({ ...options, webDir, clock: new TestClock(new Date()) });
}

/** Closes what a browser test opened, whichever parts it got to. */
export async function closeAll(browser: Browser | undefined, roster: TestRoster | undefined): Promise<void> {
  await browser?.close();
  await roster?.stop();
}

/** A browser with one page, signed in as the administrator: what every browser test starts from. */
export async function openSignedInPage(rosterUrl: string): Promise<{ browser: Browser; page: Page }> {
  const browser = await launchChromium();
  const page = await browser.newPage({ acceptDownloads: true });
  page.setDefaultTimeout(15_000);
  await signInAsAdmin(page, rosterUrl);
  return { browser, page };
}

/** Signs the seeded administrator in through the sign-in page and waits for the Users list. */
export async function signInAsAdmin(page: Page, rosterUrl: string): Promise<void> {
  await page.goto(`${rosterUrl}/users`);
  await page.getByTestId("login-email").fill(ADMIN.email);
  await page.getByTestId("login-password").fill(ADMIN.password);
  await page.getByTestId("login-submit").click();
  await page.getByTestId("users-table").waitFor();
}
