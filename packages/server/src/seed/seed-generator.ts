/**
 * Deterministic demo and benchmark data: the same options give the same rows, on MariaDB and
 * SQLite alike. People are generated and written batch by batch with multi-row INSERTs (ids
 * assigned here, so communications reference their people without a round trip), so a million
 * people fit in constant memory.
 */
import { exclusively } from "../database/write-model";
import type { DataSource, EntityManager } from "typeorm";
import { dialectOf } from "../database/data-source";
import { readNumber } from "../database/sql";
import { summarizePeople } from "../modules/communications/communication-summaries";
import { CommunicationKind } from "../modules/communications/communication.enums";
import { AttributeType, UserKind, UserSource, UserState } from "../modules/users/user.enums";
import {
  banReasons,
  chatOpeners,
  companyWords,
  countries,
  freeMailDomains,
  plans,
  postTitles,
  ticketSubjects,
  type Country,
} from "./seed-data";

export interface SeedOptions {
  users: number;
  /** Default: one per 50 people. */
  organizations?: number;
  /** Average per customer; agents have none. Default 10. */
  communicationsPerUser?: number;
  /** Default: one per 2,000 people, at least 3. */
  agents?: number;
  /** PRNG seed. */
  seed?: number;
  /** The anchor for every generated date. */
  now?: Date;
  onProgress?: (message: string) => void;
}

/** Rows written per table. */
export type SeedSummary = Record<
  "organizations" | "organization_domains" | "organization_attributes" | "users" | "user_attributes" | "communications",
  number
>;

const DAY = 86_400_000;
/** Rows per INSERT: under SQLite's 32,766 bound variables for the widest table (users, 20 columns). */
const ROWS_PER_STATEMENT = 1000;

/** mulberry32: a tiny, fast, seedable PRNG; Math.random cannot be seeded. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Dice {
  constructor(readonly next: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
  /** A date `minDays` to `maxDays` before `anchor`. */
  daysBefore(anchor: number, minDays: number, maxDays: number): number {
    return anchor - (minDays + this.next() * (maxDays - minDays)) * DAY;
  }
}

/** Both drivers take this UTC text for a datetime(3) column, and it is how TypeORM writes them to SQLite. */
const sqlDate = (time: number | null): string | null =>
  time === null ? null : new Date(time).toISOString().slice(0, 23).replace("T", " ");

const slug = (text: string): string =>
  text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "");

type Row = (string | number | null)[];

/**
 * Collects rows per table and writes them as multi-row INSERTs. When one table's batch is full,
 * every table is written, parents first, so foreign keys hold at each statement.
 */
class BatchWriter<Table extends string> {
  private readonly rows = new Map<Table, Row[]>();
  readonly written = new Map<Table, number>();

  constructor(
    private readonly manager: EntityManager,
    private readonly columns: Record<Table, readonly string[]>,
  ) {
    for (const table of Object.keys(columns) as Table[]) {
      this.rows.set(table, []);
      this.written.set(table, 0);
    }
  }

  async add(table: Table, row: Row): Promise<void> {
    const rows = this.rows.get(table)!;
    rows.push(row);
    if (rows.length >= ROWS_PER_STATEMENT) await this.flush();
  }

  async flush(): Promise<void> {
    for (const [table, rows] of this.rows) {
      if (rows.length === 0) continue;
      const columns = this.columns[table];
      const placeholders = `(${columns.map(() => "?").join(", ")})`;
      const sql = `INSERT INTO ${table} (${columns.map((column) => `\`${column}\``).join(", ")}) VALUES ${rows.map(() => placeholders).join(", ")}`;
      await this.manager.query(sql, rows.flat());
      this.written.set(table, this.written.get(table)! + rows.length);
      this.rows.set(table, []);
    }
  }
}

async function nextId(dataSource: DataSource, table: string): Promise<number> {
  const [row] = (await dataSource.query(`SELECT MAX(id) AS id FROM ${table}`)) as { id: unknown }[];
  return readNumber(row?.id) + 1;
}

const companyNames = companyWords.first.flatMap((first) => companyWords.second.map((second) => `${first} ${second}`));

/**
 * Organization names are unique: every pairing of the word lists, then again with a legal-form
 * suffix, then numbered. Seeding a database that has organizations already appends the id.
 */
function organizationName(index: number, id: number | null): string {
  const round = Math.floor(index / companyNames.length);
  // 7919 is prime, so stepping by it visits every name once per round in a mixed order.
  const base = companyNames[(index * 7919) % companyNames.length];
  const suffix = round === 0 ? "" : ` ${companyWords.legalForms[round - 1] ?? round}`;
  return `${base}${suffix}${id === null ? "" : ` (${id})`}`;
}

interface OrganizationSeed {
  id: number;
  domain: string;
}

export function seedPeople(dataSource: DataSource, options: SeedOptions): Promise<SeedSummary> {
  // The generator commits its chunks on a query runner of its own: the embedded database is
  // held for it alone meanwhile (database/write-model.ts).
  return exclusively(dataSource, () => generate(dataSource, options));
}

async function generate(dataSource: DataSource, options: SeedOptions): Promise<SeedSummary> {
  const dice = new Dice(prng(options.seed ?? 1));
  const now = (options.now ?? new Date("2026-11-01T00:00:00.000Z")).getTime();
  const organizationCount = options.organizations ?? Math.max(1, Math.round(options.users / 50));
  const agentCount = Math.min(options.users, options.agents ?? Math.max(3, Math.round(options.users / 2000)));
  const perUser = options.communicationsPerUser ?? 10;
  const progress = options.onProgress ?? (() => undefined);

  const runner = dataSource.createQueryRunner();
  // Listed parents first: the order in which a batch is written.
  const batch = new BatchWriter(runner.manager, {
    organizations: ["id", "name", "website", "phone", "notes", "version", "createdAt", "updatedAt"],
    organization_domains: ["domain", "organizationId"],
    organization_attributes: ["organizationId", "name", "type", "value"],
    users: [
      "id",
      "email",
      "username",
      "displayName",
      "phone",
      "timezone",
      "locale",
      "kind",
      "state",
      "source",
      "passwordHash",
      "emailVerifiedAt",
      "lastLoginAt",
      "loginCount",
      "bannedUntil",
      "banReason",
      "organizationId",
      "version",
      "createdAt",
      "updatedAt",
    ],
    user_attributes: ["userId", "name", "type", "value"],
    communications: [
      "id",
      "kind",
      "subject",
      "status",
      "occurredAt",
      "userId",
      "agentId",
      "externalId",
      "durationSeconds",
      "direction",
      "rating",
      "moderation",
      "createdAt",
    ],
  });

  const firstOrganizationId = await nextId(dataSource, "organizations");
  const firstUserId = await nextId(dataSource, "users");
  let communicationId = await nextId(dataSource, "communications");
  const organizations: OrganizationSeed[] = [];

  // One transaction per chunk of people: far faster than autocommit on both databases, and a
  // failed run leaves whole chunks only. `beforeCommit` runs after the chunk's rows are written.
  const inTransactions = async (
    work: (commitIfLarge: () => Promise<void>) => Promise<void>,
    beforeCommit: () => Promise<void> = async () => undefined,
  ) => {
    const commit = async () => {
      await batch.flush();
      await beforeCommit();
      await runner.commitTransaction();
    };
    await runner.startTransaction();
    try {
      await work(async () => {
        await commit();
        await runner.startTransaction();
      });
      await commit();
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    }
  };

  try {
    await inTransactions(async () => {
      for (let index = 0; index < organizationCount; index += 1) {
        const id = firstOrganizationId + index;
        const name = organizationName(index, firstOrganizationId > 1 ? id : null);
        const domain = `${slug(name)}${id}.${dice.pick(companyWords.tld)}`;
        const created = dice.daysBefore(now, 400, 1500);
        organizations.push({ id, domain });
        await batch.add("organizations", [
          id,
          name,
          `https://www.${domain}`,
          dice.chance(0.8) ? `+1 555 ${String(dice.int(1000, 9999))}` : null,
          dice.chance(0.2) ? "Key account: escalate outages to the account manager." : null,
          1,
          sqlDate(created),
          sqlDate(created),
        ]);
        await batch.add("organization_domains", [domain, id]);
        if (dice.chance(0.3)) await batch.add("organization_domains", [`${slug(name)}${id}-support.com`, id]);
        await batch.add("organization_attributes", [id, "tier", AttributeType.STRING, dice.pick(["bronze", "silver", "gold"])]);
        if (dice.chance(0.6))
          await batch.add("organization_attributes", [id, "seats", AttributeType.NUMBER, String(dice.int(5, 5000))]);
      }
    });
    progress(`${organizationCount} organizations`);

    // Each chunk's people are summarized in its transaction, with one statement over the chunk.
    let written = firstUserId - 1;
    let summarized = written;
    await inTransactions(
      async (commit) => {
        for (let index = 0; index < options.users; index += 1) {
          written = firstUserId + index;
          await addPerson(written, index < agentCount);
          if ((index + 1) % 10_000 === 0) {
            await commit();
            progress(`${index + 1} people, ${batch.written.get("communications")} communications`);
          }
        }
      },
      async () => {
        if (written > summarized) await summarizePeople(runner.manager, summarized + 1, written);
        summarized = written;
      },
    );
  } finally {
    await runner.release();
  }

  async function addPerson(id: number, isAgent: boolean): Promise<void> {
    const country: Country = dice.pick(countries);
    const first = dice.pick(country.firstNames);
    const last = dice.pick(country.lastNames);
    const organization = !isAgent && organizations.length > 0 && dice.chance(0.7) ? dice.pick(organizations) : null;
    const domain = isAgent ? "support.roster.test" : (organization?.domain ?? dice.pick(freeMailDomains));
    const created = dice.daysBefore(now, 30, 1100);

    let state = UserState.ACTIVE;
    let bannedUntil: number | null = null;
    let banReason: string | null = null;
    const roll = dice.next();
    if (!isAgent && roll < 0.1) state = UserState.NOT_ACTIVATED;
    else if (!isAgent && roll < 0.16) {
      state = UserState.BANNED;
      banReason = dice.pick(banReasons);
      const kind = dice.int(0, 2);
      // Permanent, running, and already ended (which reads ACTIVE with no job involved).
      if (kind === 1) bannedUntil = now + dice.int(1, 60) * DAY;
      if (kind === 2) bannedUntil = now - dice.int(1, 30) * DAY;
    } else if (!isAgent && roll < 0.22) state = UserState.TRASHED;

    const signsIn = state !== UserState.NOT_ACTIVATED && (isAgent || dice.chance(0.7));
    const lastLogin = signsIn ? Math.max(created, dice.daysBefore(now, 0, 120)) : null;
    const verified = isAgent || (state !== UserState.NOT_ACTIVATED && dice.chance(0.6)) ? created + DAY : null;
    const source = isAgent
      ? UserSource.AGENT
      : dice.pick([
          UserSource.REGISTRATION,
          UserSource.REGISTRATION,
          UserSource.TICKET,
          UserSource.CHAT,
          UserSource.CALL,
          UserSource.COMMUNITY,
          UserSource.IMPORT,
          UserSource.API,
        ]);

    await batch.add("users", [
      id,
      `${slug(first)}.${slug(last)}${id}@${domain}`,
      dice.chance(0.85) || isAgent ? `${slug(first)}${slug(last)}${id}` : null,
      `${first} ${last}`,
      dice.chance(0.6) ? `${country.phonePrefix} ${dice.int(100, 999)} ${dice.int(1000, 9999)}` : null,
      country.timezone,
      country.locale,
      isAgent ? UserKind.AGENT : UserKind.CUSTOMER,
      state,
      source,
      null,
      sqlDate(verified),
      sqlDate(lastLogin),
      lastLogin === null ? 0 : dice.int(1, 250),
      sqlDate(bannedUntil),
      banReason,
      organization?.id ?? null,
      1,
      sqlDate(created),
      sqlDate(Math.max(created, lastLogin ?? created)),
    ]);
    if (!isAgent && dice.chance(0.35)) await batch.add("user_attributes", [id, "plan", AttributeType.STRING, dice.pick(plans)]);
    if (!isAgent && dice.chance(0.2))
      await batch.add("user_attributes", [id, "lifetimeValue", AttributeType.NUMBER, String(dice.int(0, 25_000))]);
    if (!isAgent && dice.chance(0.25))
      await batch.add("user_attributes", [id, "newsletter", AttributeType.BOOLEAN, String(dice.chance(0.5))]);
    if (!isAgent) await addCommunications(id, created);
  }

  async function addCommunications(userId: number, since: number): Promise<void> {
    const count = dice.int(0, 2 * perUser);
    const span = Math.max(1, (now - since) / DAY);
    for (let n = 0; n < count; n += 1) {
      const id = communicationId++;
      const occurred = dice.daysBefore(now, 0, span);
      const agentId = agentCount > 0 && dice.chance(0.85) ? firstUserId + dice.int(0, agentCount - 1) : null;
      const roll = dice.next();
      // kind, subject, status, agentId, durationSeconds, direction, rating, moderation
      let row: Row;
      if (roll < 0.4) {
        const status = dice.pick(["new", "open", "open", "pending", "solved", "solved", "solved", "solved", "closed", "closed"]);
        row = [CommunicationKind.TICKET, dice.pick(ticketSubjects), status, agentId, null, null, null, null];
      } else if (roll < 0.65) {
        const missed = dice.chance(0.1);
        row = [
          CommunicationKind.CHAT,
          dice.pick(chatOpeners),
          missed ? "missed" : "ended",
          missed ? null : agentId,
          missed ? 0 : dice.int(60, 2400),
          null,
          null,
          null,
        ];
      } else if (roll < 0.8) {
        const missed = dice.chance(0.12);
        const direction = dice.chance(0.8) ? "INBOUND" : "OUTBOUND";
        row = [
          CommunicationKind.CALL,
          null,
          missed ? "missed" : "answered",
          missed ? null : agentId,
          missed ? 0 : dice.int(30, 1800),
          direction,
          null,
          null,
        ];
      } else if (roll < 0.9) {
        const rating = dice.pick([1, 2, 3, 4, 4, 5, 5, 5]);
        row = [CommunicationKind.SURVEY, "How did we do?", "answered", agentId, null, null, rating, null];
      } else {
        const moderation = dice.pick(["APPROVED", "APPROVED", "APPROVED", "APPROVED", "PENDING", "DECLINED"]);
        row = [CommunicationKind.POST, dice.pick(postTitles), null, null, null, null, null, moderation];
      }
      const [kind, subject, status, agent, duration, direction, rating, moderation] = row;
      await batch.add("communications", [
        id,
        kind,
        subject,
        status,
        sqlDate(occurred),
        userId,
        agent,
        `${String(kind).toLowerCase()}-${id}`,
        duration,
        direction,
        rating,
        moderation,
        sqlDate(occurred),
      ]);
    }
  }

  // MariaDB's optimizer needs fresh statistics after a bulk load to choose the right indexes.
  if (dialectOf(dataSource) === "mysql") {
    await dataSource.query(
      "ANALYZE TABLE users, communications, communication_summaries, organizations, organization_domains, user_attributes",
    );
  }

  return Object.fromEntries(batch.written) as SeedSummary;
}

/** The demo set an empty embedded database gets on first start: small enough to load in a second or two. */
export async function seedDemoData(dataSource: DataSource, now: Date): Promise<SeedSummary> {
  return seedPeople(dataSource, { users: 400, organizations: 20, agents: 8, communicationsPerUser: 10, seed: 7, now });
}
