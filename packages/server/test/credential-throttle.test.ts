/**
 * Issue 15: every credential check is throttled per account and per address, a lock emails the
 * owner, and the answers tell nothing about whether an account exists or what it is.
 */
import { CredentialThrottle } from "../src/modules/auth/credential-throttle";
import { createAgent, createPerson } from "./support/fixtures";
import type { GraphQLClient } from "./support/graphql-client";
import { startTestRoster, type TestRoster } from "./support/roster";
import { startTestSmtp, type TestSmtp } from "./support/smtp";

let smtp: TestSmtp;
let roster: TestRoster;
let admin: GraphQLClient;

const ATTEMPTS = 3;

beforeAll(async () => {
  smtp = await startTestSmtp();
  roster = await startTestRoster({
    smtpUrl: smtp.url,
    env: { ROSTER_LOGIN_ACCOUNT_ATTEMPTS: String(ATTEMPTS), ROSTER_LOGIN_DELAY_MS: "0", ROSTER_LOGIN_ADDRESS_ATTEMPTS: "40" },
  });
  admin = await roster.signIn();
});
afterAll(async () => {
  await roster.stop();
  await smtp.close();
});

const LOGIN = "mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { id } }";
const AUTHENTICATE =
  "mutation ($login: String!, $password: String!) { authenticateUser(login: $login, password: $password) { id } }";
const CREATE_KEY = "mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }";

type Errors = { errors?: { message: string; extensions?: Record<string, unknown> }[] };

async function asService(secret: string, query: string, variables: Record<string, unknown>): Promise<Errors> {
  const response = await fetch(`${roster.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${secret}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as Errors;
}

test("a login brute force: locked after the configured failures, the right password refused too, the owner emailed", async () => {
  await createAgent(roster.dataSource, {
    email: "brute@example.com",
    displayName: "Bruno Brute",
    password: "brute-passphrase-ok",
  });
  const anonymous = roster.anonymous();
  for (let failure = 1; failure <= ATTEMPTS; failure++) {
    expect(await anonymous.errorCode(LOGIN, { email: "brute@example.com", password: `guess-${failure}` })).toBe(
      "INVALID_CREDENTIALS",
    );
  }
  const locked = await anonymous.request(LOGIN, { email: "brute@example.com", password: "brute-passphrase-ok" });
  expect(locked.errors?.[0].extensions).toMatchObject({ code: "TOO_MANY_ATTEMPTS" });
  const retryAfter = locked.errors?.[0].extensions?.retryAfterSeconds as number;
  expect(retryAfter).toBeGreaterThan(800);
  expect(retryAfter).toBeLessThanOrEqual(900);

  const notice = await smtp.next("brute@example.com");
  expect(notice.subject).toContain("locked");
  expect(notice.text).toContain("15 minutes");
});

test("an unknown account locks the same way, with the same answer", async () => {
  const anonymous = roster.anonymous();
  const answers: (string | undefined)[] = [];
  for (let attempt = 0; attempt <= ATTEMPTS; attempt++) {
    answers.push(await anonymous.errorCode(LOGIN, { email: "nobody-here@example.com", password: "whatever-guess" }));
  }
  expect(answers).toEqual([...Array<string>(ATTEMPTS).fill("INVALID_CREDENTIALS"), "TOO_MANY_ATTEMPTS"]);
});

test("a success forgives the account's earlier failures", async () => {
  await createAgent(roster.dataSource, { email: "forgiven@example.com", password: "forgiven-passphrase" });
  const anonymous = roster.anonymous();
  for (let round = 0; round < 2; round++) {
    for (let failure = 1; failure < ATTEMPTS; failure++) {
      expect(await anonymous.errorCode(LOGIN, { email: "forgiven@example.com", password: "nope-nope" })).toBe(
        "INVALID_CREDENTIALS",
      );
    }
    await anonymous.login("forgiven@example.com", "forgiven-passphrase");
  }
});

test("login on a customer's account answers exactly like a wrong password, right password or not", async () => {
  await createPerson(roster.dataSource, { email: "customer-oracle@example.com", password: "customer-passphrase" });
  const right = await roster
    .anonymous()
    .request(LOGIN, { email: "customer-oracle@example.com", password: "customer-passphrase" });
  const wrong = await roster.anonymous().request(LOGIN, { email: "customer-oracle@example.com", password: "not-the-passphrase" });
  expect(right.errors?.[0].extensions?.code).toBe("INVALID_CREDENTIALS");
  expect(right.errors?.[0]).toEqual(wrong.errors?.[0]);
});

test("authenticateUser checks customers; an agent's credentials only for a caller with people.manage", async () => {
  await createAgent(roster.dataSource, {
    email: "agent-checked@example.com",
    username: "agentchecked",
    password: "agent-checked-passphrase",
  });
  await createPerson(roster.dataSource, { email: "portal@example.com", username: "portaluser", password: "portal-passphrase" });
  const viewOnly = await admin.data<{ createApiKey: { secret: string } }>(CREATE_KEY, {
    input: { name: "Help center", permissions: ["people.view"] },
  });
  const manager = await admin.data<{ createApiKey: { secret: string } }>(CREATE_KEY, {
    input: { name: "Back office", permissions: ["people.view", "people.manage"] },
  });

  const agentRight = await asService(viewOnly.createApiKey.secret, AUTHENTICATE, {
    login: "agentchecked",
    password: "agent-checked-passphrase",
  });
  const agentWrong = await asService(viewOnly.createApiKey.secret, AUTHENTICATE, {
    login: "agentchecked",
    password: "wrong-one",
  });
  expect(agentRight.errors?.[0].extensions?.code).toBe("INVALID_CREDENTIALS");
  expect(agentRight.errors?.[0]).toEqual(agentWrong.errors?.[0]);

  expect(
    (await asService(viewOnly.createApiKey.secret, AUTHENTICATE, { login: "portaluser", password: "portal-passphrase" })).errors,
  ).toBeUndefined();
  expect(
    (await asService(manager.createApiKey.secret, AUTHENTICATE, { login: "agentchecked", password: "agent-checked-passphrase" }))
      .errors,
  ).toBeUndefined();
});

test("authenticateUser locks an account too", async () => {
  await createPerson(roster.dataSource, {
    email: "portal-brute@example.com",
    username: "portalbrute",
    password: "portal-brute-pass",
  });
  const answers: (string | undefined)[] = [];
  for (let attempt = 0; attempt <= ATTEMPTS; attempt++) {
    answers.push(
      await admin.errorCode(AUTHENTICATE, {
        login: attempt % 2 ? "portalbrute" : "portal-brute@example.com",
        password: "bad-guess",
      }),
    );
  }
  expect(answers.at(-1)).toBe("TOO_MANY_ATTEMPTS");
  expect((await smtp.next("portal-brute@example.com")).subject).toContain("locked");
});

describe("the throttle itself", () => {
  const settings = { accountAttempts: 2, addressAttempts: 3, windowSeconds: 60, lockSeconds: 120, delayMs: 0 };

  test.each([
    ["memory", undefined],
    ["Redis", process.env.ROSTER_TEST_REDIS_URL ?? "redis://127.0.0.1:6379"],
  ])("%s: a client address is locked after its failures across accounts", async (_store, redisUrl) => {
    const throttle = new CredentialThrottle({ ...settings, redisUrl });
    const address = `198.51.100.${Math.floor(Math.random() * 250)}-${process.pid}-${Date.now()}`;
    try {
      for (let n = 0; n < 3; n++) await (await throttle.begin(`account-${n}-${address}`, address)).failed();
      await expect(throttle.begin("another-account", address)).rejects.toMatchObject({
        code: "TOO_MANY_ATTEMPTS",
        details: { retryAfterSeconds: 120 },
      });
      // Another address is not affected.
      await (await throttle.begin("another-account", `${address}-other`)).succeeded();
    } finally {
      await throttle.close();
    }
  });
});
