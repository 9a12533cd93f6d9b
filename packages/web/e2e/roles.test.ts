/**
 * Roles and API keys in the SPA, in real Chromium against the real server: create a Moderator
 * role in the permission matrix, give it to a person from their profile, see it there and in
 * the role's member count; create an API key whose secret is shown once, then revoke it.
 */
import type { Browser, Page } from "playwright-core";
import { createPerson } from "../../server/test/support/fixtures";
import type { TestRoster } from "../../server/test/support/roster";
import { closeAll, expectText, openSignedInPage, startWebRoster, withFailureScreenshot } from "./browser";

let roster: TestRoster;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  roster = await startWebRoster();
  ({ browser, page } = await openSignedInPage(roster.url));
});

afterAll(() => closeAll(browser, roster));

test("create a Moderator role, give it to a person, see it on the profile", () =>
  withFailureScreenshot(page, "roles", async () => {
    const mia = await createPerson(roster.dataSource, { displayName: "Mia Moderator" });
    await page.goto(`${roster.url}/roles`);
    await page.getByTestId("create-role").click();
    await page.getByTestId("role-name").fill("Moderator");
    await page.getByTestId("role-permission-community.moderate").click();
    await page.getByTestId("role-save").click();

    const customers = page.getByTestId("matrix-customer");
    await expectText(customers.getByTestId("role-column-Moderator"), /Moderator[\s\S]*0 members/);
    expect(await customers.getByRole("checkbox", { name: "Moderator: community.moderate" }).isChecked()).toBe(true);
    expect(await customers.getByRole("checkbox", { name: "Moderator: community.post" }).isChecked()).toBe(false);

    await page.goto(`${roster.url}/users/${mia.id}`);
    await page.getByTestId("assign-roles").click();
    await page.getByTestId("assign-roles-select").click();
    await page.getByRole("option", { name: "Moderator" }).click();
    await page.keyboard.press("Escape");
    await page.getByTestId("assign-roles-save").click();
    await expectText(page.getByTestId("profile-roles"), /moderator/i);
    await page.reload();
    await expectText(page.getByTestId("profile-roles"), /moderator/i);

    await page.goto(`${roster.url}/roles`);
    await expectText(page.getByTestId("matrix-customer").getByTestId("role-members-Moderator"), /^1 member$/);

    // A permission toggled in the matrix is saved at once.
    await page.getByTestId("matrix-customer").getByRole("checkbox", { name: "Moderator: community.post" }).click();
    await page.reload();
    const post = page.getByTestId("matrix-customer").getByRole("checkbox", { name: "Moderator: community.post" });
    await post.waitFor();
    expect(await post.isChecked()).toBe(true);
  }));

test("an API key's secret is shown once; revoking it stops it at once", () =>
  withFailureScreenshot(page, "api-keys", async () => {
    await page.goto(`${roster.url}/api-keys`);
    await page.getByTestId("new-api-key").click();
    await page.getByTestId("api-key-name").fill("Help center portal");
    await page.getByTestId("api-key-permission-people.view").click();
    await page.getByTestId("api-key-create").click();
    const secret = await page.getByTestId("api-key-secret").inputValue();
    expect(secret).toMatch(/^rst_[A-Za-z0-9]{36}$/);

    // The key works as a service would use it.
    const asService = () =>
      fetch(`${roster.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${secret}` },
        body: JSON.stringify({ query: "{ users(first: 1) { totalCount } }" }),
      });
    expect((await asService()).status).toBe(200);

    await page.getByTestId("secret-done").click();
    const row = page.getByTestId("api-key-row").filter({ hasText: "Help center portal" });
    await expectText(row, /Help center portal[\s\S]*rst_/);
    expect(await page.getByTestId("api-key-secret").count()).toBe(0);
    expect(await page.content()).not.toContain(secret);

    await row.getByTestId("revoke-api-key").click();
    await page.getByTestId("confirm-revoke").click();
    await expectText(row.getByTestId("api-key-status"), /revoked/i);
    expect((await asService()).status).toBe(401);
  }));
