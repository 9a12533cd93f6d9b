/**
 * An agent edits a person from the profile, in real Chromium against the real server: the
 * changes show on the profile, a bad value is refused in the form before anything is sent, and
 * an edit made from a version someone else has changed meanwhile is refused, not merged.
 */
import type { Browser, Page } from "playwright-core";
import { createPerson } from "../../server/test/support/fixtures";
import type { GraphQLClient } from "../../server/test/support/graphql-client";
import type { TestRoster } from "../../server/test/support/roster";
import { closeAll, expectText, openSignedInPage, startWebRoster, withFailureScreenshot } from "./browser";

let roster: TestRoster;
let browser: Browser;
let page: Page;
let api: GraphQLClient;

beforeAll(async () => {
  roster = await startWebRoster();
  api = await roster.signIn();
  ({ browser, page } = await openSignedInPage(roster.url));
});

afterAll(() => closeAll(browser, roster));

async function openEditForm(personId: number): Promise<void> {
  await page.goto(`${roster.url}/users/${personId}`);
  await page.getByTestId("profile-header").getByTestId("state-badge").waitFor();
  await page.getByTestId("edit-person").click();
  await page.getByTestId("edit-person-displayName").waitFor();
}

test("change a person's display name, phone and an attribute: the profile shows them", () =>
  withFailureScreenshot(page, "edit-person", async () => {
    const edna = await createPerson(roster.dataSource, { displayName: "Edna Edwards", email: "edna@example.test", phone: null });
    await openEditForm(edna.id);
    expect(await page.getByTestId("edit-person-email").inputValue()).toBe("edna@example.test");

    await page.getByTestId("edit-person-displayName").fill("Edna Edwards-Hale");
    await page.getByTestId("edit-person-phone").fill("+33 1 23 45 67 89");
    await page.getByTestId("edit-person-attribute-add").click();
    await page.getByTestId("edit-person-attribute-name").last().fill("plan");
    await page.getByTestId("edit-person-attribute-value").last().fill("gold");
    await page.getByTestId("edit-person-save").click();
    await page.getByTestId("edit-person-displayName").waitFor({ state: "detached" });

    await expectText(page.getByTestId("profile-header").getByRole("heading"), /^Edna Edwards-Hale$/);
    await page.getByText("+33 1 23 45 67 89").waitFor();
    await page.getByText("gold", { exact: true }).waitFor();

    // What the server stored, not only what the page shows.
    const { user } = await api.data<{
      user: { displayName: string; phone: string; attributes: { name: string; value: string }[] };
    }>("query ($id: ID!) { user(id: $id) { displayName phone attributes { name value } } }", { id: String(edna.id) });
    expect(user).toEqual({
      displayName: "Edna Edwards-Hale",
      phone: "+33 1 23 45 67 89",
      attributes: [{ name: "plan", value: "gold" }],
    });
  }));

test("a bad email is refused in the form, in the server's words, before anything is sent", () =>
  withFailureScreenshot(page, "edit-person-validation", async () => {
    const vic = await createPerson(roster.dataSource, { displayName: "Vic Valid", email: "vic@example.test" });
    await openEditForm(vic.id);
    await page.getByTestId("edit-person-email").fill("vic at example");
    await page.getByText("email must be an email address.").waitFor();
    expect(await page.getByTestId("edit-person-save").isDisabled()).toBe(true);

    await page.getByTestId("edit-person-email").fill("vic@example.org");
    await page.getByText("email must be an email address.").waitFor({ state: "detached" });
    expect(await page.getByTestId("edit-person-save").isDisabled()).toBe(false);
    await page.keyboard.press("Escape");
  }));

test("an edit of a person someone else changed meanwhile is refused, with a Reload that starts again from theirs", () =>
  withFailureScreenshot(page, "edit-person-conflict", async () => {
    const sam = await createPerson(roster.dataSource, { displayName: "Sam Stale" });
    await openEditForm(sam.id);
    await page.getByTestId("edit-person-displayName").fill("Sam Mine");

    // Another agent saves first, through the API.
    const { user } = await api.data<{ user: { version: number } }>("query ($id: ID!) { user(id: $id) { version } }", {
      id: String(sam.id),
    });
    await api.data(
      "mutation ($id: ID!, $version: Int!, $input: UpdateUserInput!) { updateUser(id: $id, version: $version, input: $input) { id } }",
      { id: String(sam.id), version: user.version, input: { displayName: "Sam Theirs" } },
    );

    await page.getByTestId("edit-person-save").click();
    const conflict = page.getByTestId("edit-person-conflict");
    await expectText(
      conflict,
      /Sam Stale was changed by someone else meanwhile\. Reload to see their change, then make yours again\./,
    );
    // Nothing was overwritten, and the form stays open with the agent's value.
    expect(await page.getByTestId("edit-person-displayName").inputValue()).toBe("Sam Mine");

    await page.getByTestId("edit-person-reload").click();
    await conflict.waitFor({ state: "detached" });
    expect(await page.getByTestId("edit-person-displayName").inputValue()).toBe("Sam Theirs");
    await expectText(page.getByTestId("profile-header").getByRole("heading"), /^Sam Theirs$/);

    // Made again on their version, the change goes through.
    await page.getByTestId("edit-person-displayName").fill("Sam Mine");
    await page.getByTestId("edit-person-save").click();
    await page.getByTestId("edit-person-displayName").waitFor({ state: "detached" });
    await expectText(page.getByTestId("profile-header").getByRole("heading"), /^Sam Mine$/);
  }));
