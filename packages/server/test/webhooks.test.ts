/**
 * Webhooks (issue 19): deliveries signed per Standard Webhooks, checked by a receiver on
 * loopback with the specification's algorithm; retries in order per person; a subscription that
 * fails for 24 hours disabled and its owner emailed; outgoing requests bounded.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook as StandardWebhook, WebhookVerificationError } from "standardwebhooks";
import { checkWebhookUrl, isReservedAddress } from "../src/modules/webhooks/webhook-address";
import { send } from "../src/modules/webhooks/webhook-sender";
import type { GraphQLClient } from "./support/graphql-client";
import { ADMIN, startTestRoster, type TestRoster } from "./support/roster";
import { startTestSmtp, type TestSmtp } from "./support/smtp";
import { Receiver, until, type Received, deleteAllWebhooks } from "./support/webhook-receiver";

/**
 * The Standard Webhooks verification, twice: written here from the specification (not from
 * Roster's code) — the base64 HMAC-SHA256 of `id.timestamp.body` under the secret's key, among
 * the `v1,` signatures of the header, the timestamp within five minutes of now — and by the
 * specification's reference library, which receivers use. A delivery passes when both accept it.
 */
function verifies(secret: string, request: Received): boolean {
  return verifiesBySpecification(secret, request) && verifiesByReferenceLibrary(secret, request);
}

function verifiesByReferenceLibrary(secret: string, request: Received): boolean {
  try {
    new StandardWebhook(secret).verify(request.body, request.headers as Record<string, string>);
    return true;
  } catch (error) {
    if (error instanceof WebhookVerificationError) return false;
    throw error;
  }
}

function verifiesBySpecification(secret: string, request: Received): boolean {
  const id = String(request.headers["webhook-id"]);
  const timestamp = String(request.headers["webhook-timestamp"]);
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const key = Buffer.from(secret.split("_")[1], "base64");
  const expected = createHmac("sha256", key).update(`${id}.${timestamp}.${request.body}`).digest();
  return String(request.headers["webhook-signature"])
    .split(" ")
    .some((signature) => {
      const [version, value] = signature.split(",");
      const given = Buffer.from(value ?? "", "base64");
      return version === "v1" && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

let roster: TestRoster;
let smtp: TestSmtp;
let admin: GraphQLClient;
let receiver: Receiver;

beforeAll(async () => {
  smtp = await startTestSmtp();
  roster = await startTestRoster({ smtpUrl: smtp.url, env: { ROSTER_WEBHOOKS_ALLOW_PRIVATE: "true" } });
  admin = await roster.signIn();
});
beforeEach(async () => {
  receiver = await new Receiver().start();
});
afterEach(async () => {
  await deleteAllWebhooks(admin);
  await receiver.close();
});
afterAll(async () => {
  await roster.stop();
  await smtp.close();
});

async function createWebhook(events: string[], url = receiver.url): Promise<{ id: string; secret: string }> {
  const { createWebhook } = await admin.data<{ createWebhook: { webhook: { id: string }; secret: string } }>(
    "mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } secret } }",
    { input: { url, events } },
  );
  return { id: createWebhook.webhook.id, secret: createWebhook.secret };
}

async function createPerson(displayName: string): Promise<{ id: string; version: number }> {
  const { createUser } = await admin.data<{ createUser: { id: string; version: number } }>(
    "mutation ($input: CreateUserInput!) { createUser(input: $input) { id version } }",
    { input: { displayName, kind: "CUSTOMER" } },
  );
  return createUser;
}

async function rename(person: { id: string; version: number }, displayName: string): Promise<void> {
  const { updateUser } = await admin.data<{ updateUser: { version: number } }>(
    "mutation ($id: ID!, $version: Int!, $input: UpdateUserInput!) { updateUser(id: $id, version: $version, input: $input) { version } }",
    { id: person.id, version: person.version, input: { displayName } },
  );
  person.version = updateUser.version;
}

const typeOf = (body: string) => (JSON.parse(body) as { type: string }).type;

test("every delivery is signed so the Standard Webhooks verification accepts it, and only subscribed changes go out", async () => {
  const { secret } = await createWebhook(["PERSON_CREATED", "PERSON_UPDATED"]);
  const people = [await createPerson("One"), await createPerson("Two"), await createPerson("Three")];
  await admin.data('mutation { createOrganization(input: { name: "Not subscribed" }) { id } }');
  await rename(people[1], "Two again");

  await until("four deliveries", () => receiver.received.length >= 4);
  expect(receiver.received).toHaveLength(4);
  for (const request of receiver.received) {
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.headers["webhook-id"]).toMatch(/^msg_\d+$/);
    expect(request.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(verifies(secret, request)).toBe(true);
    // A body changed in transit, or another secret, fails the same check.
    expect(verifies(secret, { ...request, body: request.body.replace("person", "persom") })).toBe(false);
    expect(verifies("whsec_" + Buffer.alloc(32, 7).toString("base64"), request)).toBe(false);
  }
  const bodies = receiver.received.map(
    (request) => JSON.parse(request.body) as { type: string; timestamp: string; data: { id: string } },
  );
  expect(bodies.map((body) => body.type).sort()).toEqual([
    "person.created",
    "person.created",
    "person.created",
    "person.updated",
  ]);
  expect(bodies.every((body) => new Date(body.timestamp).toISOString() === body.timestamp)).toBe(true);
  expect(new Set(receiver.received.map((request) => request.headers["webhook-id"])).size).toBe(4);
});

test("a rotated secret: both signatures during the overlap, the new one alone after it", async () => {
  const { id, secret: old } = await createWebhook(["PERSON_CREATED"]);
  const { rotateWebhookSecret } = await admin.data<{
    rotateWebhookSecret: { secret: string; webhook: { previousSecretUntil: string } };
  }>("mutation ($id: ID!) { rotateWebhookSecret(id: $id, overlapHours: 2) { secret webhook { previousSecretUntil } } }", { id });
  const fresh = rotateWebhookSecret.secret;
  expect(fresh).not.toBe(old);
  await createPerson("During the overlap");
  const during = await until("a delivery", () => receiver.received[0]);
  expect(String(during.headers["webhook-signature"]).split(" ")).toHaveLength(2);
  expect(verifies(old, during)).toBe(true);
  expect(verifies(fresh, during)).toBe(true);

  roster.clock.advanceDays(1);
  await createPerson("After the overlap");
  const after = await until("a second delivery", () => receiver.received[1]);
  expect(String(after.headers["webhook-signature"]).split(" ")).toHaveLength(1);
  expect(verifies(fresh, after)).toBe(true);
  expect(verifies(old, after)).toBe(false);
});

test("a receiver that fails three times then succeeds gets each change acknowledged once, in order per person", async () => {
  const { id } = await createWebhook(["PERSON_CREATED", "PERSON_UPDATED"]);
  receiver.answer = (request) => (request < 3 ? 500 : 200);
  const person = await createPerson("Patience");
  await rename(person, "Patience 2");
  await rename(person, "Patience 3");

  // Each retry waits its backoff on Roster's clock: move it on after every failed attempt.
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    await until(`attempt ${attempt}`, () => receiver.received.length >= attempt);
    roster.clock.advanceDays(1 / 24);
  }
  await until("three acknowledged deliveries", () => receiver.acknowledged().length >= 3);
  await new Promise((resolve) => setTimeout(resolve, 1500)); // nothing more comes
  expect(receiver.received.map((request) => [typeOf(request.body), request.status])).toEqual([
    ["person.created", 500],
    ["person.created", 500],
    ["person.created", 500],
    ["person.created", 200],
    ["person.updated", 200],
    ["person.updated", 200],
  ]);
  // The retries of one delivery carry the same webhook-id; each delivery its own.
  expect(new Set(receiver.received.slice(0, 4).map((request) => request.headers["webhook-id"])).size).toBe(1);

  const { webhookDeliveries } = await admin.data<{
    webhookDeliveries: {
      totalCount: number;
      nodes: { type: string; status: string; attempts: number; responseStatus: number }[];
    };
  }>(
    "query ($id: ID!) { webhookDeliveries(webhookId: $id, first: 10) { totalCount nodes { type status attempts responseStatus responseTimeMs } } }",
    { id },
  );
  expect(webhookDeliveries.totalCount).toBe(3);
  expect(
    webhookDeliveries.nodes.map(({ type, status, attempts, responseStatus }) => [type, status, attempts, responseStatus]),
  ).toEqual([
    ["PERSON_UPDATED", "DELIVERED", 1, 200],
    ["PERSON_UPDATED", "DELIVERED", 1, 200],
    ["PERSON_CREATED", "DELIVERED", 4, 200],
  ]);
});

test("failing for 24 hours: the delivery FAILED, the webhook disabled and its owner emailed; replay and reactivation deliver", async () => {
  const { id } = await createWebhook(["PERSON_CREATED"]);
  receiver.answer = () => 503;
  await createPerson("Unlucky");
  await until("a first attempt", () => receiver.received.length >= 1);
  roster.clock.advanceDays(1.1);
  const email = await smtp.next(ADMIN.email);
  expect(email.subject).toContain("disabled the webhook");
  expect(email.text).toContain(receiver.url);

  const state = await admin.data<{ webhooks: { id: string; active: boolean; disabledReason: string }[] }>(
    "{ webhooks { id active disabledReason } }",
  );
  expect(state.webhooks).toEqual([{ id, active: false, disabledReason: expect.stringContaining("HTTP 503") }]);
  const log = await admin.data<{ webhookDeliveries: { nodes: { id: string; status: string; error: string }[] } }>(
    "query ($id: ID!) { webhookDeliveries(webhookId: $id, first: 5) { nodes { id status error } } }",
    { id },
  );
  expect(log.webhookDeliveries.nodes).toEqual([{ id: expect.any(String), status: "FAILED", error: "HTTP 503" }]);

  // Meanwhile another change waits; the receiver is fixed, the failed one replayed, the webhook on again.
  await createPerson("Waiting");
  receiver.answer = () => 200;
  const attemptsBefore = receiver.received.length;
  await admin.data("mutation ($id: ID!) { redeliverWebhook(deliveryId: $id) { status } }", {
    id: log.webhookDeliveries.nodes[0].id,
  });
  await admin.data("mutation ($id: ID!) { updateWebhook(id: $id, input: { active: true }) { active } }", { id });
  await until("both delivered", () => receiver.acknowledged().length >= 2);
  expect(receiver.received.slice(attemptsBefore).map((request) => request.status)).toEqual([200, 200]);
}, 60_000);

test("a restart in the middle of a delivery: it is sent again afterwards, never lost", async () => {
  await createWebhook(["PERSON_CREATED"]);
  // A receiver that takes the request and never answers: Roster stops while it waits.
  let arrived: () => void = () => undefined;
  const first = new Promise<void>((resolve) => (arrived = resolve));
  const held = http.createServer((request) => {
    request.resume();
    arrived();
  });
  await new Promise<void>((resolve) => held.listen(0, "127.0.0.1", resolve));
  const { webhooks } = await admin.data<{ webhooks: { id: string }[] }>("{ webhooks { id } }");
  await admin.data("mutation ($id: ID!, $url: String!) { updateWebhook(id: $id, input: { url: $url }) { id } }", {
    id: webhooks[0].id,
    url: `http://127.0.0.1:${(held.address() as AddressInfo).port}/hooks`,
  });
  const person = await createPerson("Interrupted");
  await first;
  await roster.restart();
  admin = await roster.signIn();
  held.closeAllConnections();
  await new Promise((resolve) => held.close(resolve));
  // Back on the receiver that answers; the delivery is still due (with its backoff).
  await admin.data("mutation ($id: ID!, $url: String!) { updateWebhook(id: $id, input: { url: $url }) { id } }", {
    id: webhooks[0].id,
    url: receiver.url,
  });
  roster.clock.advanceDays(1 / 24);
  await until("the delivery", () => receiver.acknowledged().length >= 1);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect(receiver.acknowledged().map((body) => (JSON.parse(body) as { data: { id: string } }).data.id)).toEqual([person.id]);
}, 60_000);

test("replaying a time range sends again exactly the deliveries queued in it, with their webhook-ids", async () => {
  const { id } = await createWebhook(["PERSON_CREATED"]);
  const before = await createPerson("Before the range");
  await until("the first delivery", () => receiver.acknowledged().length >= 1);
  roster.clock.advanceDays(1);
  const from = roster.clock.now();
  const inside = [await createPerson("Inside one"), await createPerson("Inside two")];
  await until("the deliveries inside", () => receiver.acknowledged().length >= 3);
  roster.clock.advanceDays(1);
  const to = roster.clock.now();
  await createPerson("At the end, outside");
  await until("the last delivery", () => receiver.acknowledged().length >= 4);
  const firstRound = receiver.received.map((request) => ({
    id: String(request.headers["webhook-id"]),
    person: (JSON.parse(request.body) as { data: { id: string } }).data.id,
  }));

  const replayed = await admin.data<{ redeliverWebhookRange: number }>(
    "mutation ($id: ID!, $from: DateTime!, $to: DateTime!) { redeliverWebhookRange(webhookId: $id, from: $from, to: $to) }",
    { id, from: from.toISOString(), to: to.toISOString() },
  );
  expect(replayed.redeliverWebhookRange).toBe(2);
  await until("the replays", () => receiver.acknowledged().length >= 6);
  await new Promise((resolve) => setTimeout(resolve, 1500)); // anything more would have come by now
  const again = receiver.received.slice(4).map((request) => String(request.headers["webhook-id"]));
  expect(again.sort()).toEqual(
    firstRound
      .filter((delivery) => inside.some((person) => person.id === delivery.person))
      .map((delivery) => delivery.id)
      .sort(),
  );
  expect(firstRound.find((delivery) => delivery.person === before.id)).toBeDefined();

  // An unknown webhook is NOT_FOUND; a range of nothing replays nothing.
  const unknown = await admin.request(
    'mutation { redeliverWebhookRange(webhookId: "999999", from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z") }',
  );
  expect(unknown.errors?.[0].extensions?.code).toBe("NOT_FOUND");
  const empty = await admin.data<{ redeliverWebhookRange: number }>(
    'mutation ($id: ID!) { redeliverWebhookRange(webhookId: $id, from: "2020-01-01T00:00:00Z", to: "2020-01-02T00:00:00Z") }',
    { id },
  );
  expect(empty.redeliverWebhookRange).toBe(0);
}, 60_000);

test("outgoing requests: no redirect followed, the answer capped, a time limit, private addresses refused unless allowed", async () => {
  const settings = { allowPrivate: true, timeoutMs: 500 };
  receiver.answer = () => 302;
  expect(await send(receiver.url, {}, "{}", settings)).toMatchObject({
    status: 302,
    error: "HTTP 302 (redirects are not followed)",
  });
  expect(receiver.received).toHaveLength(1); // the Location was not visited

  const stubborn = http.createServer((_request, response) => {
    // An endless answer, and one that never comes.
    if (_request.url === "/endless") {
      response.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024, 120);
      const pump = () => {
        while (!response.destroyed && response.write(chunk));
        if (!response.destroyed) response.once("drain", pump);
      };
      pump();
    }
  });
  await new Promise<void>((resolve) => stubborn.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(stubborn.address() as AddressInfo).port}`;
  try {
    expect(await send(`${base}/endless`, {}, "{}", settings)).toMatchObject({ status: 200, error: null });
    const silent = await send(`${base}/silent`, {}, "{}", settings);
    expect(silent).toMatchObject({ status: null, error: "no answer within 500 ms" });
    expect(silent.ms).toBeLessThan(2000);
  } finally {
    stubborn.closeAllConnections();
    await new Promise((resolve) => stubborn.close(resolve));
  }

  const refused = await send(receiver.url, {}, "{}", { ...settings, allowPrivate: false });
  expect(refused.error).toMatch(/^refused: 127\.0\.0\.1 resolves to the private or loopback address/);
  for (const address of [
    "127.0.0.1",
    "10.1.2.3",
    "172.20.0.1",
    "192.168.1.1",
    "169.254.169.254",
    "::1",
    "fd00::1",
    "fe80::1",
    "::ffff:127.0.0.1",
    "0.0.0.0",
  ])
    expect([address, isReservedAddress(address)]).toEqual([address, true]);
  for (const address of ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "8.8.8.8"])
    expect([address, isReservedAddress(address)]).toEqual([address, false]);
  for (const url of ["http://127.0.0.1:8080/x", "http://[::1]/x", "http://localhost/x", "http://169.254.169.254/latest"])
    expect(() => checkWebhookUrl(url, false)).toThrow(/private or loopback/);
  expect(checkWebhookUrl("https://hooks.example.com/roster", false)).toBe("https://hooks.example.com/roster");
});

test("webhook input is checked with stable codes", async () => {
  const codeOf = async (query: string, variables: Record<string, unknown>) => {
    const response = await admin.request(query, variables);
    return response.errors?.map((error) => [error.extensions?.code, error.extensions?.argument ?? null]);
  };
  const create = "mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { secret } }";
  expect(await codeOf(create, { input: { url: "ftp://example.com/x", events: ["PERSON_CREATED"] } })).toEqual([
    ["BAD_USER_INPUT", "url"],
  ]);
  expect(await codeOf(create, { input: { url: "not a url", events: ["PERSON_CREATED"] } })).toEqual([["BAD_USER_INPUT", "url"]]);
  expect(await codeOf(create, { input: { url: "https://u:p@example.com/", events: ["PERSON_CREATED"] } })).toEqual([
    ["BAD_USER_INPUT", "url"],
  ]);
  expect(await codeOf(create, { input: { url: receiver.url, events: [] } })).toEqual([["BAD_USER_INPUT", "events"]]);
  expect(await codeOf(create, { input: { url: receiver.url, events: ["PERSON_CREATED"], segmentId: "999999" } })).toEqual([
    ["BAD_USER_INPUT", "segmentId"],
  ]);
  expect(await codeOf('mutation { updateWebhook(id: "999999", input: { active: true }) { id } }', {})).toEqual([
    ["NOT_FOUND", "id"],
  ]);
  expect(await codeOf('mutation { deleteWebhook(id: "999999") }', {})).toEqual([["NOT_FOUND", "id"]]);
  expect(await codeOf('mutation { redeliverWebhook(deliveryId: "999999") { id } }', {})).toEqual([["NOT_FOUND", "id"]]);
  const { id } = await createWebhook(["PERSON_CREATED"]);
  expect(await codeOf("mutation ($id: ID!) { rotateWebhookSecret(id: $id, overlapHours: 200) { secret } }", { id })).toEqual([
    ["BAD_USER_INPUT", "overlapHours"],
  ]);
  expect(await codeOf("query ($id: ID!) { webhookDeliveries(webhookId: $id, first: 0) { totalCount } }", { id })).toEqual([
    ["BAD_USER_INPUT", "first"],
  ]);
});
