import { CommunicationKind } from "../src/modules/communications/communication.enums";
import type { User } from "../src/modules/users/user.entity";
import { UserState } from "../src/modules/users/user.enums";
import { SystemRole } from "../src/modules/roles/role.enums";
import { assignSystemRole, createAgent, createCommunication, createOrganization, createPerson } from "./support/fixtures";
import type { GraphQLClient } from "./support/graphql-client";
import { startTestRoster, type TestRoster } from "./support/roster";

const DAY = 86_400_000;

let roster: TestRoster;
let agent: GraphQLClient;

beforeAll(async () => {
  roster = await startTestRoster();
  agent = await roster.signIn();
});
afterAll(() => roster.stop());

const PERSON = `query ($id: ID!) { user(id: $id) {
  id state version bannedUntil banReason allowedTransitions
  stateHistory { action actorType actorName fromState toState reason occurredAt }
} }`;

interface PersonView {
  id: string;
  state: string;
  version: number;
  bannedUntil: string | null;
  banReason: string | null;
  allowedTransitions: string[];
  stateHistory: {
    action: string;
    actorType: string;
    actorName: string;
    fromState: string | null;
    toState: string | null;
    reason: string | null;
  }[];
}

const read = async (id: number | string) => (await agent.data<{ user: PersonView }>(PERSON, { id: String(id) })).user;

/** The states a person can be in, including a ban that has ended (which reads ACTIVE). */
const startingPoints: Record<string, Partial<User>> = {
  ACTIVE: { state: UserState.ACTIVE },
  NOT_ACTIVATED: { state: UserState.NOT_ACTIVATED },
  BANNED: { state: UserState.BANNED, stateBeforeBan: UserState.ACTIVE },
  BANNED_ENDED: { state: UserState.BANNED, bannedUntil: new Date("2026-06-01T00:00:00Z") },
  TRASHED: { state: UserState.TRASHED, stateBeforeTrash: UserState.ACTIVE },
};

const mutations: Record<string, string> = {
  ACTIVATE: "mutation ($id: ID!) { activateUser(id: $id) { state } }",
  BAN: 'mutation ($id: ID!) { banUser(id: $id, days: 7, reason: "Spam") { state } }',
  UNBAN: "mutation ($id: ID!) { unbanUser(id: $id) { state } }",
  TRASH: "mutation ($id: ID!) { trashUser(id: $id) { state } }",
  RESTORE: "mutation ($id: ID!) { restoreUser(id: $id) { state } }",
  DELETE: "mutation ($id: ID!) { deleteUser(id: $id) }",
  SEND_VERIFICATION_EMAIL: "mutation ($id: ID!) { sendVerificationEmail(id: $id) }",
};

// SPEC §3.1, written out independently of the code's table: the state each transition leads to
// from each starting point, or null where it must be refused with INVALID_TRANSITION.
const expected: Record<string, Record<string, string | null>> = {
  ACTIVE: {
    ACTIVATE: null,
    BAN: "BANNED",
    UNBAN: null,
    TRASH: "TRASHED",
    RESTORE: null,
    DELETE: null,
    SEND_VERIFICATION_EMAIL: "ACTIVE",
  },
  NOT_ACTIVATED: {
    ACTIVATE: "ACTIVE",
    BAN: "BANNED",
    UNBAN: null,
    TRASH: "TRASHED",
    RESTORE: null,
    DELETE: null,
    SEND_VERIFICATION_EMAIL: "NOT_ACTIVATED",
  },
  BANNED: {
    ACTIVATE: null,
    BAN: "BANNED",
    UNBAN: "ACTIVE",
    TRASH: "TRASHED",
    RESTORE: null,
    DELETE: null,
    SEND_VERIFICATION_EMAIL: null,
  },
  BANNED_ENDED: {
    ACTIVATE: null,
    BAN: "BANNED",
    UNBAN: null,
    TRASH: "TRASHED",
    RESTORE: null,
    DELETE: null,
    SEND_VERIFICATION_EMAIL: "ACTIVE",
  },
  TRASHED: {
    ACTIVATE: null,
    BAN: null,
    UNBAN: null,
    TRASH: null,
    RESTORE: "ACTIVE",
    DELETE: "DELETED",
    SEND_VERIFICATION_EMAIL: null,
  },
};

const cases = Object.entries(expected).flatMap(([from, outcomes]) =>
  Object.entries(outcomes).map(([transition, to]) => [from, transition, to] as const),
);

describe("the transition table, every state × every transition", () => {
  test.each(cases)("%s + %s → %s", async (from, transition, to) => {
    const person = await createPerson(roster.dataSource, startingPoints[from]);
    const before = await read(person.id);
    const response = await agent.request(mutations[transition], { id: String(person.id) });
    if (to === null) {
      expect(response.errors?.[0].extensions?.code).toBe("INVALID_TRANSITION");
      expect(response.errors?.[0].message).toMatch(/^Cannot /);
      // Refused means untouched: same version, no history.
      const after = await read(person.id);
      expect(after.version).toBe(before.version);
      expect(after.stateHistory).toEqual([]);
      expect(before.allowedTransitions).not.toContain(transition);
      return;
    }
    expect(response.errors).toBeUndefined();
    expect(before.allowedTransitions).toContain(transition);
    if (to === "DELETED") {
      expect(await agent.data(PERSON, { id: String(person.id) })).toEqual({ user: null });
      return;
    }
    const after = await read(person.id);
    expect(after.state).toBe(to);
    if (transition !== "SEND_VERIFICATION_EMAIL") {
      expect(after.stateHistory.at(-1)).toMatchObject({
        actorType: "AGENT",
        actorName: "Administrator",
        fromState: before.state,
        toState: to,
      });
    }
  });
});

describe("bans", () => {
  test("a temporary ban ends by itself at bannedUntil, everywhere", async () => {
    const person = await createPerson(roster.dataSource, { displayName: "Ted Temporary" });
    const banned = await agent.data<{ banUser: { state: string; bannedUntil: string; banReason: string } }>(
      'mutation ($id: ID!) { banUser(id: $id, days: 3, reason: "Abusive language") { state bannedUntil banReason } }',
      { id: String(person.id) },
    );
    expect(banned.banUser).toEqual({
      state: "BANNED",
      bannedUntil: new Date(roster.clock.now().getTime() + 3 * DAY).toISOString(),
      banReason: "Abusive language",
    });
    const count = async (state: string) =>
      (
        await agent.data<{ users: { totalCount: number } }>(
          "query ($states: [UserState!], $q: String) { users(states: $states, search: $q) { totalCount } }",
          { states: [state], q: "Ted Temporary" },
        )
      ).users.totalCount;
    expect(await count("BANNED")).toBe(1);
    roster.clock.advanceDays(3);
    try {
      expect((await read(person.id)).state).toBe("ACTIVE");
      expect(await count("BANNED")).toBe(0);
      expect(await count("ACTIVE")).toBe(1);
    } finally {
      roster.clock.advanceDays(-3);
    }
  });

  test("unbanning returns a never-activated person to not activated; the history keeps the reason", async () => {
    const person = await createPerson(roster.dataSource, { state: UserState.NOT_ACTIVATED });
    await agent.data('mutation ($id: ID!) { banUser(id: $id, reason: "Spam") { id } }', { id: String(person.id) });
    await agent.data("mutation ($id: ID!) { unbanUser(id: $id) { id } }", { id: String(person.id) });
    const after = await read(person.id);
    expect(after.state).toBe("NOT_ACTIVATED");
    expect(after.stateHistory.map((event) => [event.action, event.fromState, event.toState, event.reason])).toEqual([
      ["USER_BANNED", "NOT_ACTIVATED", "BANNED", "Spam"],
      ["USER_UNBANNED", "BANNED", "NOT_ACTIVATED", null],
    ]);
  });

  test("a temporary ban of a never-activated person ends back in NOT_ACTIVATED: the ban ends, it does not activate", async () => {
    const person = await createPerson(roster.dataSource, { displayName: "Nora Never", state: UserState.NOT_ACTIVATED });
    await agent.data('mutation ($id: ID!) { banUser(id: $id, days: 2, reason: "Spam") { id } }', { id: String(person.id) });
    const count = async (state: string) =>
      (
        await agent.data<{ users: { totalCount: number } }>(
          "query ($states: [UserState!], $q: String) { users(states: $states, search: $q) { totalCount } }",
          { states: [state], q: "Nora Never" },
        )
      ).users.totalCount;
    roster.clock.advanceDays(2);
    try {
      expect((await read(person.id)).state).toBe("NOT_ACTIVATED");
      // The list's filters, and the segment language, read it the same way.
      expect([await count("NOT_ACTIVATED"), await count("ACTIVE"), await count("BANNED")]).toEqual([1, 0, 0]);
      const segment = await agent.data<{ users: { totalCount: number } }>(
        'query { users(search: "Nora Never", segment: "state = not_activated") { totalCount } }',
      );
      expect(segment.users.totalCount).toBe(1);
    } finally {
      roster.clock.advanceDays(-2);
    }
  });

  test("the same ban again is refused as already so, with no second event; another reason or end changes it", async () => {
    const person = await createPerson(roster.dataSource);
    const ban = (reason: string) =>
      agent.request("mutation ($id: ID!, $reason: String) { banUser(id: $id, reason: $reason) { id } }", {
        id: String(person.id),
        reason,
      });
    expect((await ban("Spam")).errors).toBeUndefined();
    const again = await ban(" Spam ");
    expect(again.errors?.[0].extensions?.code).toBe("INVALID_TRANSITION");
    expect(again.errors?.[0].message).toMatch(/already banned so/);
    expect((await ban("Abuse")).errors).toBeUndefined();
    expect((await read(person.id)).stateHistory.map((event) => [event.action, event.reason])).toEqual([
      ["USER_BANNED", "Spam"],
      ["USER_BANNED", "Abuse"],
    ]);
  });

  test("a verification email to an address already verified is refused, and sends nothing", async () => {
    const person = await createPerson(roster.dataSource, { emailVerifiedAt: new Date("2026-01-01T00:00:00Z") });
    const response = await agent.request("mutation ($id: ID!) { sendVerificationEmail(id: $id) }", { id: String(person.id) });
    expect(response.errors?.[0].extensions?.code).toBe("INVALID_TRANSITION");
    expect(response.errors?.[0].message).toMatch(/already verified/);
  });

  test.each([
    ["days: 0", "mutation ($id: ID!) { banUser(id: $id, days: 0) { id } }", "days"],
    ["days: 5000", "mutation ($id: ID!) { banUser(id: $id, days: 5000) { id } }", "days"],
  ])("a ban with %s is BAD_USER_INPUT", async (_case, mutation, argument) => {
    const person = await createPerson(roster.dataSource);
    const response = await agent.request(mutation, { id: String(person.id) });
    expect(response.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(response.errors?.[0].message).toContain(argument);
    expect((await read(person.id)).state).toBe("ACTIVE");
  });

  test("the last agent able to manage roles cannot be banned or trashed by another; with a second one, they can", async () => {
    // A plain agent (the system Agent role: people.manage, not roles.manage) against the administrator.
    await createAgent(roster.dataSource, { email: "plain-agent@roster.test", password: "plain-passphrase" });
    const plain = await roster.signIn({ email: "plain-agent@roster.test", password: "plain-passphrase" });
    const { me } = await agent.data<{ me: { id: string } }>("{ me { id } }");
    for (const mutation of ['mutation ($id: ID!) { banUser(id: $id, reason: "Coup") { id } }', mutations.TRASH]) {
      const refused = await plain.request(mutation, { id: me.id });
      expect(refused.errors?.[0].extensions?.code).toBe("CONFLICT");
      expect(refused.errors?.[0].message).toMatch(/no active agent able to manage roles/);
    }
    expect((await read(me.id)).state).toBe("ACTIVE");
    // A second administrator, banned and brought back: the first one remains meanwhile.
    const second = await createAgent(roster.dataSource, { displayName: "Second Admin" });
    await assignSystemRole(roster.dataSource, second, SystemRole.ADMINISTRATOR);
    expect(
      (await agent.request("mutation ($id: ID!) { banUser(id: $id) { id } }", { id: String(second.id) })).errors,
    ).toBeUndefined();
  });

  test("a customer made an agent loses their customer roles; the last administrator cannot be made a customer", async () => {
    const person = await createPerson(roster.dataSource, { displayName: "Kim Kind" });
    const { createRole: customerRole } = await agent.data<{ createRole: { id: string } }>(
      'mutation { createRole(input: { name: "Kind VIP", kind: CUSTOMER, permissions: [] }) { id } }',
    );
    await agent.data("mutation ($user: ID!, $role: ID!) { assignRoles(userId: $user, roleIds: [$role]) { id } }", {
      user: String(person.id),
      role: customerRole.id,
    });
    const { version } = await read(person.id);
    const changed = await agent.data<{ updateUser: { kind: string; roles: { name: string; implicit: boolean }[] } }>(
      "mutation ($id: ID!, $version: Int!) { updateUser(id: $id, version: $version, input: { kind: AGENT }) { kind roles { name implicit } } }",
      { id: String(person.id), version },
    );
    expect(changed.updateUser.kind).toBe("AGENT");
    expect(changed.updateUser.roles.filter((role) => !role.implicit)).toEqual([]);

    const { me } = await agent.data<{ me: { id: string; version: number } }>("{ me { id version } }");
    const refused = await agent.request(
      "mutation ($id: ID!, $version: Int!) { updateUser(id: $id, version: $version, input: { kind: CUSTOMER }) { kind } }",
      { id: me.id, version: me.version },
    );
    expect(refused.errors?.[0].extensions?.code).toBe("CONFLICT");
    expect((await agent.data<{ me: { kind: string } }>("{ me { kind } }")).me.kind).toBe("AGENT");
  });

  test("an agent cannot ban themself", async () => {
    const { me } = await agent.data<{ me: { id: string } }>("{ me { id } }");
    expect(await agent.errorCode(mutations.BAN, { id: me.id })).toBe("INVALID_TRANSITION");
  });
});

describe("trash", () => {
  test("takes the person's communications out of stats and organization aggregates, and brings them back", async () => {
    const organization = await createOrganization(roster.dataSource, { name: "Trash Test Inc" });
    const stays = await createPerson(roster.dataSource, { organizationId: organization.id });
    const goes = await createPerson(roster.dataSource, {
      organizationId: organization.id,
      state: UserState.BANNED,
      bannedUntil: new Date("2027-01-01T00:00:00Z"),
    });
    await createCommunication(roster.dataSource, stays, { kind: CommunicationKind.TICKET });
    await createCommunication(roster.dataSource, goes, { kind: CommunicationKind.TICKET });
    await createCommunication(roster.dataSource, goes, { kind: CommunicationKind.CALL, durationSeconds: 60 });
    const ORG = `query ($id: ID!, $person: ID!) {
      organization(id: $id) { memberCount stats { totalCount callCount } communications { totalCount } }
      user(id: $person) { stats { totalCount } communications { totalCount } }
    }`;
    const variables = { id: String(organization.id), person: String(goes.id) };
    expect(await agent.data(ORG, variables)).toEqual({
      organization: { memberCount: 2, stats: { totalCount: 3, callCount: 1 }, communications: { totalCount: 3 } },
      user: { stats: { totalCount: 2 }, communications: { totalCount: 2 } },
    });
    await agent.data(mutations.TRASH, { id: String(goes.id) });
    expect(await agent.data(ORG, variables)).toEqual({
      organization: { memberCount: 1, stats: { totalCount: 1, callCount: 0 }, communications: { totalCount: 1 } },
      user: { stats: { totalCount: 0 }, communications: { totalCount: 0 } },
    });
    await agent.data(mutations.RESTORE, { id: String(goes.id) });
    expect(await agent.data(ORG, variables)).toEqual({
      organization: { memberCount: 2, stats: { totalCount: 3, callCount: 1 }, communications: { totalCount: 3 } },
      user: { stats: { totalCount: 2 }, communications: { totalCount: 2 } },
    });
    // Restored to the state before: still banned, until the same day.
    expect(await read(goes.id)).toMatchObject({ state: "BANNED", bannedUntil: "2027-01-01T00:00:00.000Z" });
  });

  test("deleting from the trash removes the person and their communications", async () => {
    const person = await createPerson(roster.dataSource, { state: UserState.TRASHED });
    await createCommunication(roster.dataSource, person, { kind: CommunicationKind.CHAT });
    await agent.data(mutations.DELETE, { id: String(person.id) });
    const [left] = await roster.dataSource.query("SELECT COUNT(*) AS n FROM communications WHERE userId = ?", [person.id]);
    expect(Number(left.n)).toBe(0);
    const [event] = await roster.dataSource.query(
      "SELECT action, fromState FROM audit_events WHERE targetId = ? ORDER BY id DESC",
      [person.id],
    );
    expect(event).toEqual({ action: "USER_DELETED", fromState: "TRASHED" });
  });
});

describe("a state change and its audit event commit together", () => {
  test("when writing the audit event fails, the ban is not applied either", async () => {
    const person = await createPerson(roster.dataSource);
    await roster.dataSource.query("ALTER TABLE audit_events RENAME TO audit_events_away");
    const errors = jest.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      expect(await agent.errorCode(mutations.BAN, { id: String(person.id) })).toBe("INTERNAL_SERVER_ERROR");
    } finally {
      errors.mockRestore();
      await roster.dataSource.query("ALTER TABLE audit_events_away RENAME TO audit_events");
    }
    const after = await read(person.id);
    expect(after).toMatchObject({ state: "ACTIVE", bannedUntil: null, version: person.version, stateHistory: [] });
  });
});

describe("edits", () => {
  const UPDATE =
    "mutation ($id: ID!, $version: Int!, $input: UpdateUserInput!) { updateUser(id: $id, version: $version, input: $input) { displayName version email emailVerifiedAt } }";

  test("an edit on the current version applies and moves the version; a stale one is refused and changes nothing", async () => {
    const person = await createPerson(roster.dataSource, {
      displayName: "Vic Version",
      emailVerifiedAt: new Date("2026-01-01T00:00:00Z"),
    });
    const first = await agent.data<{ updateUser: { version: number; emailVerifiedAt: string | null } }>(UPDATE, {
      id: String(person.id),
      version: person.version,
      input: { displayName: "Victor Version", email: "victor@example.com" },
    });
    expect(first.updateUser).toMatchObject({
      displayName: "Victor Version",
      version: person.version + 1,
      email: "victor@example.com",
      emailVerifiedAt: null,
    });

    // A second agent still holding the old version.
    const stale = await agent.request(UPDATE, {
      id: String(person.id),
      version: person.version,
      input: { displayName: "Lost Edit" },
    });
    expect(stale.errors?.[0].extensions).toMatchObject({ code: "CONFLICT", currentVersion: person.version + 1 });
    expect((await read(person.id)).version).toBe(person.version + 1);
    const { user } = await agent.data<{ user: { displayName: string } }>("query ($id: ID!) { user(id: $id) { displayName } }", {
      id: String(person.id),
    });
    expect(user.displayName).toBe("Victor Version");
  });

  test.each([
    [{ email: "not-an-email" }, "email"],
    [{ displayName: "" }, "displayName"],
    [{ timezone: "Mars/Olympus" }, "timezone"],
    [{ organizationId: "999999" }, "organizationId"],
  ])("%j is BAD_USER_INPUT naming the field", async (input, field) => {
    const person = await createPerson(roster.dataSource);
    const response = await agent.request(UPDATE, { id: String(person.id), version: person.version, input });
    expect(response.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(response.errors?.[0].message).toContain(field);
  });

  test("createUser makes an ACTIVE person, joins the organization of the email's domain, refuses a taken email", async () => {
    await createOrganization(roster.dataSource, { name: "Domain Match Ltd", domains: ["domainmatch.test"] });
    const CREATE =
      "mutation ($input: CreateUserInput!) { createUser(input: $input) { state source organization { name } stateHistory { action toState } } }";
    const created = await agent.data(CREATE, { input: { displayName: "Dora Domain", email: "Dora@DomainMatch.test" } });
    expect(created).toEqual({
      createUser: {
        state: "ACTIVE",
        source: "AGENT",
        organization: { name: "Domain Match Ltd" },
        stateHistory: [{ action: "USER_CREATED", toState: "ACTIVE" }],
      },
    });
    expect(await agent.errorCode(CREATE, { input: { displayName: "Dora Again", email: "dora@domainmatch.test" } })).toBe(
      "CONFLICT",
    );
  });
});
