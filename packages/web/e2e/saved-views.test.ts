/**
 * Saved views and segments in the navigation, in real Chromium against the real server: a view
 * saved through the API shows under Users with the people list's own count, opens the list with
 * its parameters (columns and sort among them), stays marked after a reload, is renamed from its
 * menu, and its count follows the data when the agent comes back to the list. A saved segment
 * sits beside it and opens the list filtered by it.
 */
import type { Browser, Page } from "playwright-core";
import { createPerson } from "../../server/test/support/fixtures";
import type { GraphQLClient } from "../../server/test/support/graphql-client";
import type { TestRoster } from "../../server/test/support/roster";
import { UserState } from "../../server/src/modules/users/user.enums";
import { closeAll, expectText, openSignedInPage, startWebRoster, withFailureScreenshot } from "./browser";

let roster: TestRoster;
let browser: Browser;
let page: Page;
let api: GraphQLClient;

/** Waits until the navigation marks the link with this test id as the page shown. */
const expectActive = (testId: string) => page.locator(`[data-testid="${testId}"][data-active]`).waitFor();

const OUTSIDE_TRASH = ["ACTIVE", "NOT_ACTIVATED", "BANNED"];

/** What the list would count for these `users` arguments, from the API. */
async function totalCount(variables: Record<string, unknown>): Promise<number> {
  const { users } = await api.data<{ users: { totalCount: number } }>(
    "query ($states: [UserState!], $segmentId: ID) { users(first: 1, states: $states, segmentId: $segmentId) { totalCount } }",
    variables,
  );
  return users.totalCount;
}

beforeAll(async () => {
  roster = await startWebRoster();
  await createPerson(roster.dataSource, { displayName: "Zed Active", email: "zed@example.com" });
  await createPerson(roster.dataSource, { displayName: "Amy Banned", email: "amy@example.com", state: UserState.BANNED });
  // In the trash: the list, and so the view, leaves her out.
  await createPerson(roster.dataSource, { displayName: "Tia Trashed", state: UserState.TRASHED });
  api = await roster.signIn();
  ({ browser, page } = await openSignedInPage(roster.url));
});

afterAll(() => closeAll(browser, roster));

test("a saved view opens the list it saved, with its count, and survives a reload", () =>
  withFailureScreenshot(page, "saved-views", async () => {
    const { createSavedView: view } = await api.data<{ createSavedView: { id: string; count: number } }>(
      "mutation ($input: SavedViewInput!) { createSavedView(input: $input) { id count } }",
      { input: { name: "Emails", columns: ["displayName", "email", "state"], sortField: "EMAIL" } },
    );
    const expected = await totalCount({ states: OUTSIDE_TRASH });
    expect(view.count).toBe(expected);

    await page.goto(`${roster.url}/users`);
    const link = page.getByTestId(`view-link-${view.id}`);
    await expectText(link, /Emails/);
    await expectText(page.getByTestId(`view-link-${view.id}-count`), new RegExp(`^${expected}$`));
    expect(await link.getAttribute("data-active")).toBeNull();

    await link.click();
    await page.waitForURL(/viewId=/);
    const params = () => new URL(page.url()).searchParams;
    expect(params().get("viewId")).toBe(view.id);
    expect(params().get("sort")).toBe("EMAIL");
    expect(params().get("cols")).toBe("displayName,email,state");
    await expectActive(`view-link-${view.id}`);

    const opened = page.url();
    await page.reload();
    await page.getByTestId("users-table").waitFor();
    expect(page.url()).toBe(opened);
    await expectText(page.getByTestId(`view-link-${view.id}-count`), new RegExp(`^${expected}$`));
    await expectActive(`view-link-${view.id}`);
  }));

test("the count follows the data when the agent comes back to the list; a view is renamed from its menu", () =>
  withFailureScreenshot(page, "saved-views-refresh", async () => {
    const { savedViews } = await api.data<{ savedViews: { id: string; name: string }[] }>("{ savedViews { id name } }");
    const view = savedViews.find((candidate) => candidate.name === "Emails")!;
    await createPerson(roster.dataSource, { displayName: "Nia New" });
    const expected = await totalCount({ states: OUTSIDE_TRASH });

    await page.getByRole("link", { name: "Organizations" }).click();
    await page.waitForURL(/\/organizations/);
    await page.getByRole("link", { name: "Users", exact: true }).click();
    await expectText(page.getByTestId(`view-link-${view.id}-count`), new RegExp(`^${expected}$`));

    await page.getByTestId(`view-menu-${view.id}`).click();
    await page.getByTestId("view-rename").click();
    await page.getByTestId("view-rename-name").fill("Emails, A to Z");
    await page.getByTestId("view-rename-confirm").click();
    await expectText(page.getByTestId(`view-link-${view.id}`), /Emails, A to Z/);
    const { savedView } = await api.data<{ savedView: { name: string; columns: string[] } }>(
      "query ($id: ID!) { savedView(id: $id) { name columns } }",
      { id: view.id },
    );
    // Renaming keeps what the view holds.
    expect(savedView).toEqual({ name: "Emails, A to Z", columns: ["displayName", "email", "state"] });
  }));

test("a saved segment sits in the navigation with its count and opens the list filtered by it", () =>
  withFailureScreenshot(page, "saved-views-segment", async () => {
    const { createSegment } = await api.data<{ createSegment: { id: string } }>(
      "mutation ($input: CreateSegmentInput!) { createSegment(input: $input) { id } }",
      { input: { name: "Banned", query: "state = banned" } },
    );
    const expected = await totalCount({ segmentId: createSegment.id, states: OUTSIDE_TRASH });
    expect(expected).toBe(1);
    await page.goto(`${roster.url}/users`);
    const link = page.getByTestId(`segment-nav-link-${createSegment.id}`);
    await expectText(page.getByTestId(`segment-nav-link-${createSegment.id}-count`), /^1$/);
    await link.click();
    await page.waitForURL(/segmentId=/);
    expect(new URL(page.url()).searchParams.get("segmentId")).toBe(createSegment.id);
    await expectActive(`segment-nav-link-${createSegment.id}`);
    await page.getByTestId("users-table").waitFor();
  }));
