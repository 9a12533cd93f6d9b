/**
 * One writer of people (modules/users/person-writer.ts): whichever path creates or changes a
 * person — createUser, updateUser, a communication from a new email, a CSV import — the same
 * rules hold: emails and usernames are one person's (CONFLICT naming the field, on update
 * too), a required name is never blank, values are stored in their field's spelling, and a new
 * person joins the organization of their email's domain.
 */
import { AuditEvent } from "../src/modules/audit/audit-event.entity";
import { AuditAction } from "../src/modules/audit/audit.enums";
import { User } from "../src/modules/users/user.entity";
import { createOrganization, createPerson } from "./support/fixtures";
import type { GraphQLClient } from "./support/graphql-client";
import { finishedImport, queueImport, withMapping } from "./support/imports";
import { startTestRoster, type TestRoster } from "./support/roster";

let roster: TestRoster;
let admin: GraphQLClient;

beforeAll(async () => {
  roster = await startTestRoster();
  admin = await roster.signIn();
});
afterAll(() => roster.stop());

const CREATE = `mutation ($input: CreateUserInput!) { createUser(input: $input) {
  id email username displayName timezone locale organization { name } } }`;
const UPDATE = `mutation ($id: ID!, $version: Int!, $input: UpdateUserInput!) {
  updateUser(id: $id, version: $version, input: $input) { id version email username displayName } }`;
const RECORD = `mutation ($input: RecordCommunicationInput!) { recordCommunication(input: $input) {
  user { displayName state source organization { name } } } }`;

interface Created {
  id: string;
  email: string | null;
  username: string | null;
  displayName: string;
  timezone: string | null;
  locale: string | null;
  organization: { name: string } | null;
}

const stored = (id: number | string) => roster.dataSource.getRepository(User).findOneByOrFail({ id: Number(id) });

describe("an email or a username is one person's", () => {
  test.each([
    ["email", (holder: User) => ({ email: holder.email!.toUpperCase() })],
    ["username", (holder: User) => ({ username: holder.username })],
  ])("updateUser to a taken %s is CONFLICT naming it, and changes nothing", async (field, input) => {
    const holder = await createPerson(roster.dataSource);
    const person = await createPerson(roster.dataSource);
    const response = await admin.request(UPDATE, { id: String(person.id), version: person.version, input: input(holder) });
    expect(response.errors?.[0].extensions).toMatchObject({ code: "CONFLICT", argument: field });
    expect(response.errors?.[0].message).toContain(`Someone already has the ${field}`);
    const after = await stored(person.id);
    expect({ email: after.email, username: after.username, version: after.version }).toEqual({
      email: person.email,
      username: person.username,
      version: person.version,
    });
  });

  test("a person keeps their own email and username, in another case too", async () => {
    const person = await createPerson(roster.dataSource, { username: "Casey.Case" });
    const { updateUser } = await admin.data<{ updateUser: { version: number; email: string; username: string } }>(UPDATE, {
      id: String(person.id),
      version: person.version,
      input: { email: person.email!.toUpperCase(), username: "casey.case" },
    });
    expect(updateUser).toMatchObject({ version: person.version + 1, email: person.email, username: "casey.case" });
  });

  test("createUser with a taken username is CONFLICT naming it", async () => {
    const holder = await createPerson(roster.dataSource);
    const response = await admin.request(CREATE, { input: { displayName: "Second", username: holder.username } });
    expect(response.errors?.[0].extensions).toMatchObject({ code: "CONFLICT", argument: "username" });
  });
});

describe("a display name is never blank", () => {
  test("createUser with a blank name is BAD_USER_INPUT naming displayName", async () => {
    const people = await roster.dataSource.getRepository(User).count();
    const response = await admin.request(CREATE, { input: { displayName: "   ", email: "blank.name@example.com" } });
    expect(response.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(response.errors?.[0].message).toContain("displayName");
    expect(await roster.dataSource.getRepository(User).count()).toBe(people);
  });

  test("updateUser to a blank name is BAD_USER_INPUT naming displayName, and changes nothing", async () => {
    const person = await createPerson(roster.dataSource, { displayName: "Named Person" });
    const response = await admin.request(UPDATE, {
      id: String(person.id),
      version: person.version,
      input: { displayName: " \t " },
    });
    expect(response.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(response.errors?.[0].message).toContain("displayName");
    expect(await stored(person.id)).toMatchObject({ displayName: "Named Person", version: person.version });
  });
});

test("values are stored in their field's spelling, and an edit is audited field by field", async () => {
  const { createUser } = await admin.data<{ createUser: Created }>(CREATE, {
    input: {
      displayName: "  Spelled Out  ",
      email: "Spelled.Out@Example.COM",
      username: "spelled",
      timezone: "europe/paris",
      locale: "FR-fr",
    },
  });
  expect(createUser).toMatchObject({
    displayName: "Spelled Out",
    email: "spelled.out@example.com",
    username: "spelled",
    timezone: "Europe/Paris",
    locale: "fr-FR",
  });
  const person = await stored(createUser.id);
  await admin.data(UPDATE, { id: createUser.id, version: person.version, input: { displayName: "Spelled Again " } });
  const event = await roster.dataSource
    .getRepository(AuditEvent)
    .findOneByOrFail({ action: AuditAction.USER_UPDATED, targetId: person.id });
  expect(JSON.parse(event.details!)).toEqual({ displayName: { before: "Spelled Out", after: "Spelled Again" } });
});

describe("a new person joins the organization of their email's domain, on every path", () => {
  test("createUser, recordCommunication and a CSV import", async () => {
    await createOrganization(roster.dataSource, { name: "Writer Domain Co", domains: ["writer-domain.test"] });
    const { createUser } = await admin.data<{ createUser: Created }>(CREATE, {
      input: { displayName: "Made By Agent", email: "agent.made@Writer-Domain.test" },
    });
    expect(createUser.organization).toEqual({ name: "Writer Domain Co" });

    const { recordCommunication } = await admin.data<{
      recordCommunication: { user: { displayName: string; state: string; source: string; organization: { name: string } } };
    }>(RECORD, { input: { email: "First.Contact@writer-domain.test", kind: "TICKET", displayName: "  " } });
    expect(recordCommunication.user).toEqual({
      displayName: "first.contact",
      state: "NOT_ACTIVATED",
      source: "TICKET",
      organization: { name: "Writer Domain Co" },
    });
    const recorded = await roster.dataSource.getRepository(User).findOneByOrFail({ email: "first.contact@writer-domain.test" });
    const created = await roster.dataSource
      .getRepository(AuditEvent)
      .findOneByOrFail({ action: AuditAction.USER_CREATED, targetId: recorded.id });
    expect({ toState: created.toState, details: JSON.parse(created.details!) }).toEqual({
      toState: "NOT_ACTIVATED",
      details: { from: "TICKET" },
    });

    const job = await finishedImport(
      admin,
      await queueImport(
        admin,
        withMapping({ Email: "email", Name: "displayName" }),
        ["Email,Name", "imported@writer-domain.test,Imported Person", "elsewhere@nowhere-domain.test,"].join("\n"),
      ),
    );
    expect(job).toMatchObject({ status: "DONE", created: 2, rejected: 0 });
    const imported = await roster.dataSource
      .getRepository(User)
      .findOneOrFail({ where: { email: "imported@writer-domain.test" }, relations: { organization: true } });
    expect(imported.organization?.name).toBe("Writer Domain Co");
    const elsewhere = await roster.dataSource.getRepository(User).findOneByOrFail({ email: "elsewhere@nowhere-domain.test" });
    expect({ displayName: elsewhere.displayName, organizationId: elsewhere.organizationId }).toEqual({
      displayName: "elsewhere",
      organizationId: null,
    });
    const importedEvent = await roster.dataSource
      .getRepository(AuditEvent)
      .findOneByOrFail({ action: AuditAction.USER_CREATED, targetId: imported.id });
    expect(JSON.parse(importedEvent.details!)).toEqual({ source: "IMPORT", line: 2 });
  });
});
