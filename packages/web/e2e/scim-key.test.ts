/**
 * The SCIM provisioning key in the SPA, in real Chromium against the real server: the API keys
 * page makes a key holding only scim.provision and shows, once, the base URL and the secret an
 * identity provider needs; with exactly what the page showed, the test then does what Okta does
 * first (look a user up by userName, create them) on the real /scim/v2.
 */
import type { Browser, Page } from "playwright-core";
import { createPerson } from "../../server/test/support/fixtures";
import type { TestRoster } from "../../server/test/support/roster";
import { closeAll, expectText, openSignedInPage, startWebRoster, withFailureScreenshot } from "./browser";

const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
const LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

let roster: TestRoster;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  roster = await startWebRoster();
  ({ browser, page } = await openSignedInPage(roster.url));
});

afterAll(() => closeAll(browser, roster));

test("a SCIM provisioning key works on /scim/v2 with the base URL and secret the page shows, and holds nothing else", () =>
  withFailureScreenshot(page, "scim-key", async () => {
    const known = await createPerson(roster.dataSource, { username: "known.agent", email: "known.agent@example.com" });
    await page.goto(`${roster.url}/api-keys`);
    await page.getByTestId("new-scim-key").click();
    expect(await page.getByTestId("api-key-name").inputValue()).toBe("SCIM provisioning");
    // The preset grants no choice of permissions: no checkbox list to widen it.
    expect(await page.getByTestId("api-key-permission-people.view").count()).toBe(0);
    await page.getByTestId("api-key-create").click();

    const base = await page.getByTestId("scim-base-url").inputValue();
    const secret = await page.getByTestId("api-key-secret").inputValue();
    expect(base).toBe(`${roster.url}/scim/v2`);
    expect(secret).toMatch(/^rst_[A-Za-z0-9]{36}$/);
    await expectText(page.getByTestId("scim-instructions"), /SCIM connector base URL[\s\S]*Tenant URL[\s\S]*Secret Token/);

    const scim = async (path: string, init: { method?: string; body?: unknown } = {}) => {
      const response = await fetch(`${base}${path}`, {
        method: init.method ?? "GET",
        headers: { authorization: `Bearer ${secret}`, "content-type": "application/scim+json" },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      expect(response.headers.get("content-type")).toMatch(/^application\/scim\+json/);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const byUserName = (userName: string) => scim(`/Users?${new URLSearchParams({ filter: `userName eq "${userName}"` })}`);

    const found = await byUserName("known.agent");
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({
      schemas: [LIST_SCHEMA],
      totalResults: 1,
      Resources: [{ id: String(known.id), userName: "known.agent" }],
    });
    const absent = await byUserName("new.agent@example.com");
    expect(absent.status).toBe(200);
    expect(absent.body).toMatchObject({ totalResults: 0 });

    const created = await scim("/Users", {
      method: "POST",
      body: {
        schemas: [USER_SCHEMA],
        userName: "new.agent@example.com",
        name: { givenName: "New", familyName: "Agent" },
        emails: [{ value: "new.agent@example.com", type: "work", primary: true }],
        userType: "Agent",
        active: true,
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ schemas: expect.arrayContaining([USER_SCHEMA]), userName: "new.agent@example.com" });
    expect((await byUserName("new.agent@example.com")).body).toMatchObject({
      totalResults: 1,
      Resources: [{ id: created.body.id }],
    });

    // Beyond SCIM the key is worth nothing: GraphQL refuses it the people list.
    const graphql = await fetch(`${roster.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${secret}` },
      body: JSON.stringify({ query: "{ users(first: 1) { totalCount } }" }),
    });
    expect(((await graphql.json()) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code).toBe(
      "FORBIDDEN",
    );

    await page.getByTestId("secret-done").click();
    const row = page.getByTestId("api-key-row").filter({ hasText: "SCIM provisioning" });
    await expectText(row, /SCIM provisioning[\s\S]*rst_/);
    // Badges show upper case; the list holds that one permission and nothing else.
    expect((await row.getByTestId("api-key-permissions").innerText()).trim()).toMatch(/^scim\.provision$/i);
    expect(await page.content()).not.toContain(secret);
  }));
