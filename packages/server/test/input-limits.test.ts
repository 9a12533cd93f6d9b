/**
 * Every text a mutation takes fits the column it is kept in (issue 11): walked from the schema,
 * each String argument and input field is sent, in an otherwise valid call, as wide as its
 * column (accepted), one character wider and 100,000 characters long (both BAD_USER_INPUT
 * naming the field, on MariaDB as on SQLite, which keeps any length). The widths are read from
 * the entities' metadata, which test/schema.test.ts holds to the migrated schema.
 *
 * A new mutation, or a new String field, fails the first test until it has an entry below:
 * the column it fills, or a reason in NOT_STORED.
 */
import { getNamedType, isInputObjectType, isObjectType, type GraphQLInputType, type GraphQLSchema } from "graphql";
import type { EntityTarget, ObjectLiteral } from "typeorm";
import { SEGMENT_TEXT_CHARS, WIDTH } from "../src/common/widths";
import { OrganizationAttribute, UserAttribute } from "../src/modules/attributes/custom-attribute.entity";
import { ApiKey } from "../src/modules/api-keys/api-key.entity";
import { AuditEvent } from "../src/modules/audit/audit-event.entity";
import { Communication } from "../src/modules/communications/communication.entity";
import { CommunicationKind, ModerationStatus } from "../src/modules/communications/communication.enums";
import { OrganizationDomain } from "../src/modules/organizations/organization-domain.entity";
import { Organization } from "../src/modules/organizations/organization.entity";
import { BusinessHours } from "../src/modules/presence/business-hours.entity";
import { MAX_OPENING_INTERVALS } from "../src/modules/presence/presence.types";
import { Role, RolePermission } from "../src/modules/roles/role.entity";
import { Segment } from "../src/modules/segments/segment.entity";
import { COLUMN_NAME_CHARS } from "../src/modules/views/dto/saved-view.input";
import { SavedView } from "../src/modules/views/saved-view.entity";
import { User } from "../src/modules/users/user.entity";
import { Webhook } from "../src/modules/webhooks/webhook.entity";
import { buildRosterSchema } from "../src/schema/build-schema";
import { createCommunication, createPerson } from "./support/fixtures";
import type { GraphQLClient, GraphQLResponse } from "./support/graphql-client";
import { ADMIN, startTestRoster, type TestRoster } from "./support/roster";

type Variables = Record<string, unknown>;

/** What bounds a field: the narrowest of the columns it is written to, or a stated count. */
interface Bound {
  width(roster: TestRoster): number;
  /** A call of its own for this field (when the mutation's usual one cannot carry it). */
  base?: () => Promise<Variables> | Variables;
}

const columns = (...targets: [EntityTarget<ObjectLiteral>, string][]): Bound => ({
  width: (roster) =>
    Math.min(
      ...targets.map(([entity, property]) => {
        const column = roster.dataSource.getMetadata(entity).findColumnWithPropertyName(property);
        if (!column?.length) throw new Error(`${String(entity)}.${property} is not a column with a width`);
        return Number(column.length);
      }),
    ),
});
const column = (entity: EntityTarget<ObjectLiteral>, property: string): Bound => columns([entity, property]);
/** A text kept inside a `text` column (JSON, canonical segment text): its limit as a count of characters. */
const characters = (count: number, base?: Bound["base"]): Bound => ({ width: () => count, base });

interface MutationCase {
  /** Valid arguments; called for every request, so each can make the records it acts on. */
  base: () => Promise<Variables> | Variables;
  /** Every String field, by its path below the arguments (list elements are the first one's). */
  fields: Record<string, Bound>;
}

/** A mutation without any text to store. */
const NO_TEXT = "no String argument";

/** Text fields that never reach a column as sent, and why. */
const NOT_STORED: Record<string, string> = {
  "login.password": "a password is compared with a hash, never stored; LoginArgs gives it its own limit",
  "registerUser.input.password": "a password is stored only as its hash; RegisterUserInput gives it its own limit",
  "setPassword.password": "a password is stored only as its hash; the service checks its length",
  "setPassword.token": "a link's token is hashed and looked up, never stored",
  "confirmEmail.token": "a link's token is hashed and looked up, never stored",
  "authenticateUser.login": "a username or email to look up, never stored",
  "authenticateUser.password": "a password is compared with a hash, never stored",
  "requestPasswordReset.email": "an address to look up, never stored",
  "resetPassword.token": "a link's token is hashed and looked up, never stored",
  "resetPassword.password": "a password is stored only as its hash; ResetPasswordArgs gives it its own limit",
  "changePassword.currentPassword": "a password is compared with a hash, never stored",
  "changePassword.newPassword": "a password is stored only as its hash; ChangePasswordArgs gives it its own limit",
};

let sequence = 0;
const unique = (prefix: string) => `${prefix}${++sequence}`;

let roster: TestRoster;
let admin: GraphQLClient;
let schema: GraphQLSchema;

const person = async () => String((await createPerson(roster.dataSource)).id);

/** What createOrganization and updateOrganization store, and where. */
const ORGANIZATION_FIELDS: Record<string, Bound> = {
  "input.name": column(Organization, "name"),
  "input.website": column(Organization, "website"),
  "input.phone": column(Organization, "phone"),
  "input.notes": characters(WIDTH.organization.notes),
  "input.domains": column(OrganizationDomain, "domain"),
  "input.attributes.name": column(OrganizationAttribute, "name"),
  "input.attributes.value": column(OrganizationAttribute, "value"),
};

/** What createSavedView and updateSavedView store, and where. */
const SAVED_VIEW_FIELDS: Record<string, Bound> = {
  "input.name": column(SavedView, "name"),
  "input.search": column(SavedView, "search"),
  "input.segment": characters(SEGMENT_TEXT_CHARS),
  // Kept as a comma-separated list in a text column; each a name from the people list's columns.
  "input.columns": characters(COLUMN_NAME_CHARS),
};

const MUTATIONS: Record<string, MutationCase | typeof NO_TEXT> = {
  activateUser: NO_TEXT,
  assignRoles: NO_TEXT,
  authenticateUser: NO_TEXT,
  banUser: {
    base: async () => ({ id: await person() }),
    fields: { reason: columns([User, "banReason"], [AuditEvent, "reason"]) },
  },
  cancelBulkJob: NO_TEXT,
  confirmEmail: NO_TEXT,
  createApiKey: {
    base: () => ({ input: { name: "Limits key", permissions: ["people.view"] } }),
    // Kept as a JSON list of catalog names, each one as wide as a role's.
    fields: { "input.name": column(ApiKey, "name"), "input.permissions": column(RolePermission, "permission") },
  },
  createOrganization: {
    base: () => ({ input: { name: unique("Limits org "), attributes: [{ name: "plan", value: "gold" }] } }),
    fields: ORGANIZATION_FIELDS,
  },
  createRole: {
    base: () => ({ input: { name: unique("Limits role "), kind: "AGENT", permissions: ["people.view"] } }),
    fields: {
      "input.name": column(Role, "name"),
      "input.description": column(Role, "description"),
      "input.permissions": column(RolePermission, "permission"),
    },
  },
  createSegment: {
    base: () => ({ input: { name: "Limits segment", query: "state = banned" } }),
    fields: { "input.name": column(Segment, "name"), "input.query": characters(SEGMENT_TEXT_CHARS) },
  },
  createSavedView: {
    base: () => ({ input: { name: unique("Limits view "), columns: ["displayName"] } }),
    fields: SAVED_VIEW_FIELDS,
  },
  createWebhook: {
    // A change no test here makes: nothing is sent to the example URL.
    base: () => ({ input: { url: "https://hooks.example.com/roster", events: ["ORGANIZATION_DELETED"] } }),
    fields: { "input.url": column(Webhook, "url") },
  },
  createUser: {
    base: () => ({ input: { displayName: "Limits Person", attributes: [{ name: "plan", value: "gold" }] } }),
    fields: {
      "input.displayName": column(User, "displayName"),
      "input.email": column(User, "email"),
      "input.username": column(User, "username"),
      "input.phone": column(User, "phone"),
      "input.timezone": column(User, "timezone"),
      "input.locale": column(User, "locale"),
      "input.attributes.name": column(UserAttribute, "name"),
      "input.attributes.value": column(UserAttribute, "value"),
    },
  },
  changePassword: NO_TEXT,
  deleteOrganization: NO_TEXT,
  deleteRole: NO_TEXT,
  deleteSavedView: NO_TEXT,
  deleteSegment: NO_TEXT,
  deleteUser: NO_TEXT,
  deleteWebhook: NO_TEXT,
  eraseUser: NO_TEXT,
  inviteAgent: {
    base: () => ({ input: { email: `${unique("invited")}@example.com` } }),
    fields: { "input.email": column(User, "email"), "input.displayName": column(User, "displayName") },
  },
  login: {
    base: () => ({ email: ADMIN.email, password: ADMIN.password }),
    fields: { email: column(User, "email") },
  },
  logout: NO_TEXT,
  redeliverWebhook: NO_TEXT,
  redeliverWebhookRange: NO_TEXT,
  rotateWebhookSecret: NO_TEXT,
  moderatePost: {
    base: async () => {
      const author = await createPerson(roster.dataSource);
      const post = await createCommunication(roster.dataSource, author, {
        kind: CommunicationKind.POST,
        moderation: ModerationStatus.PENDING,
      });
      return { id: String(post.id), decision: "DECLINED", banDays: 1 };
    },
    fields: { reason: columns([AuditEvent, "reason"], [User, "banReason"]) },
  },
  recordCommunication: {
    base: () => ({ input: { email: `${unique("said")}@example.com`, kind: "TICKET" } }),
    fields: {
      "input.email": column(User, "email"),
      "input.displayName": column(User, "displayName"),
      "input.externalId": column(Communication, "externalId"),
      "input.subject": column(Communication, "subject"),
      "input.status": column(Communication, "status"),
    },
  },
  registerUser: {
    base: () => ({ input: { email: `${unique("registered")}@example.com` } }),
    fields: {
      "input.email": column(User, "email"),
      "input.displayName": column(User, "displayName"),
      "input.username": column(User, "username"),
    },
  },
  requestPasswordReset: NO_TEXT,
  resendInvitation: NO_TEXT,
  resetBusinessHours: NO_TEXT,
  resetPassword: NO_TEXT,
  revokeOtherSessions: NO_TEXT,
  revokeSession: NO_TEXT,
  restoreUser: NO_TEXT,
  retryBulkJob: NO_TEXT,
  retryImportJob: NO_TEXT,
  revokeApiKey: NO_TEXT,
  sendVerificationEmail: NO_TEXT,
  setBusinessHours: {
    base: () => ({ input: { timezone: "Europe/Paris", intervals: [{ day: 1, start: "09:00", end: "17:00" }] } }),
    fields: {
      "input.timezone": column(BusinessHours, "timezone"),
      // HH:MM, inside the intervals' JSON.
      "input.intervals.start": characters(5),
      "input.intervals.end": characters(5),
    },
  },
  setPassword: NO_TEXT,
  startBulkJob: {
    base: async () => ({ input: { action: "BAN", userIds: [await person()], reason: "limits" } }),
    fields: {
      "input.reason": columns([User, "banReason"], [AuditEvent, "reason"]),
      // Kept in its canonical form in bulk_jobs.segment (text).
      "input.segment": characters(SEGMENT_TEXT_CHARS, () => ({
        input: { action: "BAN", segment: 'email = "nobody@example.com"' },
      })),
    },
  },
  trashUser: NO_TEXT,
  unbanUser: NO_TEXT,
  updateOrganization: {
    base: async () => {
      const { createOrganization } = await admin.data<{ createOrganization: { id: string; version: number } }>(
        "mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id version } }",
        { input: { name: unique("Limits org ") } },
      );
      return {
        id: createOrganization.id,
        version: createOrganization.version,
        input: { notes: "Changed", attributes: [{ name: "plan", value: "gold" }] },
      };
    },
    fields: ORGANIZATION_FIELDS,
  },
  updateRole: {
    base: async () => {
      const { createRole } = await admin.data<{ createRole: { id: string } }>(
        "mutation ($input: CreateRoleInput!) { createRole(input: $input) { id } }",
        { input: { name: unique("Limits role "), kind: "AGENT", permissions: ["people.view"] } },
      );
      return { id: createRole.id, input: { description: "Changed" } };
    },
    fields: {
      "input.name": column(Role, "name"),
      "input.description": column(Role, "description"),
      "input.permissions": column(RolePermission, "permission"),
    },
  },
  updateSavedView: {
    base: async () => {
      const { createSavedView } = await admin.data<{ createSavedView: { id: string; version: number } }>(
        "mutation ($input: SavedViewInput!) { createSavedView(input: $input) { id version } }",
        { input: { name: unique("Limits view "), columns: ["displayName"] } },
      );
      return {
        id: createSavedView.id,
        version: createSavedView.version,
        input: { name: unique("Limits view "), columns: ["displayName"] },
      };
    },
    fields: SAVED_VIEW_FIELDS,
  },
  updateSegment: {
    base: async () => {
      const { createSegment } = await admin.data<{ createSegment: { id: string; version: number } }>(
        "mutation ($input: CreateSegmentInput!) { createSegment(input: $input) { id version } }",
        { input: { name: "Limits segment", query: "state = banned" } },
      );
      return { id: createSegment.id, input: { version: createSegment.version, name: "Renamed" } };
    },
    fields: { "input.name": column(Segment, "name"), "input.query": characters(SEGMENT_TEXT_CHARS) },
  },
  updateWebhook: {
    base: async () => {
      const { createWebhook } = await admin.data<{ createWebhook: { webhook: { id: string } } }>(
        "mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } } }",
        { input: { url: "https://hooks.example.com/roster", events: ["ORGANIZATION_DELETED"] } },
      );
      return { id: createWebhook.webhook.id, input: { active: true } };
    },
    fields: { "input.url": column(Webhook, "url") },
  },
  updateUser: {
    base: async () => {
      const { id, version } = await createPerson(roster.dataSource);
      return { id: String(id), version, input: { displayName: "Renamed", attributes: [{ name: "plan", value: "gold" }] } };
    },
    fields: {
      "input.displayName": column(User, "displayName"),
      "input.email": column(User, "email"),
      "input.username": column(User, "username"),
      "input.phone": column(User, "phone"),
      "input.timezone": column(User, "timezone"),
      "input.locale": column(User, "locale"),
      "input.attributes.name": column(UserAttribute, "name"),
      "input.attributes.value": column(UserAttribute, "value"),
    },
  },
};

/** A letter, a counter, then x: unique, and valid wherever free text, a username or an attribute name is. */
function filler(length: number): string {
  return `${unique("f")}${"x".repeat(length)}`.slice(0, length);
}

/** A BCP 47 tag of exactly `length` characters (at least 5): en and subtags of 2 to 8 letters. */
function languageTag(length: number): string {
  let tag = "en";
  let remaining = length - tag.length;
  for (let subtag = 0; remaining > 0; subtag += 1) {
    // "-" and 2 to 8 letters; never leave 1 or 2 characters, which no subtag fills. Each
    // subtag its own letter: a tag may not repeat a variant.
    const take = remaining >= 12 ? 9 : remaining <= 9 ? remaining : 6;
    tag += `-${String.fromCharCode(97 + subtag).repeat(take - 1)}`;
    remaining -= take;
  }
  return tag;
}

/** `displayName = "…"`, `length` characters of valid segment text. */
const segmentText = (length: number) => `displayName = "${"x".repeat(length - 16)}"`;

/**
 * A value of exactly `length` characters that breaks no other rule of the field, by the field's
 * name (at the column's width it must be accepted); free text otherwise.
 */
const SHAPES: Record<string, (length: number) => string> = {
  email: (length) => `${"a".repeat(length - 12)}@example.com`,
  locale: languageTag,
  timezone: (length) => "Europe/Paris".padEnd(length, "x"),
  query: segmentText,
  segment: segmentText,
  start: (length) => "09:00".padEnd(length, "0"),
  end: (length) => "17:00".padEnd(length, "0"),
  permissions: (length) => "people.view".padEnd(length, "x"),
  url: (length) => "https://hooks.example.com/".padEnd(length, "x"),
};

/** Fields whose other rules leave no valid value as wide as the column: the plain valid call stands in. */
const NONE_AT_WIDTH: Record<string, string> = {
  email: "an email address has at most 254 characters (class-validator's isEmail)",
  timezone: "only IANA time-zone names, the longest 32 characters",
  permissions: "only the catalog's permission names",
  columns: "only the people list's column names, the longest shorter than the limit",
  domains: "a domain name has at most 253 characters, and labels of at most 63",
};

/** Each String argument or input field of each mutation: `mutation.argument.field…`. */
function textFields(schema: GraphQLSchema): string[] {
  const found: string[] = [];
  const visit = (type: GraphQLInputType, path: string, seen: ReadonlySet<string>) => {
    const named = getNamedType(type);
    if (named.name === "String") found.push(path);
    else if (isInputObjectType(named) && !seen.has(named.name)) {
      for (const field of Object.values(named.getFields()))
        visit(field.type, `${path}.${field.name}`, new Set([...seen, named.name]));
    }
  };
  for (const mutation of Object.values(schema.getMutationType()!.getFields())) {
    for (const argument of mutation.args) visit(argument.type, `${mutation.name}.${argument.name}`, new Set());
  }
  return found;
}

/** `mutation (…) { name(…) { __typename } }` with every argument given in `variables`. */
function documentFor(name: string, variables: Variables): string {
  const field = schema.getMutationType()!.getFields()[name];
  const args = field.args.filter((argument) => argument.name in variables);
  const declared = args.map((argument) => `$${argument.name}: ${String(argument.type)}`).join(", ");
  const passed = args.map((argument) => `${argument.name}: $${argument.name}`).join(", ");
  const selection = isObjectType(getNamedType(field.type)) ? " { __typename }" : "";
  return `mutation${declared ? ` (${declared})` : ""} { ${name}${passed ? `(${passed})` : ""}${selection} }`;
}

/** A copy of `variables` with `value` at `path`, into the first element of a list on the way. */
function withValue(variables: Variables, path: string[], value: string): Variables {
  const copy = structuredClone(variables);
  let target: Record<string, unknown> = copy;
  for (const [index, key] of path.entries()) {
    const last = index === path.length - 1;
    const current = target[key];
    if (Array.isArray(current)) {
      if (last) current[0] = value;
      else target = current[0] as Record<string, unknown>;
    } else if (last) {
      target[key] = value;
    } else {
      target[key] = current ?? {};
      target = target[key] as Record<string, unknown>;
    }
  }
  return copy;
}

beforeAll(async () => {
  // Every mutation below is sent three times: more than a person's cost budget for a minute.
  roster = await startTestRoster({ env: { ROSTER_RATE_LIMIT_PER_MINUTE: "1000000" } });
  admin = await roster.signIn();
  schema = await buildRosterSchema();
});
afterAll(() => roster.stop());

test("every mutation and every String field it takes has an entry: the column it fills, or why it fills none", () => {
  const mutations = Object.keys(schema.getMutationType()!.getFields());
  expect(mutations.filter((name) => !(name in MUTATIONS))).toEqual([]);
  expect(Object.keys(MUTATIONS).filter((name) => !mutations.includes(name))).toEqual([]);

  const walked = textFields(schema);
  const listed = Object.entries(MUTATIONS).flatMap(([name, entry]) =>
    entry === NO_TEXT ? [] : Object.keys(entry.fields).map((path) => `${name}.${path}`),
  );
  const unlisted = walked.filter((path) => !listed.includes(path) && !(path in NOT_STORED));
  expect(unlisted).toEqual([]);
  const stale = [...listed, ...Object.keys(NOT_STORED)].filter((path) => !walked.includes(path));
  expect(stale).toEqual([]);
});

const cases = Object.entries(MUTATIONS).flatMap(([name, entry]) =>
  entry === NO_TEXT ? [] : Object.entries(entry.fields).map(([path, bound]) => ({ name, path, bound, entry })),
);

describe.each(cases)("$name($path)", ({ name, path, bound, entry }) => {
  const keys = path.split(".");
  const leaf = keys[keys.length - 1];
  const shape = SHAPES[leaf] ?? filler;
  const base = bound.base ?? entry.base;
  const send = async (value: string | null): Promise<GraphQLResponse<Record<string, unknown>>> => {
    const variables = await base();
    const sent = value === null ? variables : withValue(variables, keys, value);
    return admin.request(documentFor(name, sent), sent);
  };
  const expectRefusedNamingField = (response: GraphQLResponse<Record<string, unknown>>) => {
    const error = response.errors?.[0];
    expect(error?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(`${error?.message} ${String(error?.extensions?.argument ?? "")}`).toContain(leaf);
    expect(response.data?.[name] ?? null).toBeNull();
  };

  test("as wide as its column it is accepted", async () => {
    const width = bound.width(roster);
    const response = await send(leaf in NONE_AT_WIDTH ? null : shape(width));
    expect(response.errors).toBeUndefined();
  });

  test("one character wider, it is BAD_USER_INPUT naming the field", async () => {
    expectRefusedNamingField(await send(shape(bound.width(roster) + 1)));
  });

  test("100,000 characters long, it is BAD_USER_INPUT naming the field", async () => {
    expectRefusedNamingField(await send(shape(100_000)));
  });
});

test(`business hours take at most ${MAX_OPENING_INTERVALS} intervals, which fit their column`, async () => {
  const set = (count: number) =>
    admin.request(documentFor("setBusinessHours", { input: {} }), {
      input: {
        timezone: "Europe/Paris",
        intervals: Array.from({ length: count }, (_, index) => ({ day: index % 7, start: "23:30", end: "23:59" })),
      },
    });
  expect((await set(MAX_OPENING_INTERVALS)).errors).toBeUndefined();
  const refused = await set(MAX_OPENING_INTERVALS + 1);
  expect(refused.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  expect(refused.errors?.[0].message).toContain("intervals");
});
