/**
 * The one writer of people: every insert and update of `users` and `user_attributes` goes
 * through here (the API's edits and state changes, registration, the CSV import, people first
 * met in a communication, the first administrator, erasure), so the rules of a person's record
 * hold whatever the path:
 * - a text value is stored in its field's spelling (@roster/person's `normalize`: a trimmed
 *   name, a lower-cased email, a canonical time zone and language); a required one that
 *   normalizes to nothing is refused;
 * - an email and a username belong to one person: CONFLICT naming the field, on insert and on
 *   update;
 * - a new person without an organization joins the one of their email's domain;
 * - an update lands only over the version its caller read (`UPDATE … WHERE id AND version`):
 *   anything else is stale, CONFLICT with `currentVersion`; attributes are the person's too and
 *   move the version;
 * - each write records its audit event and its change events (the feed's, see
 *   person-changes.ts) with it.
 * Always inside the caller's transaction: the writer never opens one, and the caller's reads
 * take the row locks (`writeLock()`) of the people it changes.
 */
import { normalizeText, personField, personFields, textProblem, type PersonField, type PersonFieldName } from "@roster/person";
import type { EntityManager } from "typeorm";
import type { QueryDeepPartialEntity } from "typeorm/query-builder/QueryPartialEntity";
import { DomainError, ErrorCode, badInput } from "../../common/errors";
import { findIn, insertMany, querySql } from "../../database/sql";
import { UserAttribute } from "../attributes/custom-attribute.entity";
import type { Actor } from "../audit/actor";
import { AuditAction } from "../audit/audit.enums";
import type { AuditEntry, AuditService } from "../audit/audit.service";
import type { ChangeEntry, ChangeRecorder } from "../changes/change-recorder";
import { OrganizationDomain } from "../organizations/organization-domain.entity";
import { Organization } from "../organizations/organization.entity";
import { personCreated, personUpdated } from "./person-changes";
import { User } from "./user.entity";
import type { AttributeType, UserKind, UserSource, UserState } from "./user.enums";

/** The columns of a person a write sets; the id, version and timestamps are the writer's. */
export type PersonColumn = Exclude<keyof User, "id" | "version" | "createdAt" | "updatedAt" | "organization">;
export type PersonPatch = Partial<Pick<User, PersonColumn>>;

/** A custom attribute to set; an empty value removes it. `before`, when known, goes in the audit event. */
export interface AttributeValue {
  name: string;
  type: AttributeType;
  value: string;
  before?: string | null;
}

export interface NewPerson extends Omit<PersonPatch, "displayName" | "kind" | "state" | "source" | "organizationId"> {
  /** None: the email's local part. */
  displayName?: string | null;
  kind: UserKind;
  state: UserState;
  source: UserSource;
  /** Left out: the organization of the email's domain, if any. */
  organizationId?: number | null;
  attributes?: readonly AttributeValue[];
}

/**
 * The audit event a write records. Without an action: USER_CREATED (to the new person's state)
 * or USER_UPDATED, whose details add each changed column's `{ before, after }` (and each
 * attribute with a known `before`, as `attr.<name>`) to the given ones. With another action (a
 * registration, a state change), the event is recorded as given.
 */
export interface PersonEvent {
  action?: AuditAction;
  fromState?: UserState | null;
  toState?: UserState | null;
  reason?: string | null;
  details?: Record<string, unknown> | null;
}

export interface PersonUpdate {
  /** As the caller read (and locked) it: the write lands only over its version. */
  user: User;
  changes: PersonPatch;
  attributes?: readonly AttributeValue[];
  /** Removes every attribute (erasure). */
  clearAttributes?: boolean;
  event?: PersonEvent;
}

export interface StaleUpdate<T extends PersonUpdate> {
  update: T;
  /** The person as stored now; null when deleted meanwhile. */
  current: User | null;
}

/** Fields of the person whose value is one of theirs alone. */
type UniqueField = "email" | "username";
const UNIQUE_FIELDS: readonly UniqueField[] = ["email", "username"];

export class PersonWriter {
  constructor(
    private readonly audit: AuditService,
    private readonly changes: ChangeRecorder,
  ) {}

  /** One new person; `event` null records none (the first administrator, made before anyone acts). */
  async create(
    manager: EntityManager,
    actor: Actor,
    person: NewPerson,
    now: Date,
    event: PersonEvent | null = {},
  ): Promise<User> {
    const [values] = await this.prepareNew(manager, [person]);
    const user = await manager.save(manager.create(User, { ...values, createdAt: now, updatedAt: now }));
    await setAttributes(manager, user.id, person.attributes);
    if (event) await this.audit.record(manager, actor, createdEvent(user.id, user.state, event), now);
    await this.changes.record(manager, actor, [personCreated(user)], now);
    return user;
  }

  /**
   * Many new people in a few statements per table (multi-row inserts, never one per person).
   * Each needs an email: ids are read back by it. Returns the ids in the order given.
   */
  async createMany(
    manager: EntityManager,
    actor: Actor,
    people: readonly { person: NewPerson & { email: string }; event?: PersonEvent }[],
    now: Date,
  ): Promise<number[]> {
    if (people.length === 0) return [];
    const prepared = await this.prepareNew(
      manager,
      people.map(({ person }) => person),
    );
    // One set of columns for every row: a multi-row insert gives each row the same ones.
    const columns = [...new Set(prepared.flatMap((values) => Object.keys(values)))];
    await insertMany(
      manager,
      User,
      prepared.map(
        (values) =>
          ({
            ...Object.fromEntries(columns.map((column) => [column, values[column as PersonColumn] ?? null])),
            loginCount: 0,
            version: 1,
            createdAt: now,
            updatedAt: now,
          }) as QueryDeepPartialEntity<User>,
      ),
    );
    // Ids read back by email: multi-row inserts do not report every id on every database.
    const created = await findIn(
      manager,
      User,
      "email",
      prepared.map((values) => values.email),
    );
    const idOf = new Map(created.map((user) => [user.email!.toLowerCase(), user.id]));
    const ids = prepared.map((values) => idOf.get(values.email!.toLowerCase())!);
    await insertMany(
      manager,
      UserAttribute,
      people.flatMap(({ person }, index) =>
        (person.attributes ?? [])
          .filter((attribute) => attribute.value !== "")
          .map(({ name, type, value }) => ({ userId: ids[index], name, type, value })),
      ),
    );
    await this.audit.recordMany(
      manager,
      actor,
      people.map(({ event }, index) => createdEvent(ids[index], prepared[index].state!, event ?? {})),
      now,
    );
    await this.changes.record(
      manager,
      actor,
      prepared.map((values, index) =>
        personCreated({
          id: ids[index],
          kind: values.kind!,
          state: values.state!,
          source: values.source!,
          organizationId: values.organizationId ?? null,
        }),
      ),
      now,
    );
    return ids;
  }

  /**
   * One update over the version the caller read; a stale one is CONFLICT with `currentVersion`.
   * Returns the person as written (the same object, brought up to date).
   */
  async update(
    manager: EntityManager,
    actor: Actor,
    user: User,
    changes: PersonPatch,
    now: Date,
    options: Omit<PersonUpdate, "user" | "changes"> = {},
  ): Promise<User> {
    const { stale } = await this.updateMany(manager, actor, [{ user, changes, ...options }], now);
    if (stale.length) {
      const { current } = stale[0];
      throw current ? staleVersion(current) : new DomainError(ErrorCode.NotFound, `There is no person with id ${user.id}.`);
    }
    return user;
  }

  /**
   * Updates one by one, each only over the version it was read at: a stale one is written
   * nowhere and returned in `stale` for the caller to report. Every written person's object is
   * brought up to date; the audit events go in one statement.
   */
  async updateMany<T extends PersonUpdate>(
    manager: EntityManager,
    actor: Actor,
    updates: readonly T[],
    now: Date,
  ): Promise<{ written: T[]; stale: StaleUpdate<T>[] }> {
    const prepared = updates.map((update) => changedColumns(update.user, normalized(update.changes)));
    for (const field of UNIQUE_FIELDS) {
      await checkFree(
        manager,
        field,
        prepared.flatMap((changed, index) => {
          const value = changed[field];
          return typeof value === "string" ? [{ value, by: updates[index].user.id }] : [];
        }),
      );
    }
    await checkOrganizations(
      manager,
      prepared.map((changed) => changed.organizationId),
    );
    const written: T[] = [];
    const stale: StaleUpdate<T>[] = [];
    const events: AuditEntry[] = [];
    const changes: ChangeEntry[] = [];
    for (const [index, update] of updates.entries()) {
      const { user } = update;
      const changed = prepared[index];
      const result = await manager
        .createQueryBuilder()
        .update(User)
        .set({ ...changed, updatedAt: now, version: () => "version + 1" } as QueryDeepPartialEntity<User>)
        .where("id = :id AND version = :version", { id: user.id, version: user.version })
        .execute();
      if (result.affected !== 1) {
        stale.push({ update, current: await manager.findOneBy(User, { id: user.id }) });
        continue;
      }
      if (update.clearAttributes) await manager.delete(UserAttribute, { userId: user.id });
      await setAttributes(manager, user.id, update.attributes);
      events.push(updatedEvent(user, changed, update.attributes ?? [], update.event ?? {}));
      changes.push(...personUpdated(user, changed, update.attributes ?? [], update.event ?? {}));
      Object.assign(user, changed, { version: user.version + 1, updatedAt: now });
      written.push(update);
    }
    await this.audit.recordMany(manager, actor, events, now);
    await this.changes.record(manager, actor, changes, now);
    return { written, stale };
  }

  /**
   * A successful sign-in: the last login and the count. Not an edit of the person, so the
   * version stays (an agent's form opened before the person signed in still saves) and no
   * audit event is recorded (sessions are their own record). Plain SQL on purpose: TypeORM's
   * update would move the version column.
   */
  async recordLogin(manager: EntityManager, user: User, now: Date): Promise<void> {
    await querySql(manager, "UPDATE users SET lastLoginAt = :now, loginCount = loginCount + 1 WHERE id = :id", {
      now,
      id: user.id,
    });
    user.lastLoginAt = now;
    user.loginCount += 1;
  }

  /** A username from the email's local part, numbered if taken. */
  async freeUsername(manager: EntityManager, email: string): Promise<string> {
    const base =
      email
        .split("@")[0]
        .replace(/[^\p{L}\p{N}._-]/gu, "")
        .slice(0, 90) || "user";
    for (let suffix = 0; ; suffix += 1) {
      const candidate = suffix === 0 ? base : `${base}${suffix}`;
      if (!(await manager.existsBy(User, { username: candidate }))) return candidate;
    }
  }

  /** New people's columns, normalized, checked and with their organization. */
  private async prepareNew(manager: EntityManager, people: readonly NewPerson[]): Promise<PersonPatch[]> {
    const prepared = people.map(({ attributes: _attributes, ...person }) => {
      const email = person.email === undefined || person.email === null ? null : storedText("email", person.email);
      return normalized({ ...person, email, displayName: person.displayName ?? email?.split("@")[0] ?? null });
    });
    for (const field of UNIQUE_FIELDS) {
      await checkFree(
        manager,
        field,
        prepared.flatMap((values) => (values[field] ? [{ value: values[field], by: null }] : [])),
      );
    }
    await checkOrganizations(
      manager,
      prepared.map((values) => values.organizationId),
    );
    const byDomain = await domainOrganizations(
      manager,
      prepared.flatMap((values) => (values.organizationId === undefined && values.email ? [values.email] : [])),
    );
    for (const values of prepared) {
      if (values.organizationId === undefined) values.organizationId = values.email ? byDomain(values.email) : null;
    }
    return prepared;
  }
}

/**
 * The organization of each email's domain, read in one query (a chunk of domains at a time):
 * what a new person without an organization joins, on every path.
 */
export async function domainOrganizations(
  manager: EntityManager,
  emails: readonly string[],
): Promise<(email: string) => number | null> {
  const domains = [...new Set(emails.map(domainOf).filter((domain) => domain !== ""))];
  const owners = domains.length ? await findIn(manager, OrganizationDomain, "domain", domains) : [];
  const ownerOf = new Map(owners.map((owner) => [owner.domain.toLowerCase(), owner.organizationId]));
  return (email) => ownerOf.get(domainOf(email)) ?? null;
}

/** Who holds each of these emails or usernames (keys lower-cased), in one query per chunk. */
export async function holdersOf(
  manager: EntityManager,
  field: UniqueField,
  values: readonly string[],
): Promise<Map<string, number>> {
  if (values.length === 0) return new Map();
  const holders = await findIn(manager, User, field, values);
  return new Map(holders.map((holder) => [holder[field]!.toLowerCase(), holder.id]));
}

/** The field an email or username CONFLICT names, or null for any other error. */
export function takenField(error: unknown): UniqueField | null {
  if (!(error instanceof DomainError) || error.code !== ErrorCode.Conflict) return null;
  const argument = error.details.argument;
  return argument === "email" || argument === "username" ? argument : null;
}

/** The stored spelling of a text value of a person's field (memoized: a time zone's costs a formatter). */
export function storedText(name: PersonFieldName, value: string): string | null {
  const key = `${name}\u0000${value}`;
  let stored = spellings.get(key);
  if (stored === undefined) {
    stored = normalizeText(personField(name), value);
    if (spellings.size >= 1000) spellings.clear();
    spellings.set(key, stored);
  }
  return stored;
}

const spellings = new Map<string, string | null>();

function domainOf(email: string): string {
  return (email.split("@")[1] ?? "").toLowerCase();
}

/** The values with each text column in its stored spelling; a required one blank is refused. */
function normalized(patch: object): PersonPatch {
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const field = textFieldOf(name);
    result[name] = field ? storedValue(field, value as string | null) : value;
  }
  return result as PersonPatch;
}

function textFieldOf(name: string): PersonField | null {
  return Object.hasOwn(personFields, name) && personFields[name as PersonFieldName].type === "text"
    ? personField(name as PersonFieldName)
    : null;
}

function storedValue(field: PersonField, value: string | null): string | null {
  const stored = value === null ? null : storedText(field.name, value);
  if (stored === null && !field.nullable) throw badInput(field.name, `${field.name} must not be blank.`);
  if (stored === null && value !== null && value.trim() !== "") {
    throw badInput(field.name, textProblem(field, value, field.name) ?? `${field.name}: "${value}" is not valid.`);
  }
  return stored;
}

/** Only what differs from the person as read; a new email is not verified, whatever the old one was. */
function changedColumns(user: User, changes: PersonPatch): PersonPatch {
  const changed = Object.fromEntries(
    Object.entries(changes).filter(([column, value]) => !sameValue(user[column as PersonColumn], value)),
  ) as PersonPatch;
  if ("email" in changed && !("emailVerifiedAt" in changes) && user.emailVerifiedAt !== null) changed.emailVerifiedAt = null;
  return changed;
}

/** Equal values; dates by their instant. */
export function sameValue(a: unknown, b: unknown): boolean {
  return a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
}

/** Each value claimed by at most one person (`by`: the person claiming it; null for a new one). */
async function checkFree(
  manager: EntityManager,
  field: UniqueField,
  claims: readonly { value: string; by: number | null }[],
): Promise<void> {
  if (claims.length === 0) return;
  const claimOf = new Map<string, { value: string; by: number | null }>();
  for (const claim of claims) {
    const key = claim.value.toLowerCase();
    if (claimOf.has(key)) throw taken(field, claim.value);
    claimOf.set(key, claim);
  }
  const claimants = new Set(claims.map((claim) => claim.by));
  for (const holder of await findIn(
    manager,
    User,
    field,
    claims.map((claim) => claim.value),
  )) {
    const held = holder[field]!;
    // MariaDB's collation matches beyond case (accents): such a holder is matched by the database alone.
    const claim = claimOf.get(held.toLowerCase()) ?? (claims.length === 1 ? claims[0] : undefined);
    if (claim ? claim.by !== holder.id : !claimants.has(holder.id)) throw taken(field, claim?.value ?? held);
  }
}

function taken(field: UniqueField, value: string): DomainError {
  return new DomainError(ErrorCode.Conflict, `Someone already has the ${field} ${value}.`, { argument: field });
}

/** An organization given by id must exist. */
async function checkOrganizations(manager: EntityManager, ids: readonly (number | null | undefined)[]): Promise<void> {
  const given = ids.filter((id): id is number => typeof id === "number");
  if (given.length === 0) return;
  const found = new Set((await findIn(manager, Organization, "id", given)).map((organization) => organization.id));
  const missing = given.find((id) => !found.has(id));
  if (missing !== undefined) throw badInput("organizationId", `organizationId: there is no organization with id ${missing}.`);
}

async function setAttributes(
  manager: EntityManager,
  userId: number,
  attributes: readonly AttributeValue[] | undefined,
): Promise<void> {
  for (const attribute of attributes ?? []) {
    await manager.delete(UserAttribute, { userId, name: attribute.name });
    if (attribute.value !== "")
      await manager.insert(UserAttribute, { userId, name: attribute.name, type: attribute.type, value: attribute.value });
  }
}

function createdEvent(targetId: number, state: UserState, event: PersonEvent): AuditEntry {
  return { action: AuditAction.USER_CREATED, toState: state, ...event, targetId };
}

function updatedEvent(user: User, changed: PersonPatch, attributes: readonly AttributeValue[], event: PersonEvent): AuditEntry {
  if (event.action && event.action !== AuditAction.USER_UPDATED) return { ...event, action: event.action, targetId: user.id };
  const details = {
    ...event.details,
    ...Object.fromEntries(
      Object.entries(changed).map(([column, after]) => [column, { before: user[column as PersonColumn], after }]),
    ),
    ...Object.fromEntries(
      attributes
        .filter((attribute) => attribute.before !== undefined)
        .map(({ name, before, value }) => [`attr.${name}`, { before, after: value }]),
    ),
  };
  return { ...event, action: AuditAction.USER_UPDATED, targetId: user.id, details };
}

export function staleVersion(current: User): DomainError {
  return new DomainError(
    ErrorCode.Conflict,
    `${current.displayName} was changed by someone else meanwhile (now version ${current.version}). Reload and make your change again.`,
    { currentVersion: current.version },
  );
}
