/**
 * Webhooks in the SPA, in real Chromium against the real server and a receiver on loopback:
 * create one (its secret shown once, and the very key deliveries are signed with), see a change
 * arrive in the delivery log as delivered, redeliver it, turn the webhook off and on (the change
 * made meanwhile goes out once it is back on), rotate its secret, delete it; an agent without
 * webhooks.manage is offered neither the page nor its link.
 */
import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, Page } from "playwright-core";
import { createAgent } from "../../server/test/support/fixtures";
import type { GraphQLClient } from "../../server/test/support/graphql-client";
import type { TestRoster } from "../../server/test/support/roster";
import { closeAll, expectText, openSignedInPage, startWebRoster, withFailureScreenshot } from "./browser";

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Answers every POST with `status` and keeps what came. */
class Receiver {
  received: Received[] = [];
  constructor(private status = 200) {}
  private server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    request.on("end", () => {
      this.received.push({ headers: request.headers, body });
      response.writeHead(this.status).end();
    });
  });
  url = "";
  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/roster-hooks`;
    return this;
  }
  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
  /** Waits (polling, up to 15 s) until `count` requests have come. */
  async waitForCount(count: number): Promise<Received[]> {
    const deadline = Date.now() + 15_000;
    while (this.received.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} requests at the receiver, got ${this.received.length}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return this.received;
  }
}

/** The v1 signatures of a request, checked with the secret's key per Standard Webhooks. */
function signedWith(secret: string, request: Received): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = createHmac("sha256", key)
    .update(`${String(request.headers["webhook-id"])}.${String(request.headers["webhook-timestamp"])}.${request.body}`)
    .digest("base64");
  return String(request.headers["webhook-signature"]).split(" ").includes(`v1,${expected}`);
}

const payloadOf = (request: Received) => JSON.parse(request.body) as { type: string; data: { id: string } };

let roster: TestRoster;
let receiver: Receiver;
let admin: GraphQLClient;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  receiver = await new Receiver().start();
  // The receiver is on loopback, which Roster refuses to deliver to unless told otherwise.
  roster = await startWebRoster({ env: { ROSTER_WEBHOOKS_ALLOW_PRIVATE: "true" } });
  admin = await roster.signIn();
  await createAgent(roster.dataSource, { email: "no-webhooks@roster.test", password: "no-webhooks-pass" });
  await admin.data('mutation { createSegment(input: { name: "Gold customers", query: "state = active", shared: true }) { id } }');
  ({ browser, page } = await openSignedInPage(roster.url));
});

afterAll(async () => {
  await closeAll(browser, roster);
  await receiver?.close();
});

async function createCustomer(displayName: string): Promise<string> {
  const { createUser } = await admin.data<{ createUser: { id: string } }>(
    "mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }",
    { input: { displayName, kind: "CUSTOMER" } },
  );
  return createUser.id;
}

/** Turns the webhook on the page on or off through its edit form. */
async function setActive(active: boolean): Promise<void> {
  await page.getByTestId("edit-webhook").click();
  const dialog = page.getByRole("dialog");
  const toggle = dialog.getByRole("switch", { name: "Active" });
  await toggle.click();
  expect(await toggle.isChecked()).toBe(active);
  await page.getByTestId("webhook-save").click();
  await dialog.waitFor({ state: "detached" });
}

test("a webhook's secret is shown once, its deliveries are logged, redelivered, paused and resumed, and it is deleted", () =>
  withFailureScreenshot(page, "webhooks", async () => {
    await page.getByRole("navigation").getByRole("link", { name: "Webhooks" }).click();
    await page.getByTestId("webhooks-table").waitFor();
    await page.waitForFunction(() => document.activeElement?.tagName === "H1");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Webhooks");

    // A URL the server refuses: its message lands on the field.
    await page.getByTestId("new-webhook").click();
    await page.getByTestId("webhook-url").fill("ftp://example.com/hooks");
    await page.getByTestId("webhook-events").click();
    await page.getByRole("option", { name: "person.created" }).click();
    await page.keyboard.press("Escape");
    await page.getByTestId("webhook-save").click();
    await expectText(page.getByRole("dialog"), /url must use http or https/);

    await page.getByTestId("webhook-url").fill(receiver.url);
    await page.getByTestId("webhook-segment").click();
    await page.getByRole("option", { name: "Gold customers" }).click();
    await page.getByTestId("webhook-save").click();
    const secret = await page.getByTestId("webhook-secret").inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32,}={0,2}$/);
    await expectText(page.getByRole("dialog"), /only time the secret is shown/);
    await page.getByTestId("webhook-secret-done").click();

    const row = page.getByTestId("webhook-row").filter({ hasText: receiver.url });
    await expectText(row, /person\.created[\s\S]*active/i);
    expect(await page.getByTestId("webhook-secret").count()).toBe(0);
    expect(await page.content()).not.toContain(secret);

    await row.getByTestId("webhook-link").click();
    await page.getByTestId("webhook-url-heading").waitFor();
    expect((await page.getByTestId("webhook-url-heading").innerText()).trim()).toBe(receiver.url);
    await expectText(page.getByTestId("webhook-segment-name"), /^Gold customers$/);
    await expectText(page.getByTestId("webhook-deliveries"), /No deliveries yet/);

    // A change: it reaches the receiver signed with the secret shown, and the log says so.
    const annId = await createCustomer("Ann Hooked");
    const [first] = await receiver.waitForCount(1);
    expect(payloadOf(first)).toMatchObject({ type: "person.created", data: { id: annId } });
    expect(signedWith(secret, first)).toBe(true);
    const delivery = page.getByTestId("delivery-row");
    await delivery.getByTestId("delivery-status").filter({ hasText: "Delivered" }).waitFor();
    expect(await delivery.count()).toBe(1);
    await expectText(delivery.getByTestId("delivery-type"), /^person\.created$/);
    await expectText(delivery.getByTestId("delivery-response"), /^200$/);
    await expectText(delivery.getByTestId("delivery-attempts"), /^1$/);
    await expectText(delivery, new RegExp(String(first.headers["webhook-id"])));

    // Sent again with the same webhook-id, so a receiver can tell it is the same change.
    await delivery.getByTestId("redeliver").click();
    await expectText(page.getByTestId("action-result"), /sent again/);
    const [, again] = await receiver.waitForCount(2);
    expect(again.headers["webhook-id"]).toBe(first.headers["webhook-id"]);
    await delivery.getByTestId("delivery-attempts").filter({ hasText: /^2$/ }).waitFor();
    await delivery.getByTestId("delivery-status").filter({ hasText: "Delivered" }).waitFor();

    // Turned off, it delivers nothing; the change made meanwhile goes out once it is back on.
    await setActive(false);
    await expectText(page.getByTestId("webhook-status"), /disabled/i);
    const stored = await admin.data<{ webhooks: { active: boolean }[] }>("{ webhooks { active } }");
    expect(stored.webhooks).toEqual([{ active: false }]);
    const benId = await createCustomer("Ben Waiting");
    expect(receiver.received).toHaveLength(2);
    await setActive(true);
    await expectText(page.getByTestId("webhook-status"), /active/i);
    const [, , resumed] = await receiver.waitForCount(3);
    expect(payloadOf(resumed)).toMatchObject({ type: "person.created", data: { id: benId } });
    await page.getByTestId("delivery-row").nth(1).waitFor();
    expect(await page.getByTestId("delivery-row").count()).toBe(2);

    // A new secret, shown once; the previous one keeps signing beside it for the overlap.
    await page.getByTestId("rotate-webhook-secret").click();
    await page.getByTestId("confirm-rotate-secret").click();
    const rotated = await page.getByTestId("webhook-secret").inputValue();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    await expectText(page.getByTestId("previous-secret-until"), /previous secret until/);
    await page.getByTestId("webhook-secret-done").click();

    await page.getByTestId("delete-webhook").click();
    await page.getByTestId("confirm-delete-webhook").click();
    await page.waitForURL(/\/webhooks$/);
    await expectText(page.getByTestId("webhooks-table"), /No webhooks yet/);
    expect((await admin.data<{ webhooks: unknown[] }>("{ webhooks { id } }")).webhooks).toEqual([]);
  }));

test("the delivery log shows the newest 25 and loads the older ones after them", async () => {
  const busy = await new Receiver().start();
  try {
    await withFailureScreenshot(page, "webhooks-load-more", async () => {
      const { createWebhook } = await admin.data<{ createWebhook: { webhook: { id: string } } }>(
        "mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } } }",
        { input: { url: busy.url, events: ["ORGANIZATION_CREATED"] } },
      );
      for (let index = 1; index <= 27; index += 1) {
        await admin.data("mutation ($name: String!) { createOrganization(input: { name: $name }) { id } }", {
          name: `Paged ${index}`,
        });
      }
      await busy.waitForCount(27);

      await page.goto(`${roster.url}/webhooks/${createWebhook.webhook.id}`);
      await expectText(page.getByTestId("deliveries-count"), /^Showing 25 of 27$/);
      const messageIds = () => page.getByTestId("delivery-row").locator("code").allInnerTexts();
      const newest = await messageIds();
      await page.getByTestId("load-more-deliveries").click();
      await expectText(page.getByTestId("deliveries-count"), /^Showing 27 of 27$/);
      const all = await messageIds();
      expect(all.slice(0, 25)).toEqual(newest);
      expect(new Set(all).size).toBe(27);
      expect(await page.getByTestId("load-more-deliveries").count()).toBe(0);
      await admin.data("mutation ($id: ID!) { deleteWebhook(id: $id) }", { id: createWebhook.webhook.id });
    });
  } finally {
    await busy.close();
  }
});

test("a delivery that fails for 24 hours is FAILED, with the receiver's answer, and Roster disables the webhook saying why", async () => {
  const failing = await new Receiver(500).start();
  try {
    await withFailureScreenshot(page, "webhooks-failing", async () => {
      const { createWebhook } = await admin.data<{ createWebhook: { webhook: { id: string } } }>(
        "mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } } }",
        { input: { url: failing.url, events: ["ORGANIZATION_CREATED"] } },
      );
      await admin.data('mutation { createOrganization(input: { name: "Failing Co" }) { id } }');
      await failing.waitForCount(1);

      await page.goto(`${roster.url}/webhooks/${createWebhook.webhook.id}`);
      const delivery = page.getByTestId("delivery-row");
      await expectText(delivery.getByTestId("delivery-status"), /pending/i);
      await expectText(delivery.getByTestId("delivery-response"), /^500$/);
      await expectText(delivery.getByTestId("delivery-error"), /500/);

      // The server's clock is the test's and stands still: the retry comes due only once it moves,
      // here past the 24 hours of retries.
      roster.clock.set(new Date(roster.clock.now().getTime() + 25 * 3_600_000));
      await failing.waitForCount(2);
      await delivery.getByTestId("delivery-status").filter({ hasText: "Failed" }).waitFor();
      await expectText(delivery.getByTestId("delivery-attempts"), /^2$/);
      // The webhook's own state is read with the page.
      await page.reload();
      await expectText(page.getByTestId("webhook-status"), /disabled/i);
      await expectText(page.getByTestId("webhook-disabled-reason"), /failed for 24 hours/);
    });
  } finally {
    await failing.close();
  }
});

test("without webhooks.manage there is no Webhooks link, and the page names the missing permission", async () => {
  const context = await browser.newContext();
  const agentPage = await context.newPage();
  agentPage.setDefaultTimeout(15_000);
  try {
    await withFailureScreenshot(agentPage, "webhooks-forbidden", async () => {
      await agentPage.goto(`${roster.url}/users`);
      await agentPage.getByTestId("login-email").fill("no-webhooks@roster.test");
      await agentPage.getByTestId("login-password").fill("no-webhooks-pass");
      await agentPage.getByTestId("login-submit").click();
      const navigation = agentPage.getByRole("navigation");
      await navigation.getByRole("link", { name: "Users" }).waitFor();
      expect(await navigation.getByRole("link", { name: "Webhooks" }).count()).toBe(0);
      await agentPage.goto(`${roster.url}/webhooks`);
      await expectText(agentPage.getByTestId("webhooks-forbidden"), /"webhooks\.manage" permission/);
      expect(await agentPage.getByTestId("new-webhook").count()).toBe(0);
    });
  } finally {
    await context.close();
  }
});
