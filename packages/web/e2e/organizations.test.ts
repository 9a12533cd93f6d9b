/**
 * An agent manages an organization, in real Chromium against the real server: creating one
 * with a domain previews the people it would attach (and flags a domain another organization
 * has) and attaches them on request; members are added and taken out from its page; an edit
 * shows at once, and one made from a version someone else has changed meanwhile is refused
 * with a Reload; deleting it unlinks its members and goes back to the list.
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

const members = () => page.getByTestId("members-table");

async function organizationOf(personId: number): Promise<string | null> {
  const { user } = await api.data<{ user: { organization: { name: string } | null } }>(
    "query ($id: ID!) { user(id: $id) { organization { name } } }",
    { id: String(personId) },
  );
  return user.organization?.name ?? null;
}

test("create with a domain that attaches 2 people, edit, add and remove members, delete", () =>
  withFailureScreenshot(page, "organizations", async () => {
    const ann = await createPerson(roster.dataSource, { displayName: "Ann Initech", email: "ann@initech.test" });
    const bob = await createPerson(roster.dataSource, { displayName: "Bob Initech", email: "bob@initech.test" });
    const cat = await createPerson(roster.dataSource, { displayName: "Cat Elsewhere", email: "cat@elsewhere.test" });

    // New organization, from the list.
    await page.goto(`${roster.url}/organizations`);
    await page.getByTestId("organizations-table").waitFor();
    await page.getByTestId("new-organization").click();
    await page.getByTestId("organization-form-name").fill("Initech");
    await page.getByTestId("organization-form-website").fill("https://initech.test");
    await page.getByTestId("organization-form-domains").fill("Initech.test");
    await page.keyboard.press("Enter");
    await expectText(page.getByTestId("domain-preview"), /^2 people with an @initech\.test email and no organization$/);
    await page.getByTestId("organization-form-attach").check();
    await page.getByTestId("organization-form-save").click();

    // Its page, with the two attached.
    await page.waitForURL(/\/organizations\/\d+$/);
    await expectText(page.getByTestId("organization-name"), /^Initech$/);
    await expectText(members(), /Ann Initech[\s\S]*Bob Initech/);
    expect(await organizationOf(ann.id)).toBe("Initech");
    expect(await organizationOf(bob.id)).toBe("Initech");

    // Edit the name.
    await page.getByTestId("edit-organization").click();
    await page.getByTestId("organization-form-name").fill("Initech Corporation");
    await page.getByTestId("organization-form-save").click();
    await page.getByTestId("organization-form-name").waitFor({ state: "detached" });
    await expectText(page.getByTestId("organization-name"), /^Initech Corporation$/);

    // Add someone from elsewhere, found by name.
    await page.getByTestId("add-member-search").fill("Cat Else");
    await page.getByRole("option", { name: /Cat Elsewhere/ }).click();
    await page.getByTestId("add-member").click();
    await expectText(members(), /Cat Elsewhere/);
    expect(await organizationOf(cat.id)).toBe("Initech Corporation");

    // Take Ann out: she stays, without an organization.
    await members().getByRole("checkbox", { name: "Select Ann Initech" }).check();
    await page.getByTestId("remove-members").click();
    await members().getByText("Ann Initech").waitFor({ state: "detached" });
    await expectText(members(), /Bob Initech/);
    expect(await organizationOf(ann.id)).toBeNull();

    // Delete: the confirmation says what becomes of the 2 members left.
    await page.getByTestId("delete-organization").click();
    await expectText(
      page.getByTestId("delete-organization-consequences"),
      /^2 members will be unlinked from Initech Corporation: they all stay in Roster without an organization, and their communications stay theirs\./,
    );
    await page.getByTestId("confirm-delete-organization").click();
    await page.waitForURL(/\/organizations$/);
    await page.getByTestId("organizations-table").waitFor();
    await expectText(page.getByTestId("organizations-table"), /No organizations yet\./);
    expect(await page.getByTestId("organizations-table").getByText("Initech Corporation").count()).toBe(0);
    expect(await organizationOf(bob.id)).toBeNull();
  }));

test("an edit of an organization someone else changed meanwhile is refused, with a Reload that starts again from theirs", () =>
  withFailureScreenshot(page, "organizations-conflict", async () => {
    const { createOrganization } = await api.data<{ createOrganization: { id: string; version: number } }>(
      'mutation { createOrganization(input: { name: "Stale Ltd" }) { id version } }',
    );
    await page.goto(`${roster.url}/organizations/${createOrganization.id}`);
    await expectText(page.getByTestId("organization-name"), /^Stale Ltd$/);
    await page.getByTestId("edit-organization").click();
    await page.getByTestId("organization-form-phone").fill("+1 555 0100");

    // Another agent saves first, through the API.
    await api.data(
      'mutation ($id: ID!, $version: Int!) { updateOrganization(id: $id, version: $version, input: { name: "Stale Theirs" }) { id } }',
      { id: createOrganization.id, version: createOrganization.version },
    );

    await page.getByTestId("organization-form-save").click();
    const conflict = page.getByTestId("organization-form-conflict");
    await expectText(
      conflict,
      /Stale Ltd was changed by someone else meanwhile\. Reload to see their change, then make yours again\./,
    );
    expect(await page.getByTestId("organization-form-phone").inputValue()).toBe("+1 555 0100");

    await page.getByTestId("organization-form-reload").click();
    await conflict.waitFor({ state: "detached" });
    expect(await page.getByTestId("organization-form-name").inputValue()).toBe("Stale Theirs");
    await page.getByTestId("organization-form-phone").fill("+1 555 0100");
    await page.getByTestId("organization-form-save").click();
    await page.getByTestId("organization-form-name").waitFor({ state: "detached" });
    await page.getByText("+1 555 0100").waitFor();
  }));

test("a domain another organization has is flagged in the form before anything is saved", () =>
  withFailureScreenshot(page, "organizations-taken-domain", async () => {
    await api.data('mutation { createOrganization(input: { name: "Holder Co", domains: ["holder.test"] }) { id } }');
    await page.goto(`${roster.url}/organizations`);
    await page.getByTestId("new-organization").click();
    await page.getByTestId("organization-form-name").fill("Claimant");
    await page.getByTestId("organization-form-domains").fill("@holder.test");
    await page.keyboard.press("Enter");
    await expectText(
      page.getByTestId("domain-taken"),
      /@holder\.test belongs to Holder Co already: saving it here will be refused/,
    );
    await page.getByTestId("organization-form-save").click();
    await expectText(page.getByText("holder.test already belongs to Holder Co."), /holder\.test already belongs to Holder Co\./);
    await page.keyboard.press("Escape");
  }));
