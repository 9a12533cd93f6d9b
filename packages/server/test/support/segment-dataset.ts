/**
 * A seeded, deliberately awkward population for checking segments: names with quotes, `%`,
 * `_`, backslashes and accents; missing values everywhere a value may be missing; bans that
 * have ended and bans that have not; trashed people with communications; roles, domains and
 * attributes in mixed case; attributes of every type (yes/no, dates, numbers, text), some
 * written in spellings their type does not read and some stored under another type. `loadPeople` reads it back as the in-memory evaluator sees people,
 * computed from the rows with plain TypeScript, not with the SQL under test.
 */
import type { SegmentPerson } from "@roster/segments";
import type { DataSource } from "typeorm";
import { UserAttribute } from "../../src/modules/attributes/custom-attribute.entity";
import { summarizePeople } from "../../src/modules/communications/communication-summaries";
import { Communication } from "../../src/modules/communications/communication.entity";
import { CommunicationKind, OPEN_TICKET_STATUSES } from "../../src/modules/communications/communication.enums";
import { OrganizationDomain } from "../../src/modules/organizations/organization-domain.entity";
import { Organization } from "../../src/modules/organizations/organization.entity";
import { implicitRolesOf } from "../../src/modules/roles/role-membership";
import { Role, UserRole } from "../../src/modules/roles/role.entity";
import { RoleKind } from "../../src/modules/roles/role.enums";
import { effectiveBannedUntil, effectiveState } from "../../src/modules/users/user-state";
import { User } from "../../src/modules/users/user.entity";
import { AttributeType, UserKind, UserSource, UserState } from "../../src/modules/users/user.enums";
import { prng } from "../../src/seed/seed-generator";

const DAY = 86_400_000;

/** Text that SQL and the language both find hard, used for data and for query values alike. */
export const AWKWARD_TEXT = [
  'O"Brien',
  "d'Arcy",
  "100% sure",
  "under_score",
  "back\\slash",
  "Zoë",
  "ÉLODIE",
  "日本語",
  "emoji 🎉",
  "  padded  ",
  "%",
  "_",
  "\\",
  "",
  "acme",
  "ACME",
];

export const ROLE_NAMES = ["Moderator", "VIP", "Tier Two"];
export const DOMAINS = ["acme.com", "ACME.org", "zoe.example", "pure.example"];
export const ATTRIBUTE_VALUES: Record<string, string[]> = {
  plan: ["enterprise", "Enterprise", "pro", "Free tier", "100%_plan"],
  seats: ["10", "7.5", "-3", "abc", "010", " 5", "2.50"],
  note: AWKWARD_TEXT,
  newsletter: ["true", "false", "TRUE", "False", "yes", ""],
  renewal: [
    "2026-06-15",
    "2026-01-01",
    "2026-06-15T12:00:00Z",
    "2026-06-15T12:00:00.000Z",
    "2026-07-01T08:30:00.250Z",
    "2026-05-31T23:59:59Z",
    "2026-06-15T12:00:00+02:00",
    "15/06/2026",
    "2026-6-1",
    "2026-06-15t12:00:00z",
  ],
  score: ["3", "10", "2.5", "-1", "x", "0"],
  // The same name with a different type from person to person.
  mixed: ["true", "10", "2026-06-15", "abc", "2.5", "FALSE"],
};
/** The type each attribute is stored with: one of these, at random. */
export const ATTRIBUTE_TYPES: Record<string, AttributeType[]> = {
  plan: [AttributeType.STRING],
  seats: [AttributeType.STRING, AttributeType.NUMBER],
  note: [AttributeType.STRING],
  newsletter: [AttributeType.BOOLEAN, AttributeType.BOOLEAN, AttributeType.STRING],
  renewal: [AttributeType.DATE, AttributeType.DATE, AttributeType.STRING],
  score: [AttributeType.NUMBER],
  mixed: [AttributeType.STRING, AttributeType.NUMBER, AttributeType.BOOLEAN, AttributeType.DATE],
};
export const TICKET_STATUSES = ["open", "Open", "closed", "pending", "NEW", "solved"];

export interface Dataset {
  now: Date;
  /** Every person's id, in creation order (the administrator excluded). */
  ids: number[];
}

export async function createDataset(dataSource: DataSource, seed: number, size: number, now: Date): Promise<Dataset> {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const maybe = <T>(value: T, probability = 0.5): T | null => (random() < probability ? value : null);
  const around = (days: number) => new Date(now.getTime() + Math.round((random() * 2 - 1) * days * DAY));

  const organizations: Organization[] = [];
  for (const [index, name] of ["Acme Corp", "acme labs", "Zoë & Co", "100% Pure_Water\\Inc"].entries()) {
    const organization = await dataSource.getRepository(Organization).save(
      dataSource.getRepository(Organization).create({
        name,
        website: maybe(`https://${pick(DOMAINS)}`),
        phone: maybe(`+1 555 01${index}${index}`),
        notes: maybe(pick(AWKWARD_TEXT)),
        createdAt: around(400),
        updatedAt: now,
      }),
    );
    const domains = DOMAINS.filter(() => random() < 0.4);
    for (const domain of domains)
      await dataSource
        .getRepository(OrganizationDomain)
        .insert({ domain: `${index}.${domain}`, organizationId: organization.id });
    organizations.push(organization);
  }
  const roles: Role[] = [];
  for (const [index, name] of ROLE_NAMES.entries()) {
    roles.push(
      await dataSource.getRepository(Role).save(
        dataSource.getRepository(Role).create({
          name,
          description: "",
          kind: index < 2 ? RoleKind.CUSTOMER : RoleKind.AGENT,
          systemKey: null,
          createdAt: now,
          updatedAt: now,
        }),
      ),
    );
  }

  const ids: number[] = [];
  const states = [UserState.ACTIVE, UserState.ACTIVE, UserState.NOT_ACTIVATED, UserState.BANNED, UserState.TRASHED];
  for (let index = 0; index < size; index += 1) {
    const kind = random() < 0.15 ? UserKind.AGENT : UserKind.CUSTOMER;
    const state = pick(states);
    const name = `${pick(AWKWARD_TEXT)} ${index}`;
    const user = await dataSource.getRepository(User).save(
      dataSource.getRepository(User).create({
        displayName: name,
        email: maybe(`person${index}@${pick(DOMAINS)}`, 0.8),
        username: maybe(`${pick(AWKWARD_TEXT).trim() || "user"}${index}`),
        phone: maybe(`+33 1 ${index}`),
        timezone: maybe(pick(["Europe/Paris", "America/New_York", "Asia/Tokyo"])),
        locale: maybe(pick(["fr-FR", "en-US", "ja-JP"])),
        kind,
        state,
        bannedUntil: state === UserState.BANNED ? maybe(around(20), 0.7) : null,
        // What a ban interrupted is what an ended one reads again.
        stateBeforeBan: state === UserState.BANNED ? pick([UserState.ACTIVE, UserState.NOT_ACTIVATED, null]) : null,
        banReason: state === UserState.BANNED ? maybe(pick(AWKWARD_TEXT), 0.7) : maybe("old ban", 0.1),
        source: pick(Object.values(UserSource)),
        createdAt: around(300),
        updatedAt: now,
        lastLoginAt: maybe(around(200)),
        loginCount: Math.floor(random() * 6),
        emailVerifiedAt: maybe(around(300)),
        organizationId: random() < 0.7 ? pick(organizations).id : null,
      }),
    );
    ids.push(user.id);
    const version = 1 + Math.floor(random() * 4);
    if (version !== user.version) await dataSource.getRepository(User).update({ id: user.id }, { version });
    for (const role of roles) {
      const fits = (role.kind === RoleKind.AGENT) === (kind === UserKind.AGENT);
      if (fits && random() < 0.4) await dataSource.getRepository(UserRole).insert({ userId: user.id, roleId: role.id });
    }
    for (const [attribute, values] of Object.entries(ATTRIBUTE_VALUES)) {
      if (random() < 0.5) {
        await dataSource
          .getRepository(UserAttribute)
          .insert({ userId: user.id, name: attribute, type: pick(ATTRIBUTE_TYPES[attribute]), value: pick(values) });
      }
    }
    const communications = Math.floor(random() * 6);
    for (let count = 0; count < communications; count += 1) {
      const communicationKind = pick(Object.values(CommunicationKind));
      await dataSource.getRepository(Communication).insert({
        kind: communicationKind,
        userId: user.id,
        occurredAt: around(60),
        createdAt: now,
        subject: maybe(pick(AWKWARD_TEXT)),
        status: communicationKind === CommunicationKind.TICKET ? maybe(pick(TICKET_STATUSES), 0.9) : null,
        durationSeconds: communicationKind === CommunicationKind.CALL ? maybe(Math.floor(random() * 900), 0.9) : null,
        rating: communicationKind === CommunicationKind.SURVEY ? maybe(1 + Math.floor(random() * 5), 0.8) : null,
      });
    }
  }
  // As a bulk load does: everyone's summaries at once, after their communications.
  if (ids.length) await summarizePeople(dataSource.manager, ids[0], ids[ids.length - 1]);
  return { now, ids };
}

const lower = <T extends string>(value: T) => value.toLowerCase() as Lowercase<T>;

/** Everyone in the database (the administrator too), as the evaluator sees them. */
export async function loadPeople(dataSource: DataSource, now: Date): Promise<Map<number, SegmentPerson>> {
  const users = await dataSource.getRepository(User).find();
  const organizations = await dataSource.getRepository(Organization).find();
  const domains = await dataSource.getRepository(OrganizationDomain).find();
  const roles = await dataSource.getRepository(Role).find();
  const assignments = await dataSource.getRepository(UserRole).find();
  const attributes = await dataSource.getRepository(UserAttribute).find();
  const communications = await dataSource.getRepository(Communication).find();

  const people = new Map<number, SegmentPerson>();
  for (const user of users) {
    const organization = organizations.find((candidate) => candidate.id === user.organizationId) ?? null;
    const implicit = implicitRolesOf(user, now);
    const roleNames = roles
      .filter(
        (role) =>
          (role.systemKey !== null && implicit.includes(role.systemKey)) ||
          assignments.some((assignment) => assignment.userId === user.id && assignment.roleId === role.id),
      )
      .map((role) => role.name);
    // A trashed person's communications count nowhere.
    const own =
      user.state === UserState.TRASHED ? [] : communications.filter((communication) => communication.userId === user.id);
    const summary = (kind: CommunicationKind | null) => {
      const items = own.filter((communication) => kind === null || communication.kind === kind);
      const times = items.map((communication) => communication.occurredAt.getTime());
      return {
        count: items.length,
        first: times.length ? new Date(Math.min(...times)) : null,
        last: times.length ? new Date(Math.max(...times)) : null,
      };
    };
    const ratings = own
      .filter((communication) => communication.kind === CommunicationKind.SURVEY && communication.rating !== null)
      .map((communication) => communication.rating!);
    const state = effectiveState(user, now);
    people.set(user.id, {
      id: user.id,
      version: user.version,
      displayName: user.displayName,
      email: user.email,
      username: user.username,
      phone: user.phone,
      timezone: user.timezone,
      locale: user.locale,
      kind: lower(user.kind),
      state: lower(state),
      source: lower(user.source),
      createdAt: user.createdAt,
      updatedAt: user.updatedAt,
      lastLoginAt: user.lastLoginAt,
      loginCount: user.loginCount,
      bannedUntil: effectiveBannedUntil(user, now),
      banReason: user.banReason,
      emailVerifiedAt: user.emailVerifiedAt,
      verified: user.emailVerifiedAt !== null,
      withoutLogin: user.lastLoginAt === null,
      roles: roleNames,
      org: organization && {
        id: organization.id,
        name: organization.name,
        notes: organization.notes,
        website: organization.website,
        phone: organization.phone,
        domains: domains.filter((domain) => domain.organizationId === organization.id).map((domain) => domain.domain),
        memberCount: users.filter((member) => member.organizationId === organization.id && member.state !== UserState.TRASHED)
          .length,
        createdAt: organization.createdAt,
      },
      attributes: Object.fromEntries(
        attributes.filter((row) => row.userId === user.id).map((row) => [row.name, { type: lower(row.type), value: row.value }]),
      ),
      tickets: {
        ...summary(CommunicationKind.TICKET),
        open: own.filter(
          (communication) =>
            communication.kind === CommunicationKind.TICKET &&
            communication.status !== null &&
            (OPEN_TICKET_STATUSES as readonly string[]).includes(communication.status.toLowerCase()),
        ).length,
      },
      chats: summary(CommunicationKind.CHAT),
      calls: {
        ...summary(CommunicationKind.CALL),
        duration: own
          .filter((communication) => communication.kind === CommunicationKind.CALL)
          .reduce((total, communication) => total + (communication.durationSeconds ?? 0), 0),
      },
      surveys: {
        ...summary(CommunicationKind.SURVEY),
        avgRating: ratings.length ? ratings.reduce((total, rating) => total + rating, 0) / ratings.length : null,
      },
      posts: summary(CommunicationKind.POST),
      communications: summary(null),
    });
  }
  return people;
}
