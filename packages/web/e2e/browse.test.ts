/**
 * An agent's first minutes in the SPA, in real Chromium against the real server and the built
 * app: sign in, search a person, open the profile, open their organization.
 */
import type { Browser, Page } from "playwright-core";
import { CommunicationKind } from "../../server/src/modules/communications/communication.enums";
import { UserState } from "../../server/src/modules/users/user.enums";
import { createCommunication, createOrganization, createPerson } from "../../server/test/support/fixtures";
import { ADMIN, type TestRoster } from "../../server/test/support/roster";
import { closeAll, expectText, launchChromium, startWebRoster, withFailureScreenshot } from "./browser";

let roster: TestRoster;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  roster = await startWebRoster();
  const { dataSource } = roster;
  const now = roster.clock.now().getTime();
  const northwind = await createOrganization(dataSource, {
    name: "Northwind Traders",
    website: "https://northwind.test",
    phone: "+1 555 0199",
    domains: ["northwind.test"],
  });
  const nina = await createPerson(dataSource, {
    displayName: "Nina Navarro",
    email: "nina@northwind.test",
    username: "nina",
    organizationId: northwind.id,
    lastLoginAt: new Date(now - 86_400_000),
  });
  await createPerson(dataSource, {
    displayName: "Oscar Ortega",
    email: "oscar@northwind.test",
    organizationId: northwind.id,
    state: UserState.BANNED,
  });
  await createPerson(dataSource, { displayName: "Tess Trashed", state: UserState.TRASHED });
  for (let index = 0; index < 30; index += 1) await createPerson(dataSource);
  await createCommunication(dataSource, nina, {
    kind: CommunicationKind.TICKET,
    subject: "Invoice shows the wrong amount",
    status: "open",
    occurredAt: new Date(now - 3 * 86_400_000),
  });
  await createCommunication(dataSource, nina, {
    kind: CommunicationKind.SURVEY,
    subject: "How did we do?",
    rating: 5,
    occurredAt: new Date(now - 2 * 86_400_000),
  });
  await createCommunication(dataSource, nina, {
    kind: CommunicationKind.CALL,
    durationSeconds: 240,
    occurredAt: new Date(now - 86_400_000),
  });

  browser = await launchChromium();
  page = await browser.newPage();
  page.setDefaultTimeout(15_000);
});

afterAll(() => closeAll(browser, roster));

test("an agent signs in, finds a person, opens the profile and the organization", () =>
  withFailureScreenshot(page, "browse", async () => {
    await page.goto(`${roster.url}/users`);
    // Not signed in: sent to the sign-in page.
    await page.getByTestId("login-email").waitFor();
    await page.getByTestId("login-email").fill(ADMIN.email);
    await page.getByTestId("login-password").fill("wrong password");
    await page.getByTestId("login-submit").click();
    await page.getByText("Wrong email or password").waitFor();

    await page.getByTestId("login-password").fill(ADMIN.password);
    await page.getByTestId("login-submit").click();
    const table = page.getByTestId("users-table");
    await table.waitFor();
    await expectText(page.getByTestId("total-count"), /of 33$/);

    // The trash is a view of its own.
    await expectText(table, /^(?![\s\S]*Tess Trashed)/);
    await page.getByText("Trash", { exact: true }).click();
    await expectText(page.getByTestId("total-count"), /^1–1 of 1$/);
    await expectText(table, /Tess Trashed/);
    await page.getByText("People", { exact: true }).click();
    await expectText(page.getByTestId("total-count"), /of 33$/);

    await page.getByTestId("search-input").fill("navarro");
    await expectText(page.getByTestId("total-count"), /^1–1 of 1$/);
    await expectText(table, /nina@northwind\.test/);
    await expectText(table, /Northwind Traders/);

    await table.getByRole("link", { name: "Nina Navarro" }).click();
    const header = page.getByTestId("profile-header");
    await expectText(header, /Nina Navarro/);
    await expectText(header.getByTestId("state-badge"), /active/i);
    const stats = page.getByTestId("contact-stats");
    await expectText(stats, /3/);
    const timeline = page.getByTestId("communication-timeline");
    await expectText(timeline, /Invoice shows the wrong amount/);
    await expectText(timeline, /How did we do\?/);

    await page.getByRole("link", { name: "Northwind Traders" }).first().click();
    const members = page.getByTestId("members-table");
    await expectText(members, /Nina Navarro/);
    await expectText(members, /Oscar Ortega/);
    await expectText(page.getByTestId("communication-timeline"), /Invoice shows the wrong amount/);
    expect(page.url()).toMatch(/\/organizations\/\d+$/);
  }));
