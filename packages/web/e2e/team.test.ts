/**
 * The team of agents in the SPA, in real Chromium against the real server and a local SMTP
 * server: the administrator invites an agent from the Team page, the agent follows the emailed
 * link to the server-rendered set-password page, signs in to the SPA and changes the password;
 * the Team page then shows the invitation as accepted. Also the sign-in page's reset request.
 */
import type { Browser, Page } from "playwright-core";
import { ADMIN, type TestRoster } from "../../server/test/support/roster";
import { startTestSmtp, type TestSmtp } from "../../server/test/support/smtp";
import { closeAll, expectText, openSignedInPage, startWebRoster, withFailureScreenshot } from "./browser";

const NINA = { email: "nina.new@example.com", displayName: "Nina New", password: "nina-first-passphrase" };

let smtp: TestSmtp;
let roster: TestRoster;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  smtp = await startTestSmtp();
  // The emails go to the local SMTP server.
  roster = await startWebRoster({ smtpUrl: smtp.url });
  ({ browser, page } = await openSignedInPage(roster.url));
});

afterAll(async () => {
  await closeAll(browser, roster);
  await smtp?.close();
});

/** The set-password link in an email, on this server (the email's origin is the configured public URL). */
function setPasswordLink(text: string): string {
  const match = /https?:\/\/\S+(\/account\/set-password\?token=[\w%-]+)/.exec(text);
  if (!match) throw new Error(`no set-password link in:\n${text}`);
  return `${roster.url}${match[1]}`;
}

async function signOut(): Promise<void> {
  await page.getByRole("button", { name: "Account" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await page.getByTestId("login-email").waitFor();
}

async function signIn(email: string, password: string): Promise<void> {
  await page.getByTestId("login-email").fill(email);
  await page.getByTestId("login-password").fill(password);
  await page.getByTestId("login-submit").click();
  await page.getByTestId("signed-in-agent").waitFor();
}

const ninaRow = () => page.getByTestId("team-row").filter({ hasText: NINA.email });

test("invite an agent, who sets a password from the email, signs in and changes it; the invitation reads Accepted", () =>
  withFailureScreenshot(page, "team", async () => {
    await page.getByRole("link", { name: "Team" }).click();
    await page.getByTestId("team-table").waitFor();

    // A bad address is refused on its field, and nothing is sent.
    await page.getByTestId("invite-agent").click();
    await page.getByTestId("invite-email").fill("not-an-email");
    await page.getByTestId("invite-display-name").fill(NINA.displayName);
    // The browser's own check would stop an invalid address before the server sees it.
    await page
      .locator("form")
      .filter({ has: page.getByTestId("invite-email") })
      .evaluate((form) => {
        (form as HTMLFormElement).noValidate = true;
      });
    await page.getByTestId("invite-submit").click();
    await expectText(page.locator(".mantine-TextInput-error"), /email/i);

    await page.getByTestId("invite-email").fill(NINA.email);
    await page.getByTestId("invite-submit").click();
    await expectText(page.getByTestId("team-notice"), /Nina New is invited/);
    await expectText(ninaRow().getByTestId("invitation-badge"), /^invited$/i);
    await expectText(ninaRow().getByTestId("state-badge"), /not activated/i);
    expect(await ninaRow().getByTestId("resend-invitation").count()).toBe(1);

    const email = await smtp.next(NINA.email);
    expect(email.subject).toBe("You are invited to Roster");
    const link = setPasswordLink(email.text);

    // The agent follows the link: the server's own page, outside the SPA.
    await page.goto(link);
    await page.locator("#password").fill(NINA.password);
    await page.locator("#confirm").fill(NINA.password);
    await page.getByRole("button", { name: "Set password" }).click();
    await expectText(page.locator("h1"), /Your password is set/);

    // The administrator's session is still there: sign out, and sign in as the new agent.
    await page.goto(`${roster.url}/team`);
    await page.getByTestId("signed-in-agent").waitFor();
    await signOut();
    await signIn(NINA.email, NINA.password);
    await expectText(page.getByTestId("signed-in-agent"), /Nina New/);

    // Her own password: a wrong current one is refused on its field, then the change is made.
    await page.getByRole("button", { name: "Account" }).click();
    await page.getByTestId("change-password").click();
    await page.getByTestId("current-password").fill("not-my-password");
    await page.getByTestId("new-password").fill("nina-second-passphrase");
    await page.getByTestId("change-password-save").click();
    await expectText(page.locator(".mantine-PasswordInput-error"), /currentPassword is not your current password/);
    await page.getByTestId("current-password").fill(NINA.password);
    await page.getByTestId("change-password-save").click();
    await expectText(page.getByTestId("change-password-done"), /other session/i);
    await page.getByRole("button", { name: "Done" }).click();

    await signOut();
    await signIn(ADMIN.email, ADMIN.password);
    await page.goto(`${roster.url}/team`);
    await expectText(ninaRow().getByTestId("invitation-badge"), /^accepted$/i);
    await expectText(ninaRow().getByTestId("state-badge"), /active/i);
    expect(await ninaRow().getByTestId("resend-invitation").count()).toBe(0);
  }));

test("forgot password: the same answer for any address", () =>
  withFailureScreenshot(page, "forgot-password", async () => {
    await signOut();
    for (const address of [NINA.email, "nobody@example.com"]) {
      await page.getByTestId("forgot-password").click();
      await page.getByTestId("reset-email").fill(address);
      await page.getByTestId("reset-submit").click();
      await expectText(
        page.getByTestId("reset-requested"),
        /^If an account has this address, a link to reset the password is on its way\.$/,
      );
      await page.getByTestId("back-to-sign-in").click();
    }
    expect((await smtp.next(NINA.email)).subject).toBe("Reset your password");
  }));
