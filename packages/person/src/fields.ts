/**
 * Every field of a person, defined once. What each list of fields is made of (the GraphQL
 * inputs, the CSV import's columns, the export's columns, the segment catalog, the people list's
 * sorts and filters, the SPA's choices) is read off these definitions (`lists.ts`), so adding a
 * field is one entry here and a migration; docs/DEVELOPING.md walks through it.
 *
 * The order is the export file's column order; the other lists keep it too.
 */
import {
  canonicalLanguageTag,
  canonicalTimeZone,
  emailRule,
  languageTagRule,
  timeZoneRule,
  usernameRule,
  type TextRule,
} from "./rules";

export type PersonFieldType = "text" | "number" | "datetime" | "enum" | "boolean";

/** Which of createUser's and updateUser's inputs take a field. */
export type PersonInput = "create" | "update";

export interface PersonFieldSpec {
  /** What the SPA and the export dialog call it. */
  readonly label: string;
  /** One line, for the segment catalog and the GraphQL schema. */
  readonly description: string;
  readonly type: PersonFieldType;
  /** Whether a person can be without it (`is null` in a segment, a nullable input). */
  readonly nullable: boolean;
  /** Text: the characters its column holds, and the fewest it takes (default 0). */
  readonly width?: number;
  readonly minWidth?: number;
  /** Text: the rule a value follows beyond its width. */
  readonly rule?: TextRule;
  /** Text: the stored spelling of an accepted value (trimmed, lower-cased, canonical…); null for none. */
  readonly normalize?: (value: string) => string | null;
  /** Enum: the allowed values, lower-case (the API spells them upper-case). */
  readonly values?: readonly string[];
  /** The inputs that take it, and the input's own name when it is not the field's. */
  readonly input?: { readonly on: readonly PersonInput[]; readonly as?: string };
  /** A column of a CSV import, with the header spellings guessed for it (compared without case or punctuation). */
  readonly csv?: { readonly synonyms: readonly string[] };
  /** A column of `GET /export/users.csv`: among the defaults, or on request. */
  readonly export?: "default" | "optional";
  /** A column of the people list: shown until a view chooses otherwise, or offered by the column chooser. */
  readonly table?: "default" | "optional";
  /** A field of the segment language. */
  readonly segment?: boolean;
  /** The people list sorts by it (`UserSortField`). */
  readonly sort?: boolean;
  /** The `users` argument that filters the people list by it. */
  readonly filter?: string;
}

export const personKinds = ["customer", "agent"] as const;
export const personStates = ["active", "not_activated", "banned", "trashed"] as const;
export const personSources = ["agent", "registration", "ticket", "chat", "call", "community", "import", "api"] as const;

export type PersonKind = (typeof personKinds)[number];
export type PersonState = (typeof personStates)[number];
export type PersonSource = (typeof personSources)[number];

const trimmed = (value: string): string | null => value.trim() || null;

/** A person's name wherever it is kept: the person, and copies in audit events and job results. */
export const PERSON_NAME_CHARS = 200;
/** A reason given by an agent (a ban) or by Roster (a refused row, a skipped person). */
export const REASON_CHARS = 500;
/** An organization's name, which is how an import names a person's organization. */
export const ORGANIZATION_NAME_CHARS = 200;

export const personFields = {
  id: {
    label: "ID",
    table: "optional",
    description: "The person's id",
    type: "number",
    nullable: false,
    export: "default",
    segment: true,
  },
  displayName: {
    label: "Display name",
    table: "default",
    description: "Name shown for the person",
    type: "text",
    nullable: false,
    width: PERSON_NAME_CHARS,
    minWidth: 1,
    normalize: trimmed,
    input: { on: ["create", "update"] },
    csv: { synonyms: ["displayname", "name", "fullname", "contact", "contactname", "customer", "nom"] },
    export: "default",
    segment: true,
    sort: true,
  },
  email: {
    label: "Email",
    table: "default",
    description: "Primary email address",
    type: "text",
    nullable: true,
    width: 320,
    rule: emailRule,
    normalize: (value) => value.trim().toLowerCase() || null,
    input: { on: ["create", "update"] },
    csv: { synonyms: ["email", "emailaddress", "mail", "e-mail", "courriel"] },
    export: "default",
    segment: true,
    sort: true,
  },
  username: {
    label: "Username",
    table: "default",
    description: "The help-center portal login name",
    type: "text",
    nullable: true,
    width: 100,
    minWidth: 2,
    rule: usernameRule,
    normalize: trimmed,
    input: { on: ["create", "update"] },
    csv: { synonyms: ["username", "login", "user", "handle"] },
    export: "default",
    segment: true,
    sort: true,
  },
  phone: {
    label: "Phone",
    table: "optional",
    description: "Phone number",
    type: "text",
    nullable: true,
    width: 50,
    normalize: trimmed,
    input: { on: ["create", "update"] },
    csv: { synonyms: ["phone", "phonenumber", "telephone", "tel", "mobile", "cell"] },
    export: "optional",
    segment: true,
  },
  kind: {
    label: "Kind (customer or agent)",
    table: "optional",
    description: "Customer or agent",
    type: "enum",
    values: personKinds,
    nullable: false,
    input: { on: ["create", "update"] },
    export: "optional",
    segment: true,
    filter: "kind",
  },
  state: {
    label: "State",
    table: "default",
    description: "Account state, with expired bans already lifted",
    type: "enum",
    values: personStates,
    nullable: false,
    export: "default",
    segment: true,
    filter: "states",
  },
  bannedUntil: {
    label: "Banned until",
    description: "End of the current ban",
    type: "datetime",
    nullable: true,
    export: "optional",
    segment: true,
  },
  banReason: {
    label: "Ban reason",
    description: "Why the person is banned",
    type: "text",
    nullable: true,
    width: REASON_CHARS,
    segment: true,
  },
  source: {
    label: "Source",
    table: "optional",
    description: "How the person came into Roster",
    type: "enum",
    values: personSources,
    nullable: false,
    export: "optional",
    segment: true,
  },
  organization: {
    label: "Organization",
    table: "default",
    description: "The organization the person belongs to, by name",
    type: "text",
    nullable: true,
    width: ORGANIZATION_NAME_CHARS,
    normalize: trimmed,
    input: { on: ["create", "update"], as: "organizationId" },
    csv: { synonyms: ["organization", "organisation", "company", "org", "account", "companyname"] },
    export: "default",
    filter: "organizationId",
  },
  verified: {
    label: "Email verified",
    table: "optional",
    description: "The email address is confirmed",
    type: "boolean",
    nullable: false,
    export: "optional",
    segment: true,
  },
  lastLoginAt: {
    label: "Last login",
    table: "default",
    description: "Last successful login",
    type: "datetime",
    nullable: true,
    export: "default",
    segment: true,
    sort: true,
  },
  loginCount: {
    label: "Login count",
    table: "optional",
    description: "Number of successful logins",
    type: "number",
    nullable: false,
    export: "optional",
    segment: true,
  },
  timezone: {
    label: "Time zone",
    table: "optional",
    description: "IANA time zone, e.g. Europe/Paris",
    type: "text",
    nullable: true,
    width: 64,
    rule: timeZoneRule,
    normalize: (value) => canonicalTimeZone(value.trim()),
    input: { on: ["create", "update"] },
    csv: { synonyms: ["timezone", "tz", "zone"] },
    export: "optional",
    segment: true,
  },
  locale: {
    label: "Locale",
    table: "optional",
    description: "Preferred language as a BCP 47 tag, e.g. fr-FR",
    type: "text",
    nullable: true,
    width: 20,
    rule: languageTagRule,
    normalize: (value) => canonicalLanguageTag(value.trim()),
    input: { on: ["create", "update"] },
    csv: { synonyms: ["locale", "language", "lang"] },
    export: "optional",
    segment: true,
  },
  createdAt: {
    label: "Created",
    table: "optional",
    description: "When the person was created",
    type: "datetime",
    nullable: false,
    export: "default",
    segment: true,
    sort: true,
  },
  updatedAt: {
    label: "Updated",
    description: "When the person was last changed",
    type: "datetime",
    nullable: false,
    segment: true,
  },
  emailVerifiedAt: {
    label: "Email verified at",
    description: "When the email address was confirmed",
    type: "datetime",
    nullable: true,
    segment: true,
  },
  withoutLogin: {
    label: "Never logged in",
    description: "The person cannot log in (contact only)",
    type: "boolean",
    nullable: false,
    segment: true,
  },
  version: {
    label: "Version",
    description: "Optimistic-locking version of the person's record",
    type: "number",
    nullable: false,
    segment: true,
  },
} as const satisfies Record<string, PersonFieldSpec>;

export type PersonFieldName = keyof typeof personFields;
