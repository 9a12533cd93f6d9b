/**
 * Acknowledged writes are never lost, whatever else runs at the same time: one request's
 * rollback must not undo another's commit (the embedded database once shared one transaction
 * between all requests), and racing registrations end in one person and CONFLICTs, never an
 * internal error. Every check counts what was acknowledged against what is stored.
 */
import { In } from "typeorm";
import { AuditEvent } from "../src/modules/audit/audit-event.entity";
import { AuditAction } from "../src/modules/audit/audit.enums";
import { OutboxMessage } from "../src/modules/mail/outbox-message.entity";
import { User } from "../src/modules/users/user.entity";
import { UserState } from "../src/modules/users/user.enums";
import { createPerson } from "./support/fixtures";
import type { GraphQLClient, GraphQLResponse } from "./support/graphql-client";
import { startTestRoster, type TestRoster } from "./support/roster";

let roster: TestRoster;
let first: GraphQLClient;
let second: GraphQLClient;

beforeAll(async () => {
  roster = await startTestRoster();
  [first, second] = await Promise.all([roster.signIn(), roster.signIn()]);
});
afterAll(() => roster.stop());

const REGISTER = "mutation ($input: RegisterUserInput!) { registerUser(input: $input) { id } }";
const BAN = 'mutation ($id: ID!) { banUser(id: $id, reason: "Spam") { state version } }';
const CREATE = "mutation ($input: CreateUserInput!) { createUser(input: $input) { id email } }";

const codeOf = (response: GraphQLResponse<unknown>) => response.errors?.[0]?.extensions?.code;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test.each([1, 2, 3])("a failing registration does not undo a ban acknowledged meanwhile (trial %i)", async (trial) => {
  const holder = await createPerson(roster.dataSource, { username: `taken${trial}` });
  const target = await createPerson(roster.dataSource);
  // The registration hashes a password and then fails on the taken username; the ban lands in between.
  const registering = first.request(REGISTER, {
    input: { email: `newcomer${trial}@example.com`, username: holder.username, password: "a long enough password" },
  });
  await pause(15);
  const ban = await second.request<{ banUser: { state: string; version: number } }>(BAN, { id: String(target.id) });
  const registration = await registering;

  expect(codeOf(registration)).toBe("CONFLICT");
  expect(ban.errors).toBeUndefined();
  expect(ban.data?.banUser).toEqual({ state: "BANNED", version: target.version + 1 });
  const stored = await roster.dataSource.getRepository(User).findOneByOrFail({ id: target.id });
  expect({ state: stored.state, version: stored.version }).toEqual({ state: UserState.BANNED, version: target.version + 1 });
  expect(
    await roster.dataSource.getRepository(AuditEvent).countBy({ targetId: target.id, action: AuditAction.USER_BANNED }),
  ).toBe(1);
  expect(await roster.dataSource.getRepository(User).existsBy({ email: `newcomer${trial}@example.com` })).toBe(false);
});

test("ten registrations of one email: one person, nine CONFLICTs, and other writes meanwhile all kept", async () => {
  const email = "race@example.com";
  const registrations = Array.from({ length: 10 }, () =>
    first.request<{ registerUser: { id: string } }>(REGISTER, { input: { email, password: "a long enough password" } }),
  );
  const creations = Array.from({ length: 8 }, async (_, index) => {
    await pause(index * 5);
    return second.request<{ createUser: { id: string; email: string } }>(CREATE, {
      input: { displayName: `Meanwhile ${index}`, email: `meanwhile${index}@example.com` },
    });
  });
  const registered = await Promise.all(registrations);
  const created = await Promise.all(creations);

  const succeeded = registered.filter((response) => response.data?.registerUser);
  expect(succeeded).toHaveLength(1);
  expect(registered.filter((response) => !response.data?.registerUser).map(codeOf)).toEqual(Array(9).fill("CONFLICT"));
  const people = await roster.dataSource.getRepository(User).findBy({ email });
  expect(people.map((person) => String(person.id))).toEqual([succeeded[0].data!.registerUser.id]);
  // One confirmation email, for the person who exists.
  const mail = await roster.dataSource.getRepository(OutboxMessage).findBy({ toAddress: email });
  expect(mail.map((message) => message.userId)).toEqual([people[0].id]);

  expect(created.map(codeOf)).toEqual(Array(8).fill(undefined));
  const acknowledged = created.map((response) => response.data!.createUser.email);
  const stored = await roster.dataSource.getRepository(User).findBy({ email: In(acknowledged) });
  expect(stored.map((person) => person.email).sort()).toEqual([...acknowledged].sort());
});

test("parallel edits of one person: each acknowledged version is stored once, stale ones are refused", async () => {
  const person = await createPerson(roster.dataSource);
  const UPDATE =
    "mutation ($id: ID!, $version: Int!, $input: UpdateUserInput!) { updateUser(id: $id, version: $version, input: $input) { version } }";
  const attempts = await Promise.all(
    Array.from({ length: 8 }, (_, index) =>
      (index % 2 ? first : second).request<{ updateUser: { version: number } }>(UPDATE, {
        id: String(person.id),
        version: person.version,
        input: { displayName: `Edit ${index}` },
      }),
    ),
  );
  const won = attempts.filter((response) => response.data?.updateUser);
  expect(won).toHaveLength(1);
  expect(attempts.filter((response) => !response.data?.updateUser).map(codeOf)).toEqual(Array(7).fill("CONFLICT"));
  const stored = await roster.dataSource.getRepository(User).findOneByOrFail({ id: person.id });
  expect(stored.version).toBe(won[0].data!.updateUser.version);
  expect(
    await roster.dataSource.getRepository(AuditEvent).countBy({ targetId: person.id, action: AuditAction.USER_UPDATED }),
  ).toBe(1);
});
