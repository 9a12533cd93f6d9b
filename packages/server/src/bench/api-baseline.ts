/**
 * The hand-written baseline of `pnpm bench:api`: a plain `node:http` server on a `mysql2` pool
 * that answers the benchmark's fixed GraphQL operations (matched by operation name, the query
 * text is not parsed) with SQL written by hand, authenticates each request by its API key as
 * Roster does, and answers the same JSON. It is what Roster's answers could cost; the bench
 * measures both in one run.
 *
 * Run as its own process (`DATABASE_URL=… PORT=… node dist/bench/api-baseline.js`), so its CPU
 * and memory are read apart from the load generator's. Like Roster it logs one JSON line per
 * request with the SQL statements it ran. `OPERATIONS` is the catalog the bench sends to both.
 */
import http from "node:http";
import { constantCase, sortFields } from "@roster/person";
import mysql, { type Pool, type PoolConnection, type QueryValues } from "mysql2/promise";
import { DomainError, ErrorCode } from "../common/errors";
import { decodeCursor, encodeCursor, type SortValue } from "../common/pagination";
import { readDate, readNumber } from "../database/sql";
import { hashApiKey, isWellFormedApiKey } from "../modules/api-keys/api-key-secret";
import { ActorType, AuditAction } from "../modules/audit/audit.enums";
import { CommunicationKind, OPEN_TICKET_STATUSES } from "../modules/communications/communication.enums";
import { Permission } from "../modules/roles/permissions";
import { SystemRole } from "../modules/roles/role.enums";
import { checkTransition, UserTransition } from "../modules/users/user-lifecycle";
import { effectiveState } from "../modules/users/user-state";
import { UserKind, UserState } from "../modules/users/user.enums";
import { SEGMENT_EXAMPLES } from "./segment-examples";

type Row = Record<string, QueryValues>;
type Variables = Record<string, QueryValues>;

/** The caller behind an API key: what audit events name, and the permissions it holds now. */
interface Caller {
  keyId: number;
  keyName: string;
  permissions: Set<string>;
}

/** One request's access to the database, counting its statements as Roster's access line does. */
class Statements {
  count = 0;
  constructor(private readonly db: Pool | PoolConnection) {}

  async rows(sql: string, parameters: Variables = {}): Promise<Row[]> {
    this.count += 1;
    const [rows] = await this.db.query(sql, parameters);
    return rows as Row[];
  }

  /** `work` in one transaction on a connection of its own; BEGIN and COMMIT count, as in Roster. */
  async transaction<T>(pool: Pool, work: (statements: Statements) => Promise<T>): Promise<T> {
    const connection = await pool.getConnection();
    const inner = new Statements(connection);
    try {
      await inner.rows("START TRANSACTION");
      const result = await work(inner);
      await inner.rows("COMMIT");
      return result;
    } catch (error) {
      await connection.query("ROLLBACK");
      throw error;
    } finally {
      this.count += inner.count;
      connection.release();
    }
  }
}

interface Handler {
  permission: string;
  answer: (context: { pool: Pool; statements: Statements; caller: Caller; variables: Variables; now: Date }) => Promise<unknown>;
}

/** The implicit system roles of a person (role-membership.ts), from the columns it reads. */
function implicitRoles(person: Row, now: Date): SystemRole[] {
  const roles = [SystemRole.EVERYONE];
  if (effectiveState(stateFields(person), now) === UserState.ACTIVE) roles.push(SystemRole.REGISTERED);
  if (person.emailVerifiedAt !== null) roles.push(SystemRole.VERIFIED);
  if (person.kind === UserKind.AGENT) roles.push(SystemRole.AGENT);
  return roles;
}

function stateFields(row: Row): { state: UserState; bannedUntil: Date | null; stateBeforeBan: UserState | null } {
  return {
    state: row.state as UserState,
    bannedUntil: readDate(row.bannedUntil),
    stateBeforeBan: row.stateBeforeBan as UserState | null,
  };
}

const iso = (value: unknown): string | null => readDate(value)?.toISOString() ?? null;

/** Roster writes lastUsedAt at most once a minute per key (api-key.service.ts). */
const LAST_USED_GRANULARITY_MS = 60_000;

/** Two statements: the key with its creator, then the creator's permissions (implicit roles or assigned). */
async function callerOf(statements: Statements, authorization: string | undefined, now: Date): Promise<Caller> {
  const secret = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
  const refused = new DomainError(ErrorCode.Unauthenticated, "This API key is unknown, revoked or expired.");
  if (!secret || !isWellFormedApiKey(secret)) throw refused;
  const [key] = await statements.rows(
    `SELECT k.id, k.name, k.permissionList, k.revokedAt, k.expiresAt, k.lastUsedAt,
            u.id AS creatorId, u.kind, u.state, u.bannedUntil, u.stateBeforeBan, u.emailVerifiedAt
     FROM api_keys k JOIN users u ON u.id = k.createdById WHERE k.secretHash = :hash`,
    { hash: hashApiKey(secret) },
  );
  const expiresAt = readDate(key?.expiresAt);
  if (!key || key.revokedAt !== null || (expiresAt && expiresAt <= now)) throw refused;
  if (key.kind !== UserKind.AGENT || effectiveState(stateFields(key), now) !== UserState.ACTIVE) throw refused;
  const granted = await statements.rows(
    `SELECT DISTINCT rp.permission FROM role_permissions rp JOIN roles r ON r.id = rp.roleId
     WHERE r.systemKey IN (:implicit) OR r.id IN (SELECT ur.roleId FROM user_roles ur WHERE ur.userId = :creatorId)`,
    { implicit: implicitRoles(key, now), creatorId: Number(key.creatorId) },
  );
  const lastUsedAt = readDate(key.lastUsedAt);
  if (!lastUsedAt || now.getTime() - lastUsedAt.getTime() >= LAST_USED_GRANULARITY_MS)
    await statements.rows("UPDATE api_keys SET lastUsedAt = :now WHERE id = :id", { now, id: key.id });
  const creatorHas = new Set(granted.map((row) => String(row.permission)));
  const keyPermissions = JSON.parse(String(key.permissionList)) as string[];
  return {
    keyId: Number(key.id),
    keyName: String(key.name),
    permissions: new Set(keyPermissions.filter((permission) => creatorHas.has(permission))),
  };
}

const kindCountField: Record<CommunicationKind, string> = {
  [CommunicationKind.TICKET]: "ticketCount",
  [CommunicationKind.CHAT]: "chatCount",
  [CommunicationKind.CALL]: "callCount",
  [CommunicationKind.SURVEY]: "surveyCount",
  [CommunicationKind.POST]: "postCount",
};

const user: Handler = {
  permission: Permission.PeopleView,
  async answer({ statements, variables, now }) {
    const id = Number(variables.id);
    const [person] = await statements.rows(
      `SELECT u.id, u.displayName, u.email, u.kind, u.state, u.bannedUntil, u.stateBeforeBan, u.emailVerifiedAt,
              o.id AS organizationId, o.name AS organizationName
       FROM users u LEFT JOIN organizations o ON o.id = u.organizationId WHERE u.id = :id`,
      { id },
    );
    if (!person) return { user: null };
    const [roles, perKind] = await Promise.all([
      statements.rows(
        `SELECT r.id, r.name FROM roles r
         WHERE r.systemKey IN (:implicit) OR r.id IN (SELECT ur.roleId FROM user_roles ur WHERE ur.userId = :id) ORDER BY r.id`,
        { implicit: implicitRoles(person, now), id },
      ),
      // A trashed person's communications are out of every aggregate (communication.service.ts).
      person.state === UserState.TRASHED
        ? []
        : statements.rows(
            `SELECT c.kind, COUNT(*) AS total,
                    SUM(CASE WHEN c.kind = 'TICKET' AND LOWER(c.status) IN (:open) THEN 1 ELSE 0 END) AS openTickets,
                    SUM(CASE WHEN c.kind = 'CALL' THEN COALESCE(c.durationSeconds, 0) ELSE 0 END) AS seconds,
                    SUM(CASE WHEN c.kind = 'SURVEY' THEN c.rating END) AS ratingSum,
                    COUNT(CASE WHEN c.kind = 'SURVEY' THEN c.rating END) AS ratingCount,
                    MIN(c.occurredAt) AS firstAt, MAX(c.occurredAt) AS lastAt
             FROM communications c WHERE c.userId = :id GROUP BY c.kind`,
            { id, open: [...OPEN_TICKET_STATUSES] },
          ),
    ]);
    const stats: Record<string, number | string | null> = {
      totalCount: 0,
      ...Object.fromEntries(Object.values(kindCountField).map((field) => [field, 0])),
      openTicketCount: 0,
      totalCallSeconds: 0,
    };
    let ratingSum = 0;
    let ratingCount = 0;
    let firstAt: Date | null = null;
    let lastAt: Date | null = null;
    for (const row of perKind) {
      const total = readNumber(row.total);
      stats[kindCountField[row.kind as CommunicationKind]] = total;
      stats.totalCount = Number(stats.totalCount) + total;
      stats.openTicketCount = Number(stats.openTicketCount) + readNumber(row.openTickets);
      stats.totalCallSeconds = Number(stats.totalCallSeconds) + readNumber(row.seconds);
      ratingSum += readNumber(row.ratingSum);
      ratingCount += readNumber(row.ratingCount);
      const first = readDate(row.firstAt);
      const last = readDate(row.lastAt);
      if (first && (!firstAt || first < firstAt)) firstAt = first;
      if (last && (!lastAt || last > lastAt)) lastAt = last;
    }
    return {
      user: {
        id: String(person.id),
        displayName: person.displayName,
        email: person.email,
        state: effectiveState(stateFields(person), now),
        roles: roles.map((role) => ({ id: String(role.id), name: role.name })),
        organization:
          person.organizationId === null ? null : { id: String(person.organizationId), name: person.organizationName },
        stats: {
          ...stats,
          averageRating: ratingCount > 0 ? ratingSum / ratingCount : null,
          firstContactAt: firstAt?.toISOString() ?? null,
          lastContactAt: lastAt?.toISOString() ?? null,
        },
      },
    };
  },
};

/** The people list's sorts, as user.service.ts makes them from @roster/person; each a column of `users`. */
export const USER_SORTS = sortFields.map((field) => ({
  field: constantCase(field.name),
  column: `u.${field.name}`,
  nullable: field.nullable,
  isDate: field.type === "datetime",
}));

const PAGE_SIZE = 50;
const PEOPLE_COLUMNS = "u.id, u.displayName, u.email, u.state, u.bannedUntil, u.stateBeforeBan";

/**
 * A page in Roster's order (nulls last, then ascending value and id), written as an index can
 * serve it: the rows with a value after the cursor, then, if the page is not full, those
 * without one.
 */
async function peoplePage(
  statements: Statements,
  sortField: string,
  after: string | null,
): Promise<{ rows: Row[]; key: string }> {
  const sort = USER_SORTS.find((candidate) => candidate.field === sortField);
  if (!sort) throw new DomainError(ErrorCode.BadUserInput, `The baseline does not sort by ${sortField}.`);
  const key = `${sort.field}-ASC`;
  const cursor = after ? decodeCursor(after, key) : null;
  const limit = PAGE_SIZE + 1;
  const select = `SELECT ${PEOPLE_COLUMNS}, ${sort.column} AS sortValue FROM users u`;
  let rows: Row[] = [];
  if (cursor === null || cursor.value !== null) {
    const value = cursor && sort.isDate ? new Date(String(cursor.value)) : cursor?.value;
    rows = await statements.rows(
      `${select} WHERE ${sort.column} IS NOT NULL
       ${cursor ? `AND (${sort.column} > :value OR (${sort.column} = :value AND u.id > :id))` : ""}
       ORDER BY ${sort.column}, u.id LIMIT ${limit}`,
      { value, id: cursor?.id },
    );
  }
  if (sort.nullable && rows.length < limit) {
    const afterId = cursor?.value === null ? cursor.id : 0;
    rows.push(
      ...(await statements.rows(
        `${select} WHERE ${sort.column} IS NULL AND u.id > :afterId ORDER BY u.id LIMIT ${limit - rows.length}`,
        {
          afterId,
        },
      )),
    );
  }
  return { rows, key };
}

/** A page of people, with the exact count of everyone when the operation asks for `totalCount`. */
const users = (withTotal: boolean): Handler => ({
  permission: Permission.PeopleView,
  async answer({ statements, variables, now }) {
    const sort = variables.sort as { field: string; direction?: string } | null | undefined;
    if (sort?.direction === "DESC") throw new DomainError(ErrorCode.BadUserInput, "The baseline sorts ascending only.");
    const [{ rows, key }, total] = await Promise.all([
      peoplePage(statements, sort?.field ?? "DISPLAY_NAME", (variables.after as string | null | undefined) ?? null),
      withTotal ? statements.rows("SELECT COUNT(*) AS n FROM users") : null,
    ]);
    const nodes = rows.slice(0, PAGE_SIZE);
    const last = nodes.at(-1);
    const lastValue =
      last === undefined || last.sortValue === null
        ? null
        : ((last.sortValue instanceof Date ? iso(last.sortValue) : last.sortValue) as SortValue);
    return {
      users: {
        nodes: nodes.map((row) => ({
          id: String(row.id),
          displayName: row.displayName,
          email: row.email,
          state: effectiveState(stateFields(row), now),
        })),
        pageInfo: {
          endCursor: last ? encodeCursor(key, lastValue, Number(last.id)) : null,
          hasNextPage: rows.length > PAGE_SIZE,
        },
        ...(total ? { totalCount: readNumber(total[0].n) } : {}),
      },
    };
  },
});

/** The cursor Roster gives the row at `position` (1-based) of the default order, for a deep page. */
export async function cursorAtRow(pool: Pool, position: number): Promise<string> {
  const [rows] = await pool.query(
    `SELECT u.displayName, u.id FROM users u ORDER BY u.displayName, u.id LIMIT 1 OFFSET ${position - 1}`,
  );
  const [row] = rows as Row[];
  return encodeCursor("DISPLAY_NAME-ASC", String(row.displayName), Number(row.id));
}

/** An organization's timeline: its current members' communications, trashed members' left out. */
const timeline: Handler = {
  permission: Permission.PeopleView,
  async answer({ statements, variables }) {
    const id = Number(variables.id);
    const visible = "FROM communications c JOIN users u ON u.id = c.userId AND u.state <> 'TRASHED' WHERE u.organizationId = :id";
    const [[organization], rows, [total]] = await Promise.all([
      statements.rows("SELECT o.id, o.name FROM organizations o WHERE o.id = :id", { id }),
      statements.rows(
        `SELECT c.id, c.kind, c.occurredAt, c.subject, c.status, u.id AS userId, u.displayName
         ${visible} ORDER BY c.occurredAt DESC, c.id DESC LIMIT ${PAGE_SIZE + 1}`,
        { id },
      ),
      statements.rows(`SELECT COUNT(*) AS n ${visible}`, { id }),
    ]);
    if (!organization) return { organization: null };
    const nodes = rows.slice(0, PAGE_SIZE);
    const last = nodes.at(-1);
    return {
      organization: {
        id: String(organization.id),
        name: organization.name,
        communications: {
          nodes: nodes.map((row) => ({
            id: String(row.id),
            kind: row.kind,
            occurredAt: iso(row.occurredAt),
            subject: row.subject,
            status: row.status,
            user: { id: String(row.userId), displayName: row.displayName },
          })),
          pageInfo: {
            endCursor: last ? encodeCursor("occurredAt-desc", iso(last.occurredAt), Number(last.id)) : null,
            hasNextPage: rows.length > PAGE_SIZE,
          },
          totalCount: readNumber(total.n),
        },
      },
    };
  },
};

/**
 * A state change as Roster's `transition()` writes it: the person locked, the table checked,
 * the row updated over its version, one audit event. Customers only: the baseline leaves out
 * the last-administrator check that an agent's ban needs.
 */
async function transition(
  pool: Pool,
  statements: Statements,
  caller: Caller,
  id: number,
  kind: UserTransition,
  now: Date,
  plan: (person: Row, from: UserState) => { patch: Row; action: AuditAction; reason: string | null; details: string | null },
): Promise<Row> {
  return statements.transaction(pool, async (tx) => {
    const [person] = await tx.rows("SELECT * FROM users WHERE id = :id FOR UPDATE", { id });
    if (!person) throw new DomainError(ErrorCode.NotFound, `There is no person with id ${id}.`);
    if (person.kind !== UserKind.CUSTOMER) throw new DomainError(ErrorCode.BadUserInput, "The baseline changes customers only.");
    const from = effectiveState(stateFields(person), now);
    checkTransition(kind, from, String(person.displayName));
    const { patch, action, reason, details } = plan(person, from);
    const assignments = Object.keys(patch).map((column) => `${column} = :${column}`);
    await tx.rows(
      `UPDATE users SET ${assignments.join(", ")}, updatedAt = :now, version = version + 1 WHERE id = :id AND version = :version`,
      { ...patch, now, id, version: person.version },
    );
    await tx.rows(
      `INSERT INTO audit_events (action, actorType, actorId, actorName, targetType, targetId, fromState, toState, reason, details, occurredAt, bulkJobId)
       VALUES (:action, :actorType, :actorId, :actorName, 'USER', :id, :from, :to, :reason, :details, :now, NULL)`,
      {
        action,
        actorType: ActorType.API_KEY,
        actorId: caller.keyId,
        actorName: caller.keyName,
        id,
        from,
        to: patch.state,
        reason,
        details,
        now,
      },
    );
    const after = { ...person, ...patch };
    return {
      id: String(id),
      state: after.state,
      banReason: after.state === UserState.BANNED ? after.banReason : null,
      bannedUntil: iso(after.bannedUntil),
    };
  });
}

/** A permanent ban (no `days`), with the reason given. */
const ban: Handler = {
  permission: Permission.PeopleManage,
  async answer({ pool, statements, caller, variables, now }) {
    const reason = (variables.reason as string | undefined)?.trim() || null;
    const person = await transition(pool, statements, caller, Number(variables.id), UserTransition.BAN, now, (_person, from) => ({
      patch: { state: UserState.BANNED, bannedUntil: null, banReason: reason, stateBeforeBan: from },
      action: AuditAction.USER_BANNED,
      reason,
      details: JSON.stringify({ days: null }),
    }));
    return { banUser: person };
  },
};

const unban: Handler = {
  permission: Permission.PeopleManage,
  async answer({ pool, statements, caller, variables, now }) {
    const person = await transition(pool, statements, caller, Number(variables.id), UserTransition.UNBAN, now, (row) => ({
      patch: {
        state: (row.stateBeforeBan as UserState | null) ?? UserState.ACTIVE,
        bannedUntil: null,
        banReason: null,
        stateBeforeBan: null,
      },
      action: AuditAction.USER_UNBANNED,
      reason: null,
      details: null,
    }));
    return { unbanUser: person };
  },
};

/** A segment example counted by its hand-written SQL (segment-examples.ts). */
const segmentCount: Handler = {
  permission: Permission.PeopleView,
  async answer({ statements, variables, now }) {
    const example = SEGMENT_EXAMPLES.find((candidate) => candidate.segment === variables.segment);
    if (!example) throw new DomainError(ErrorCode.BadUserInput, "The baseline knows only the SPEC's segment examples.");
    const [row] = await statements.rows(example.sql("mysql"), { now, ...example.parameters(now) });
    return { users: { totalCount: readNumber(row.n) } };
  },
};

export interface BenchOperation {
  name: string;
  query: string;
  handler: Handler;
}

const USER_SELECTION = `id displayName email state roles { id name } organization { id name }
  stats { totalCount ticketCount openTicketCount chatCount callCount surveyCount postCount totalCallSeconds averageRating firstContactAt lastContactAt }`;
const CHANGED_SELECTION = "id state banReason bannedUntil";

/** The people list; the sort rows leave `totalCount` out, so they measure the page alone (the issue's 100 ms goal). */
const usersOperation = (name: string, withTotal: boolean): BenchOperation => ({
  name,
  query: `query ${name}($sort: UserSort, $after: String) {
    users(first: ${PAGE_SIZE}, sort: $sort, after: $after) { nodes { id displayName email state } pageInfo { endCursor hasNextPage }${withTotal ? " totalCount" : ""} }
  }`,
  handler: users(withTotal),
});

/** Each operation the bench sends, by its operation name; names are distinct so access lines tell them apart. */
export const OPERATIONS: readonly BenchOperation[] = [
  { name: "BenchUser", query: `query BenchUser($id: ID!) { user(id: $id) { ${USER_SELECTION} } }`, handler: user },
  usersOperation("BenchUsers", true),
  usersOperation("BenchUsersDeep", true),
  ...USER_SORTS.map((sort) => usersOperation(`BenchUsersBy_${sort.field}`, false)),
  {
    name: "BenchTimeline",
    query: `query BenchTimeline($id: ID!) { organization(id: $id) { id name
      communications(first: ${PAGE_SIZE}) { nodes { id kind occurredAt subject status user { id displayName } } pageInfo { endCursor hasNextPage } totalCount } } }`,
    handler: timeline,
  },
  {
    name: "BenchBan",
    query: `mutation BenchBan($id: ID!, $reason: String) { banUser(id: $id, reason: $reason) { ${CHANGED_SELECTION} } }`,
    handler: ban,
  },
  { name: "BenchUnban", query: `mutation BenchUnban($id: ID!) { unbanUser(id: $id) { ${CHANGED_SELECTION} } }`, handler: unban },
  ...SEGMENT_EXAMPLES.map((_example, index) => ({
    name: `BenchSegment${index + 1}`,
    query: `query BenchSegment${index + 1}($segment: String!) { users(first: 1, segment: $segment) { totalCount } }`,
    handler: segmentCount,
  })),
];

const handlers = new Map(OPERATIONS.map((operation) => [operation.name, operation.handler]));

async function answer(
  pool: Pool,
  statements: Statements,
  body: string,
  authorization: string | undefined,
): Promise<{ operation: string; result: unknown }> {
  const request = JSON.parse(body) as { operationName?: string; variables?: Variables };
  const operation = request.operationName ?? "";
  try {
    const handler = handlers.get(operation);
    if (!handler)
      throw new DomainError(ErrorCode.BadUserInput, `The baseline does not answer ${operation || "anonymous operations"}.`);
    const now = new Date();
    const caller = await callerOf(statements, authorization, now);
    if (!caller.permissions.has(handler.permission))
      throw new DomainError(ErrorCode.Forbidden, `This needs the ${handler.permission} permission.`);
    return {
      operation,
      result: { data: await handler.answer({ pool, statements, caller, variables: request.variables ?? {}, now }) },
    };
  } catch (error) {
    const refusal = error instanceof DomainError ? error : statementTimeout(error);
    if (!refusal) throw error;
    return { operation, result: { errors: [{ message: refusal.message, extensions: { code: refusal.code } }], data: null } };
  }
}

/** Roster's statement limit (ROSTER_QUERY_TIMEOUT_MS, 10 s by default), so a slow count fails alike on both sides. */
const STATEMENT_LIMIT_SECONDS = 10;

/** MariaDB's "max_statement_time exceeded", answered as Roster answers it. */
function statementTimeout(error: unknown): DomainError | null {
  return (error as { errno?: number } | null)?.errno === 1969
    ? new DomainError(ErrorCode.QueryTimeout, `A statement ran past the ${STATEMENT_LIMIT_SECONDS} s limit.`)
    : null;
}

async function main(): Promise<void> {
  const pool = mysql.createPool({
    uri: process.env.DATABASE_URL,
    // As Roster's TypeORM pool: ten connections, dates in UTC, big numbers as numbers.
    connectionLimit: 10,
    timezone: "Z",
    namedPlaceholders: true,
    supportBigNumbers: true,
  });
  pool.on("connection", (connection) => {
    connection.query(`SET SESSION max_statement_time = ${STATEMENT_LIMIT_SECONDS}`);
  });
  const server = http.createServer((request, response) => {
    const started = performance.now();
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const statements = new Statements(pool);
      answer(pool, statements, Buffer.concat(chunks).toString("utf8"), request.headers.authorization)
        .then(({ operation, result }) => {
          response.writeHead(200, { "content-type": "application/json; charset=utf-8" });
          response.end(JSON.stringify(result));
          // The same access line as Roster's (request-observation.ts), which the bench reads.
          const durationMs = Math.round((performance.now() - started) * 10) / 10;
          process.stdout.write(
            `${JSON.stringify({ msg: "request completed", operation, durationMs, sqlStatements: statements.count })}\n`,
          );
        })
        .catch((error: unknown) => {
          console.error(error);
          response.writeHead(500).end();
        });
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
    const address = server.address();
    process.stdout.write(`${JSON.stringify({ msg: "listening", port: typeof address === "object" ? address?.port : null })}\n`);
  });
  process.once("SIGTERM", () => {
    server.close();
    server.closeAllConnections();
    void pool.end();
  });
}

if (require.main === module) void main();
