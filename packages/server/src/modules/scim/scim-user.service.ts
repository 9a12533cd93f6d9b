/**
 * SCIM Users over Roster's people: reads compile the filter to SQL (scim-filter.ts) and read one
 * page with its externalIds and organizations in a constant number of statements; writes go
 * through the people's services (UserLifecycleService and, below it, the PersonWriter) inside
 * one transaction per request, so a change, its ban or trash and their audit events (whose
 * actor is the API key) commit together. The person is locked and their version checked against
 * `If-Match` before anything is written: a stale write is refused (412), never merged.
 */
import { In, type DataSource, type EntityManager } from "typeorm";
import { dialectOf, writeLock } from "../../database/data-source";
import { foldText } from "../../database/sql";
import { UserAttribute } from "../attributes/custom-attribute.entity";
import type { Actor } from "../audit/actor";
import { Organization } from "../organizations/organization.entity";
import type { UpdateUserInput } from "../users/dto/user.inputs";
import { storedText } from "../users/person-writer";
import type { UserLifecycleService } from "../users/user-lifecycle.service";
import { effectiveState } from "../users/user-state";
import { User } from "../users/user.entity";
import { AttributeType, UserKind, UserState } from "../users/user.enums";
import { SCIM } from "./scim-discovery";
import { applyPatch, checkIfMatch, patchOperationsOf } from "./scim-patching";
import { ScimError } from "./scim-error";
import { EXTERNAL_ID_ATTRIBUTE, USER_SQL } from "./scim-filter";
import { readPage, rowOfId, type ScimList, type ScimListQuery, type ScimReading, type ScimResourceService } from "./scim-list";
import { DEPROVISIONED, etagOf, fromScimUser, toScimUser, type ScimUser, type SentUser } from "./scim-user.mapper";

/** The text columns SCIM writes, each compared in its stored spelling so an unchanged one is not rewritten. */
const TEXT_COLUMNS = ["displayName", "email", "phone", "locale", "timezone"] as const;

export class ScimUserService implements ScimResourceService<ScimUser> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lifecycle: UserLifecycleService,
  ) {}

  async list(query: ScimListQuery, { baseUrl, now }: ScimReading): Promise<ScimList<ScimUser>> {
    const manager = this.dataSource.manager;
    const people = manager.getRepository(User).createQueryBuilder("u").where("u.state <> 'TRASHED'");
    const { totalResults, startIndex, page } = await readPage(people, query, USER_SQL, dialectOf(this.dataSource), now);
    return {
      schemas: [SCIM.listResponse],
      totalResults,
      startIndex,
      itemsPerPage: page.length,
      Resources: await this.represent(manager, page, baseUrl, now),
    };
  }

  async get(id: string, { baseUrl, now }: ScimReading): Promise<ScimUser> {
    const manager = this.dataSource.manager;
    const [user] = await this.represent(manager, [await this.person(manager, id, false)], baseUrl, now);
    return user;
  }

  async create(actor: Actor, body: unknown, baseUrl: string, now: Date): Promise<ScimUser> {
    const sent = fromScimUser(body, "keep");
    return this.dataSource.transaction(async (manager) => {
      const organizationId = await this.organizationIdOf(manager, sent.organization);
      const created = await this.lifecycle.create(
        actor,
        {
          // The userName is the portal login; an email sent as userName is the email too (mapper).
          username: sent.userName,
          email: sent.email,
          displayName: sent.displayName,
          phone: sent.phone,
          locale: sent.locale,
          timezone: sent.timezone,
          kind: sent.kind ?? UserKind.CUSTOMER,
          organizationId: organizationId === undefined || organizationId === null ? undefined : String(organizationId),
          attributes: sent.externalId === null ? [] : [externalIdAttribute(sent.externalId)],
        },
        now,
        manager,
      );
      if (!sent.active) await this.lifecycle.ban(actor, created.id, null, DEPROVISIONED, now, manager);
      return this.reread(manager, created.id, baseUrl, now);
    });
  }

  /** PUT: the sent User replaces the person's SCIM attributes (RFC 7644 §3.5.1). */
  replace(actor: Actor, id: string, body: unknown, ifMatch: string | undefined, baseUrl: string, now: Date): Promise<ScimUser> {
    const sent = fromScimUser(body, "keep");
    return this.write(actor, id, ifMatch, baseUrl, now, () => sent);
  }

  /**
   * PATCH: the operations are applied to the person's SCIM representation by scim-patch (value
   * paths, path-less replace of an object as Okta and Entra ID send it), and the result is read
   * back as a PUT would be.
   */
  patch(actor: Actor, id: string, body: unknown, ifMatch: string | undefined, baseUrl: string, now: Date): Promise<ScimUser> {
    const operations = patchOperationsOf(body);
    return this.write(actor, id, ifMatch, baseUrl, now, (current) => fromScimUser(applyPatch(current, operations), "clear"));
  }

  /** DELETE: the person goes to the trash, and reads as unknown from then on. */
  async delete(actor: Actor, id: string, ifMatch: string | undefined, now: Date): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const user = await this.person(manager, id, true);
      checkIfMatch(ifMatch, etagOf(user), "User");
      await this.lifecycle.trash(actor, user.id, now, manager);
    });
  }

  private write(
    actor: Actor,
    id: string,
    ifMatch: string | undefined,
    baseUrl: string,
    now: Date,
    sentOf: (current: ScimUser) => SentUser,
  ): Promise<ScimUser> {
    return this.dataSource.transaction(async (manager) => {
      const user = await this.person(manager, id, true);
      checkIfMatch(ifMatch, etagOf(user), "User");
      const [current] = await this.represent(manager, [user], baseUrl, now);
      const sent = sentOf(current);
      const input = await this.changesOf(manager, user, current, sent);
      if (input) await this.lifecycle.update(actor, user.id, user.version, input, now, manager);
      await this.applyActive(actor, user.id, sent.active, now, manager);
      return this.reread(manager, user.id, baseUrl, now);
    });
  }

  /** What differs between the person and the sent User, as an edit; null when nothing does (no version bump, no event). */
  private async changesOf(
    manager: EntityManager,
    user: User,
    current: ScimUser,
    sent: SentUser,
  ): Promise<UpdateUserInput | null> {
    const input: UpdateUserInput = {};
    for (const column of TEXT_COLUMNS) {
      const value = sent[column];
      // An invalid value has no stored spelling: passed on, for the writer to refuse by name.
      if ((value === null ? null : (storedText(column, value) ?? value)) !== user[column]) input[column] = value;
    }
    // The userName reads as the username, or the email when there is none: only a new one is written.
    if (sent.userName !== current.userName) input.username = sent.userName;
    if (sent.kind !== undefined && sent.kind !== user.kind) input.kind = sent.kind;
    const organizationId = await this.organizationIdOf(manager, sent.organization);
    if (organizationId !== undefined && organizationId !== user.organizationId) {
      input.organizationId = organizationId === null ? null : String(organizationId);
    }
    if (sent.externalId !== (current.externalId ?? null)) input.attributes = [externalIdAttribute(sent.externalId ?? "")];
    return Object.keys(input).length > 0 ? input : null;
  }

  /** `active: false` bans (no end) with the reason "deprovisioned"; `active: true` lifts only such a ban. */
  private async applyActive(actor: Actor, id: number, active: boolean, now: Date, manager: EntityManager): Promise<void> {
    const user = await manager.findOneByOrFail(User, { id });
    const banned = effectiveState(user, now) === UserState.BANNED;
    if (!active && !banned) await this.lifecycle.ban(actor, id, null, DEPROVISIONED, now, manager);
    if (active && banned) {
      if (user.banReason !== DEPROVISIONED) {
        throw new ScimError(
          400,
          `${user.displayName} was banned in Roster (${user.banReason ?? "no reason given"}), not deprovisioned: an agent lifts that ban.`,
          "mutability",
        );
      }
      await this.lifecycle.unban(actor, id, now, manager);
    }
  }

  /** The person of a SCIM id; unknown, malformed and trashed ids alike are 404. Locked when about to be written. */
  private async person(manager: EntityManager, id: string, lock: boolean): Promise<User> {
    const user = await rowOfId(manager, User, id, lock ? writeLock(this.dataSource) : undefined);
    if (!user || user.state === UserState.TRASHED) throw new ScimError(404, `There is no User with id ${id}.`);
    return user;
  }

  private async reread(manager: EntityManager, id: number, baseUrl: string, now: Date): Promise<ScimUser> {
    const [user] = await this.represent(manager, [await manager.findOneByOrFail(User, { id })], baseUrl, now);
    return user;
  }

  /** People as SCIM Users: their externalIds and organizations in one statement each, whatever the page's size. */
  private async represent(manager: EntityManager, people: readonly User[], baseUrl: string, now: Date): Promise<ScimUser[]> {
    if (people.length === 0) return [];
    const externalIds = await manager.findBy(UserAttribute, {
      userId: In(people.map((person) => person.id)),
      name: EXTERNAL_ID_ATTRIBUTE,
    });
    const organizationIds = [
      ...new Set(people.flatMap((person) => (person.organizationId === null ? [] : [person.organizationId]))),
    ];
    const organizations = organizationIds.length ? await manager.findBy(Organization, { id: In(organizationIds) }) : [];
    const externalIdOf = new Map(externalIds.map((attribute) => [attribute.userId, attribute.value]));
    const nameOf = new Map(organizations.map((organization) => [organization.id, organization.name]));
    return people.map((person) =>
      toScimUser(person, {
        externalId: externalIdOf.get(person.id) ?? null,
        organizationName: person.organizationId === null ? null : (nameOf.get(person.organizationId) ?? null),
        baseUrl,
        now,
      }),
    );
  }

  /**
   * The organization named (case-insensitively, as identity providers spell names their own way):
   * undefined when not sent, null for none. An unknown name is refused rather than created: an
   * identity provider's typo must not make an organization that agents then have to find and merge.
   */
  private async organizationIdOf(manager: EntityManager, name: string | null | undefined): Promise<number | null | undefined> {
    if (name === undefined || name === null) return name;
    const dialect = dialectOf(this.dataSource);
    const organization = await manager
      .createQueryBuilder(Organization, "o")
      .where(`${foldText(dialect, "o.name")} = ${foldText(dialect, ":name")}`, { name: name.toLowerCase() })
      .getOne();
    if (!organization) {
      throw new ScimError(
        400,
        `There is no organization named ${JSON.stringify(name)} in Roster; create it there first.`,
        "invalidValue",
      );
    }
    return organization.id;
  }
}

function externalIdAttribute(value: string) {
  return { name: EXTERNAL_ID_ATTRIBUTE, type: AttributeType.STRING, value };
}
