import fs from "node:fs";
import path from "node:path";
import { UserState } from "../src/modules/users/user.enums";
import { createPerson } from "./support/fixtures";
import type { GraphQLClient } from "./support/graphql-client";
import { startTestRoster, type TestRoster } from "./support/roster";
import { startTestSmtp, type TestSmtp } from "./support/smtp";

let smtp: TestSmtp;
let roster: TestRoster;
let agent: GraphQLClient;

beforeAll(async () => {
  smtp = await startTestSmtp();
  roster = await startTestRoster({ smtpUrl: smtp.url });
  agent = await roster.signIn();
});
afterAll(async () => {
  await roster.stop();
  await smtp.close();
});

const REGISTER = "mutation ($input: RegisterUserInput!) { registerUser(input: $input) { id state username } }";
const AUTHENTICATE =
  "mutation ($login: String!, $password: String!) { authenticateUser(login: $login, password: $password) { id loginCount } }";

/** The link in an email, pointed at this test's server (emails use ROSTER_PUBLIC_URL). */
function linkIn(text: string, page: string): string {
  const match = new RegExp(`https?://\\S+/account/${page}\\?token=([\\w%-]+)`).exec(text);
  if (!match) throw new Error(`no ${page} link in:\n${text}`);
  return `${roster.url}/account/${page}?token=${match[1]}`;
}

const tokenOf = (link: string) => decodeURIComponent(new URL(link).searchParams.get("token")!);

/**
 * Follows a confirm-email link as a person does: the GET shows a button and confirms nothing
 * (a mail scanner that follows links must not confirm), the button's POST confirms.
 */
async function confirmByLink(link: string): Promise<Response> {
  const shown = await fetch(link);
  expect(shown.status).toBe(200);
  expect(await shown.text()).toContain("Confirm my email address");
  return fetch(link, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token: tokenOf(link) }).toString(),
  });
}

test("registration without a password: ACTIVE at once, an email with the username and a set-password link", async () => {
  const { registerUser } = await agent.data<{ registerUser: { state: string; username: string } }>(REGISTER, {
    input: { email: "Rita@Example.com", displayName: "Rita Register" },
  });
  expect(registerUser).toMatchObject({ state: "ACTIVE", username: "rita" });

  const email = await smtp.next("rita@example.com");
  expect(email.subject).toBe("Your account is ready");
  expect(email.text).toContain("Your username: rita");
  expect(email.text).not.toMatch(/password:/i);
  const link = linkIn(email.text, "set-password");

  const form = await fetch(link);
  expect(form.status).toBe(200);
  expect(await form.text()).toContain('name="password"');
  const set = await fetch(link, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token: tokenOf(link), password: "a-good-passphrase", confirm: "a-good-passphrase" }),
  });
  expect(set.status).toBe(200);
  expect(await set.text()).toContain("Your password is set");

  expect(await agent.data(AUTHENTICATE, { login: "rita", password: "a-good-passphrase" })).toMatchObject({
    authenticateUser: { loginCount: 1 },
  });
  // The link was single-use.
  const again = await fetch(link, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token: tokenOf(link), password: "another-passphrase", confirm: "another-passphrase" }),
  });
  expect(again.status).toBe(400);
  expect(await again.text()).toContain("already used");
});

test("registration with a password waits for the emailed link, which activates the account", async () => {
  const { registerUser } = await agent.data<{ registerUser: { id: string; state: string } }>(REGISTER, {
    input: { email: "paul@example.com", password: "paul-passphrase" },
  });
  expect(registerUser.state).toBe("NOT_ACTIVATED");
  expect(await agent.errorCode(AUTHENTICATE, { login: "paul@example.com", password: "paul-passphrase" })).toBe(
    "USER_NOT_ACTIVATED",
  );

  const email = await smtp.next("paul@example.com");
  const page = await confirmByLink(linkIn(email.text, "confirm-email"));
  expect(page.status).toBe(200);
  expect(await page.text()).toContain("Email address confirmed");

  const { user } = await agent.data<{
    user: {
      state: string;
      verified: boolean;
      roles: { name: string }[];
      stateHistory: { action: string; actorType: string; toState: string }[];
    };
  }>("query ($id: ID!) { user(id: $id) { state verified roles { name } stateHistory { action actorType toState } } }", {
    id: registerUser.id,
  });
  expect(user).toMatchObject({ state: "ACTIVE", verified: true });
  expect(user.roles.map((role) => role.name)).toContain("Registered User with Verified Email");
  expect(user.stateHistory).toEqual([
    { action: "USER_REGISTERED", actorType: "AGENT", toState: "NOT_ACTIVATED" },
    { action: "EMAIL_CONFIRMED", actorType: "USER", toState: "ACTIVE" },
  ]);
  expect(await agent.data(AUTHENTICATE, { login: "paul@example.com", password: "paul-passphrase" })).toMatchObject({
    authenticateUser: { id: registerUser.id },
  });
});

test("activation by an agent emails the username and a set-password link, never a password", async () => {
  const person = await createPerson(roster.dataSource, {
    state: UserState.NOT_ACTIVATED,
    email: "nadia@example.com",
    username: null,
    displayName: "Nadia New",
  });
  await agent.data("mutation ($id: ID!) { activateUser(id: $id) { state } }", { id: String(person.id) });
  const email = await smtp.next("nadia@example.com");
  expect(email.text).toContain("Your username: nadia");
  expect(linkIn(email.text, "set-password")).toContain("token=");
});

test("twenty simultaneous confirmations of one link: exactly one succeeds", async () => {
  const person = await createPerson(roster.dataSource, { email: "twenty@example.com" });
  await agent.data("mutation ($id: ID!) { sendVerificationEmail(id: $id) }", { id: String(person.id) });
  const token = tokenOf(linkIn((await smtp.next("twenty@example.com")).text, "confirm-email"));
  const CONFIRM = "mutation ($token: String!) { confirmEmail(token: $token) { verified } }";
  const results = await Promise.all(Array.from({ length: 20 }, () => roster.anonymous().request(CONFIRM, { token })));
  const succeeded = results.filter((result) => !result.errors);
  expect(succeeded).toHaveLength(1);
  expect(results.filter((result) => result.errors?.[0].extensions?.code === "INVALID_TOKEN")).toHaveLength(19);
  const [verified] = await roster.dataSource.query("SELECT emailVerifiedAt FROM users WHERE id = ?", [person.id]);
  expect(verified.emailVerifiedAt).not.toBeNull();
});

test("an expired link is refused in words", async () => {
  const person = await createPerson(roster.dataSource, { email: "late@example.com" });
  await agent.data("mutation ($id: ID!) { sendVerificationEmail(id: $id) }", { id: String(person.id) });
  const link = linkIn((await smtp.next("late@example.com")).text, "confirm-email");
  roster.clock.advanceDays(3);
  try {
    const page = await confirmByLink(link);
    expect(page.status).toBe(400);
    expect(await page.text()).toContain("invalid, already used, or expired");
  } finally {
    roster.clock.advanceDays(-3);
  }
});

test("a failed delivery keeps the message and retries it later; the state change stands", async () => {
  smtp.refuse(true);
  const person = await createPerson(roster.dataSource, { state: UserState.NOT_ACTIVATED, email: "retry@example.com" });
  try {
    expect(await agent.data("mutation ($id: ID!) { activateUser(id: $id) { state } }", { id: String(person.id) })).toEqual({
      activateUser: { state: "ACTIVE" },
    });
    await waitFor(async () => {
      const [message] = await roster.dataSource.query(
        "SELECT status, attempts, lastError FROM email_outbox WHERE toAddress = ?",
        ["retry@example.com"],
      );
      return message && Number(message.attempts) === 1 ? message : undefined;
    }).then((message) =>
      expect(message).toMatchObject({ status: "PENDING", lastError: expect.stringContaining("Try again later") }),
    );
  } finally {
    smtp.refuse(false);
  }
  // The retry is due 30 s later on the server's clock.
  roster.clock.set(new Date(roster.clock.now().getTime() + 31_000));
  await agent.data("mutation ($id: ID!) { sendVerificationEmail(id: $id) }", { id: String(person.id) });
  const subjects = [(await smtp.next("retry@example.com")).subject, (await smtp.next("retry@example.com")).subject].sort();
  expect(subjects).toEqual(["Confirm your email address", "Your account is ready"]);
});

test("without SMTP, messages are written as .eml files in the data folder", async () => {
  const local = await startTestRoster();
  try {
    const admin = await local.signIn();
    const person = await createPerson(local.dataSource, { email: "eml@example.com" });
    await admin.data("mutation ($id: ID!) { sendVerificationEmail(id: $id) }", { id: String(person.id) });
    const folder = path.join(local.dataDir, "mail");
    const file = await waitFor(async () =>
      fs.existsSync(folder) ? fs.readdirSync(folder).find((name) => name.endsWith(".eml")) : undefined,
    );
    const raw = fs.readFileSync(path.join(folder, file), "utf8");
    expect(raw).toMatch(/^To: eml@example\.com$/m);
    expect(raw).toMatch(/^Subject: Confirm your email address$/m);
  } finally {
    await local.stop();
  }
});

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("timed out waiting");
}
