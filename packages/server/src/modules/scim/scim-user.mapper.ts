/**
 * A person as a SCIM User (RFC 7643 §4.1 and the enterprise extension §4.3), and a SCIM User as
 * sent by an identity provider read back into what Roster keeps of it. The mapping table of the
 * README's "SCIM provisioning" section is this file. Roster keeps one email and one phone; the
 * primary one sent (else the first) is kept, and reads back as the one primary, of type work.
 */
import { emailRule } from "@roster/person";
import { effectiveState } from "../users/user-state";
import type { User } from "../users/user.entity";
import { UserKind, UserState } from "../users/user.enums";
import { ScimError } from "./scim-error";
import { SCIM } from "./scim-discovery";

/** What `active: false` bans with, and the only ban `active: true` lifts. */
export const DEPROVISIONED = "deprovisioned";

interface MultiValue {
  value: string;
  type?: string;
  primary?: boolean;
}

export interface ScimUser {
  schemas: string[];
  id: string;
  externalId?: string;
  userName: string;
  name: { formatted: string };
  displayName: string;
  emails: MultiValue[];
  phoneNumbers: MultiValue[];
  userType: "Agent" | "Customer";
  locale?: string;
  timezone?: string;
  active: boolean;
  [SCIM.enterpriseUser]?: { organization?: string };
  meta: { resourceType: "User"; created: string; lastModified: string; location: string; version: string };
}

export interface ScimUserContext {
  externalId: string | null;
  organizationName: string | null;
  /** `…/scim/v2`, as the caller reached it. */
  baseUrl: string;
  now: Date;
}

export function etagOf(user: Pick<User, "version">): string {
  return `W/"${user.version}"`;
}

/** Whether SCIM calls the person active: anyone not banned now (people in the trash are not served at all). */
export function isActive(user: User, now: Date): boolean {
  return effectiveState(user, now) !== UserState.BANNED;
}

export function toScimUser(user: User, context: ScimUserContext): ScimUser {
  const { externalId, organizationName, baseUrl, now } = context;
  return {
    schemas: organizationName === null ? [SCIM.user] : [SCIM.user, SCIM.enterpriseUser],
    id: String(user.id),
    ...(externalId === null ? {} : { externalId }),
    userName: user.username ?? user.email ?? String(user.id),
    name: { formatted: user.displayName },
    displayName: user.displayName,
    emails: user.email === null ? [] : [{ value: user.email, type: "work", primary: true }],
    phoneNumbers: user.phone === null ? [] : [{ value: user.phone, type: "work", primary: true }],
    userType: user.kind === UserKind.AGENT ? "Agent" : "Customer",
    ...(user.locale === null ? {} : { locale: user.locale }),
    ...(user.timezone === null ? {} : { timezone: user.timezone }),
    active: isActive(user, now),
    ...(organizationName === null ? {} : { [SCIM.enterpriseUser]: { organization: organizationName } }),
    meta: {
      resourceType: "User",
      created: user.createdAt.toISOString(),
      lastModified: user.updatedAt.toISOString(),
      location: `${baseUrl}/Users/${user.id}`,
      version: etagOf(user),
    },
  };
}

/** What Roster keeps of a SCIM User that a caller sent. */
export interface SentUser {
  userName: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  locale: string | null;
  timezone: string | null;
  active: boolean;
  externalId: string | null;
  /** Not sent: the person's kind stays (a new person is a customer). */
  kind?: UserKind;
  /** Not sent: the organization stays (a new person joins the one of their email's domain); null: none. */
  organization?: string | null;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Attribute names are case-insensitive (RFC 7643 §2.1): reads `name` from `resource` whatever its
 * case, and the enterprise extension's attributes whether nested under its URN or written as
 * `urn:…:User:organization` at the top (as some providers' PATCH leaves them).
 */
function read(resource: Json, name: string): unknown {
  const key = Object.keys(resource).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : resource[key];
}

function text(resource: Json, name: string): string | null {
  const value = read(resource, name);
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw new ScimError(400, `${name} must be a string.`, "invalidValue");
  return value.trim() === "" ? null : value;
}

/** The primary value of a multi-valued attribute, else the first; null when none is sent. */
function primaryValue(resource: Json, name: string): string | null {
  const values = read(resource, name);
  if (values === undefined || values === null) return null;
  if (!Array.isArray(values)) throw new ScimError(400, `${name} must be a list.`, "invalidValue");
  const entries = values.map((entry) => {
    if (!isObject(entry)) throw new ScimError(400, `Each of ${name} must be an object with a value.`, "invalidValue");
    return entry;
  });
  const chosen = entries.find((entry) => readBoolean(entry, "primary", `${name}.primary`) === true) ?? entries[0];
  return chosen ? text(chosen, "value") : null;
}

/** A boolean, or the strings "True"/"False" that Entra ID sends in PATCH. */
function readBoolean(resource: Json, name: string, label = name): boolean | undefined {
  const value = read(resource, name);
  if (value === undefined || value === null) return undefined;
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
  throw new ScimError(400, `${label} must be true or false.`, "invalidValue");
}

function kindOf(resource: Json): UserKind | undefined {
  const userType = text(resource, "userType");
  if (userType === null) return undefined;
  const kind = { agent: UserKind.AGENT, customer: UserKind.CUSTOMER }[userType.toLowerCase()];
  if (!kind) throw new ScimError(400, `userType must be Agent or Customer, not ${JSON.stringify(userType)}.`, "invalidValue");
  return kind;
}

function organizationOf(resource: Json, absent: "keep" | "clear"): string | null | undefined {
  const extension = read(resource, SCIM.enterpriseUser);
  const flat = read(resource, `${SCIM.enterpriseUser}:organization`);
  if (extension !== undefined && extension !== null && !isObject(extension)) {
    throw new ScimError(400, `${SCIM.enterpriseUser} must be an object.`, "invalidValue");
  }
  const holder = flat !== undefined ? { organization: flat } : extension;
  if (!holder || read(holder, "organization") === undefined) return absent === "keep" ? undefined : null;
  return text(holder, "organization");
}

/**
 * A sent User read. `absentOrganization`: what a missing enterprise organization means: "keep"
 * for POST and PUT (identity providers that do not map it must not empty it at every update),
 * "clear" for a PATCHed representation, where it is missing only because an operation removed it.
 */
export function fromScimUser(resource: unknown, absentOrganization: "keep" | "clear"): SentUser {
  if (!isObject(resource)) throw new ScimError(400, "The body must be a SCIM User object.", "invalidSyntax");
  const userName = text(resource, "userName");
  if (userName === null) throw new ScimError(400, "userName is required.", "invalidValue");
  const name = read(resource, "name");
  if (name !== undefined && name !== null && !isObject(name)) throw new ScimError(400, "name must be an object.", "invalidValue");
  const formatted = isObject(name) ? text(name, "formatted") : null;
  const given = isObject(name) ? [text(name, "givenName"), text(name, "familyName")].filter(Boolean).join(" ") : "";
  const email = primaryValue(resource, "emails") ?? (emailRule.test(userName) ? userName : null);
  return {
    userName,
    // Okta sends name.givenName and familyName, Entra ID displayName: whichever is there names the person.
    displayName: text(resource, "displayName") ?? formatted ?? (given || (email ?? userName).split("@")[0]),
    email,
    phone: primaryValue(resource, "phoneNumbers"),
    locale: text(resource, "locale"),
    timezone: text(resource, "timezone"),
    active: readBoolean(resource, "active") ?? true,
    externalId: text(resource, "externalId"),
    kind: kindOf(resource),
    organization: organizationOf(resource, absentOrganization),
  };
}
