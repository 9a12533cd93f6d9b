/**
 * Issue 15, point 4: a sent email's token does not stay usable in the outbox, and the
 * confirm-email link opens a page whose button confirms (the GET itself uses nothing).
 */
import { OutboxMessage, OutboxStatus } from "../src/modules/mail/outbox-message.entity";
import { createPerson } from "./support/fixtures";
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

/** The confirm-email link in an email, pointed at this test's server (emails use ROSTER_PUBLIC_URL). */
const linkIn = (text: string) => `${roster.url}/account/confirm-email?token=${/confirm-email\?token=([\w%-]+)/.exec(text)![1]}`;

async function sentMessage(to: string): Promise<OutboxMessage> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const message = await roster.dataSource.getRepository(OutboxMessage).findOneBy({ toAddress: to });
    if (message?.status === OutboxStatus.SENT) return message;
    if (Date.now() > deadline) throw new Error(`no message sent to ${to}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test("once sent, the outbox keeps no usable token; the link's GET confirms nothing, its button does", async () => {
  const person = await createPerson(roster.dataSource, { email: "scrub@example.com" });
  await admin.data("mutation ($id: ID!) { sendVerificationEmail(id: $id) }", { id: String(person.id) });
  const email = await smtp.next("scrub@example.com");
  const link = linkIn(email.text);
  const token = new URL(link).searchParams.get("token")!;

  const stored = await sentMessage("scrub@example.com");
  expect(stored.textBody).not.toContain(token);
  expect(stored.textBody).toContain("confirm-email?token=…");

  const verified = () =>
    admin
      .data<{ user: { verified: boolean } }>("query ($id: ID!) { user(id: $id) { verified } }", { id: String(person.id) })
      .then(({ user }) => user.verified);
  const opened = await fetch(link);
  expect(opened.status).toBe(200);
  const html = await opened.text();
  expect(html).toContain('<form method="post">');
  expect(await verified()).toBe(false);

  const confirmed = await fetch(link, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token }).toString(),
  });
  expect(confirmed.status).toBe(200);
  expect(await confirmed.text()).toContain("Email address confirmed");
  expect(await verified()).toBe(true);
});
