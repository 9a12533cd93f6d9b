/**
 * Agents who can sign in (issue 13): an invitation emailed through the local SMTP server, its
 * link setting the password and activating the agent; password reset and change, each ending
 * the sessions it should — over HTTP, on SQLite and MariaDB.
 */
import type { GraphQLClient } from "./support/graphql-client";
import { startTestRoster, type TestRoster } from "./support/roster";
import { startTestSmtp, type TestSmtp } from "./support/smtp";

let smtp: TestSmtp;
let roster: TestRoster;
let admin: GraphQLClient;

beforeAll(async () => {
  smtp = await startTestSmtp();
  roster = await startTestRoster({ smtpUrl: smtp.url });
  admin = await roster.signIn();
});
afterAll(async () => {
  await roster.stop();
  await smtp.close();
});

const INVITE = "mutation ($input: InviteAgentInput!) { inviteAgent(input: $input) { id kind state source invitation } }";
const RESEND = "mutation ($id: ID!) { resendInvitation(id: $id) { id invitation } }";
const SET_PASSWORD =
  "mutation ($token: String!, $password: String!) { setPassword(token: $token, password: $password) { state } }";
const REQUEST_RESET = "mutation ($email: String!) { requestPasswordReset(email: $email) }";
const RESET = "mutation ($token: String!, $password: String!) { resetPassword(token: $token, password: $password) }";
const CHANGE = "mutation ($current: String!, $next: String!) { changePassword(currentPassword: $current, newPassword: $next) }";
const ME = "{ me { id } }";

/** The token of the set-password link in an email. */
function tokenIn(text: string): string {
  const match = /https?:\/\/\S+\/account\/set-password\?token=([\w%-]+)/.exec(text);
  if (!match) throw new Error(`no set-password link in:\n${text}`);
  return decodeURIComponent(match[1]);
}

async function invite(email: string, displayName?: string): Promise<{ id: string; token: string }> {
  const { inviteAgent } = await admin.data<{ inviteAgent: { id: string } }>(INVITE, { input: { email, displayName } });
  const received = await smtp.next(email);
  expect(received.subject).toBe("You are invited to Roster");
  return { id: inviteAgent.id, token: tokenIn(received.text) };
}

async function invitationOf(id: string): Promise<{ state: string; invitation: string | null }> {
  const { user } = await admin.data<{ user: { state: string; invitation: string | null } }>(
    "query ($id: ID!) { user(id: $id) { state invitation } }",
    { id },
  );
  return user;
}

/** An invited agent who accepted, signed in `sessions` times (each its own client). */
async function activeAgent(email: string, password: string, sessions: number): Promise<{ id: string; clients: GraphQLClient[] }> {
  const { id, token } = await invite(email);
  await roster.anonymous().data(SET_PASSWORD, { token, password });
  const clients: GraphQLClient[] = [];
  for (let index = 0; index < sessions; index++) clients.push(await roster.signIn({ email, password }));
  return { id, clients };
}

const meOf = async (client: GraphQLClient) => (await client.data<{ me: { id: string } | null }>(ME)).me;

test("invite → email → set password → the agent signs in; the link is single-use", async () => {
  const { inviteAgent } = await admin.data<{ inviteAgent: Record<string, unknown> }>(INVITE, {
    input: { email: "Ivy.Invited@Example.com", displayName: "Ivy Invited" },
  });
  expect(inviteAgent).toMatchObject({ kind: "AGENT", state: "NOT_ACTIVATED", source: "AGENT", invitation: "PENDING" });
  const email = await smtp.next("ivy.invited@example.com");
  expect(email.text).not.toMatch(/password:/i);
  const token = tokenIn(email.text);

  const anonymous = roster.anonymous();
  expect(await anonymous.errorCode('mutation { login(email: "ivy.invited@example.com", password: "whatever1") { id } }')).toBe(
    "INVALID_CREDENTIALS",
  );
  expect(await anonymous.errorCode(SET_PASSWORD, { token, password: "short" })).toBe("BAD_USER_INPUT");
  // A refused password leaves the link usable.
  expect(await anonymous.data(SET_PASSWORD, { token, password: "ivy-passphrase" })).toEqual({ setPassword: { state: "ACTIVE" } });
  expect(await anonymous.errorCode(SET_PASSWORD, { token, password: "another-passphrase" })).toBe("INVALID_TOKEN");

  const ivy = await roster.signIn({ email: "ivy.invited@example.com", password: "ivy-passphrase" });
  expect(await meOf(ivy)).toEqual({ id: inviteAgent.id });
  expect(await invitationOf(inviteAgent.id as string)).toEqual({ state: "ACTIVE", invitation: "ACCEPTED" });

  const { user } = await admin.data<{ user: { stateHistory: { action: string; toState: string }[] } }>(
    "query ($id: ID!) { user(id: $id) { stateHistory { action toState } } }",
    { id: inviteAgent.id },
  );
  expect(user.stateHistory).toEqual([
    { action: "AGENT_INVITED", toState: "NOT_ACTIVATED" },
    { action: "INVITATION_ACCEPTED", toState: "ACTIVE" },
  ]);
  // Customers and the first administrator were never invited.
  const { me } = await admin.data<{ me: { invitation: string | null } }>("{ me { invitation } }");
  expect(me.invitation).toBeNull();
});

test("an invitation expires after 72 hours; resending sends a new link and kills the old one", async () => {
  const expiring = await invite("exp@example.com");
  roster.clock.advanceDays(3.1);
  expect(await invitationOf(expiring.id)).toEqual({ state: "NOT_ACTIVATED", invitation: "EXPIRED" });
  expect(await roster.anonymous().errorCode(SET_PASSWORD, { token: expiring.token, password: "exp-passphrase" })).toBe(
    "INVALID_TOKEN",
  );

  const resent = await invite("resend@example.com");
  expect(await admin.data(RESEND, { id: resent.id })).toEqual({ resendInvitation: { id: resent.id, invitation: "PENDING" } });
  const fresh = tokenIn((await smtp.next("resend@example.com")).text);
  expect(fresh).not.toBe(resent.token);
  expect(await roster.anonymous().errorCode(SET_PASSWORD, { token: resent.token, password: "resend-passphrase" })).toBe(
    "INVALID_TOKEN",
  );
  await roster.anonymous().data(SET_PASSWORD, { token: fresh, password: "resend-passphrase" });
  expect(await invitationOf(resent.id)).toEqual({ state: "ACTIVE", invitation: "ACCEPTED" });
  // Nothing left to resend.
  expect(await admin.errorCode(RESEND, { id: resent.id })).toBe("INVALID_TRANSITION");
});

test("inviting validates its input and needs people.manage", async () => {
  expect(await admin.errorCode(INVITE, { input: { email: "not-an-email" } })).toBe("BAD_USER_INPUT");
  expect(await admin.errorCode(INVITE, { input: { email: "ivy.invited@example.com" } })).toBe("CONFLICT");
  expect(await roster.anonymous().errorCode(INVITE, { input: { email: "x@example.com" } })).toBe("UNAUTHENTICATED");
});

test("requestPasswordReset answers true for an unknown email and sends nothing", async () => {
  await activeAgent("known@example.com", "known-passphrase", 0);
  const anonymous = roster.anonymous();
  expect(await anonymous.data(REQUEST_RESET, { email: "nobody@example.com" })).toEqual({ requestPasswordReset: true });
  expect(await anonymous.data(REQUEST_RESET, { email: "known@example.com" })).toEqual({ requestPasswordReset: true });
  // The outbox sends in order: once the known one's email arrived, the unknown one's would have.
  const reset = await smtp.next("known@example.com");
  expect(reset.subject).toBe("Reset your password");
  expect(smtp.received.some((email) => email.to.includes("nobody@example.com"))).toBe(false);
});

test("a reset link works once, within an hour, and ends every session", async () => {
  const { clients } = await activeAgent("reset@example.com", "reset-passphrase-1", 2);
  const anonymous = roster.anonymous();

  await anonymous.data(REQUEST_RESET, { email: "reset@example.com" });
  const late = tokenIn((await smtp.next("reset@example.com")).text);
  roster.clock.advanceDays(1 / 24 + 0.001);
  expect(await anonymous.errorCode(RESET, { token: late, password: "reset-passphrase-2" })).toBe("INVALID_TOKEN");

  await anonymous.data(REQUEST_RESET, { email: "reset@example.com" });
  const token = tokenIn((await smtp.next("reset@example.com")).text);
  expect(await anonymous.errorCode(RESET, { token, password: "short" })).toBe("BAD_USER_INPUT");
  expect(await anonymous.data(RESET, { token, password: "reset-passphrase-2" })).toEqual({ resetPassword: true });
  expect(await anonymous.errorCode(RESET, { token, password: "reset-passphrase-3" })).toBe("INVALID_TOKEN");

  for (const client of clients) expect(await meOf(client)).toBeNull();
  expect(await anonymous.errorCode('mutation { login(email: "reset@example.com", password: "reset-passphrase-1") { id } }')).toBe(
    "INVALID_CREDENTIALS",
  );
  const again = await roster.signIn({ email: "reset@example.com", password: "reset-passphrase-2" });
  expect(await meOf(again)).not.toBeNull();
});

test("changePassword: a wrong current one is refused; the right one ends the other sessions only", async () => {
  const { id, clients } = await activeAgent("change@example.com", "change-passphrase-1", 2);
  const [here, elsewhere] = clients;

  const wrong = await here.request(CHANGE, { current: "not-my-password", next: "change-passphrase-2" });
  expect(wrong.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "currentPassword" });
  expect(await here.errorCode(CHANGE, { current: "change-passphrase-1", next: "short" })).toBe("BAD_USER_INPUT");
  expect(await meOf(elsewhere)).toEqual({ id });

  expect(await here.data(CHANGE, { current: "change-passphrase-1", next: "change-passphrase-2" })).toEqual({
    changePassword: true,
  });
  expect(await meOf(here)).toEqual({ id });
  expect(await meOf(elsewhere)).toBeNull();
  expect(await meOf(await roster.signIn({ email: "change@example.com", password: "change-passphrase-2" }))).toEqual({ id });
  expect(await roster.anonymous().errorCode(CHANGE, { current: "change-passphrase-2", next: "change-passphrase-3" })).toBe(
    "UNAUTHENTICATED",
  );
});
