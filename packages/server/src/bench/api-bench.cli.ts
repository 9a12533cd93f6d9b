/**
 * `pnpm bench:api [--users N] [--seconds S] [--rounds R] [--concurrency C] [--roster-dir DIR] [--database NAME]`:
 * Roster's API against a hand-written baseline (api-baseline.ts) on the same MariaDB database of
 * N generated people. Both run as processes of their own; the bench checks that they answer
 * the same JSON, then measures each operation in interleaved rounds (Roster, baseline, Roster,
 * …) and prints requests per second, p95 latency, CPU per request and SQL statements per
 * request of both, their ratio, and both servers' memory. Only Roster's HTTP API is used, so
 * `--roster-dir` can point at an older checkout (built) for a before/after.
 */
import "reflect-metadata";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { isDeepStrictEqual, parseArgs } from "node:util";
import mysql, { type Pool } from "mysql2/promise";
import { loadConfig } from "../config/config";
import { openDatabase } from "../database/data-source";
import { seedPeople } from "../seed/seed-generator";
import { cursorAtRow, OPERATIONS, USER_SORTS } from "./api-baseline";
import { addModerators, SEGMENT_EXAMPLES } from "./segment-examples";

const usage =
  "Usage: pnpm bench:api [--users N] [--seconds S] [--rounds R] [--concurrency C] [--roster-dir DIR] [--database roster_bench…]";
const REPOSITORY = path.resolve(__dirname, "../../../..");
const SERVER_ROOT = "127.0.0.1:3306";
const ADMIN = { email: "bench-admin@roster.test", password: "copper kettles hum at midnight" };
/** A data set of a million people is ~3 GB: the default 128 MiB buffer pool would measure the disk. */
const BUFFER_POOL_BYTES = 4 * 1024 ** 3;
const IDLE_SECONDS = 5;
const REQUEST_TIMEOUT_MS = 60_000;
const CLOCK_TICKS_PER_SECOND = 100;

interface Options {
  users: number;
  seconds: number;
  rounds: number;
  concurrency: number;
  rosterDir: string;
  database: string;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      users: { type: "string", default: "1000000" },
      seconds: { type: "string", default: "10" },
      rounds: { type: "string", default: "3" },
      concurrency: { type: "string", default: "4" },
      "roster-dir": { type: "string", default: REPOSITORY },
      database: { type: "string", default: "roster_bench" },
    },
  });
  const whole = (flag: string, value: string | undefined): number => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < 1) throw new Error(`--${flag} must be a whole number of at least 1.\n${usage}`);
    return number;
  };
  // The bench drops and re-creates its database when it does not hold N people: never someone else's.
  if (!/^roster_bench\w*$/.test(values.database!)) throw new Error(`--database must start with roster_bench.\n${usage}`);
  return {
    users: whole("users", values.users),
    seconds: whole("seconds", values.seconds),
    rounds: whole("rounds", values.rounds),
    concurrency: whole("concurrency", values.concurrency),
    rosterDir: path.resolve(values["roster-dir"]!),
    database: values.database!,
  };
}

/**
 * The database holds N generated people when its `bench_marker` row says so: the bench writes
 * it last, after the seed and the Moderator role of the segment examples, so an interrupted
 * seed is never taken for a finished one. Anything else is dropped and seeded again.
 */
async function seedOrReuse(admin: Pool, databaseUrl: string, { database, users }: Options): Promise<void> {
  const [markers] = await admin.query(
    `SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = ? AND table_name = 'bench_marker'`,
    [database],
  );
  if (Number((markers as { n: unknown }[])[0].n) > 0) {
    const [rows] = await admin.query(`SELECT users FROM \`${database}\`.bench_marker`);
    const [marker] = rows as { users: number }[];
    if (marker?.users === users) {
      console.log(`Reusing ${database}: it holds ${users.toLocaleString("en")} generated people.`);
      return;
    }
  }
  console.log(`Seeding ${database} with ${users.toLocaleString("en")} people (a million took 12.8 min here)…`);
  await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await admin.query(`CREATE DATABASE \`${database}\``);
  const dataSource = await openDatabase(loadConfig({ DATABASE_URL: databaseUrl }));
  try {
    const now = new Date();
    await seedPeople(dataSource, { users, onProgress: (message) => console.log(`  ${message}`) });
    await addModerators(dataSource, now);
    await dataSource.query("CREATE TABLE bench_marker (users INT NOT NULL)");
    await dataSource.query("INSERT INTO bench_marker (users) VALUES (?)", [users]);
  } finally {
    await dataSource.destroy();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** What one server's access lines said, per operation name: requests and SQL statements. */
type Tally = Map<string, { requests: number; statements: number }>;

interface Server {
  name: string;
  child: ChildProcess;
  url: string;
  tally: Tally;
}

/**
 * Starts a server process, reads its JSON lines (the access lines into `tally`) and resolves
 * when `listening` finds its port in a line; a process that exits first fails with its output.
 */
function startProcess(
  name: string,
  script: string,
  env: Record<string, string>,
  listening: (line: string) => number | undefined,
): Promise<Server> {
  const child = spawn(process.execPath, [script], {
    cwd: fs.mkdtempSync(path.join(os.tmpdir(), "roster-bench-")),
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const tally: Tally = new Map();
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stderr! }).on("line", (line) => output.push(line));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const port = listening(line);
      if (port) resolve({ name, child, url: `http://127.0.0.1:${port}/graphql`, tally });
      if (!line.startsWith("{")) return output.push(line);
      const entry = JSON.parse(line) as { msg?: string; operation?: string; sqlStatements?: number };
      if (entry.msg === "request completed" && entry.operation) {
        const counts = tally.get(entry.operation) ?? { requests: 0, statements: 0 };
        counts.requests += 1;
        counts.statements += entry.sqlStatements ?? 0;
        tally.set(entry.operation, counts);
      } else if (entry.msg !== "request completed") output.push(line);
    });
    child.once("exit", (code) =>
      reject(new Error(`${name} exited (${code}) before listening:\n${output.slice(-20).join("\n")}`)),
    );
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

interface GraphQLAnswer {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: string } }[];
}

function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ answer: GraphQLAnswer; cookie?: string }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload), ...headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          try {
            resolve({ answer: JSON.parse(text) as GraphQLAnswer, cookie: response.headers["set-cookie"]?.[0]?.split(";")[0] });
          } catch {
            reject(new Error(`${url} answered ${response.statusCode}: ${text.slice(0, 500)}`));
          }
        });
      },
    );
    request.once("error", (error: NodeJS.ErrnoException) => {
      // A kept-alive socket the server closed just as it was reused (Roster's keep-alive is 5 s,
      // longer than some pauses of the check): Node's documented remedy is to send it again.
      if (request.reusedSocket && error.code === "ECONNRESET") post(url, body, headers).then(resolve, reject);
      else reject(error);
    });
    // Longer than Roster's 10 s statement limit: an answer this late means a server is stuck.
    request.setTimeout(REQUEST_TIMEOUT_MS, () =>
      request.destroy(new Error(`${url} did not answer within ${REQUEST_TIMEOUT_MS / 1000} s`)),
    );
    request.end(payload);
  });
}

/** A key for the bench, made as a service's would be: the administrator signs in and creates it. */
async function createApiKey(roster: Server): Promise<string> {
  const { cookie } = await post(roster.url, {
    query: "mutation BenchLogin($email: String!, $password: String!) { login(email: $email, password: $password) { id } }",
    variables: ADMIN,
  });
  if (!cookie) throw new Error("The bench administrator could not sign in to Roster.");
  const { answer } = await post(
    roster.url,
    {
      query: "mutation BenchKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }",
      variables: { input: { name: "pnpm bench:api", permissions: ["people.view", "people.manage"] } },
    },
    { cookie },
  );
  const secret = (answer.data as { createApiKey?: { secret: string } } | null)?.createApiKey?.secret;
  if (!secret) throw new Error(`Roster refused the bench's API key: ${JSON.stringify(answer.errors)}`);
  return secret;
}

interface Step {
  operation: string;
  variables: Record<string, unknown>;
}

/** One row of the table: what a client sends for its n-th request (two steps for ban + unban). */
interface Measured {
  label: string;
  steps: (n: number, client: number) => Step[];
}

const operation = (name: string) => {
  const found = OPERATIONS.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`No bench operation ${name}`);
  return found;
};

/** Spreads the n-th request over ids 1…max with a large prime stride, so no row answers twice in a row. */
const spread = (n: number, max: number) => 1 + ((n * 104_729) % max);

async function measuredRows(pool: Pool, users: number, concurrency: number): Promise<Measured[]> {
  const [[limits]] = (await pool.query(
    "SELECT (SELECT MAX(id) FROM users) AS users, (SELECT MAX(id) FROM organizations) AS organizations",
  )) as unknown as [{ users: number; organizations: number }[]];
  // Active customers with ids spread over the table; each client bans and unbans its own, so two never collide.
  const [targetRows] = await pool.query(
    "SELECT id FROM users WHERE kind = 'CUSTOMER' AND state = 'ACTIVE' AND bannedUntil IS NULL AND id % 97 = 0 ORDER BY id LIMIT 2000",
  );
  const targets = (targetRows as { id: number }[]).map((row) => row.id);
  const perClient = Math.floor(targets.length / concurrency);
  const deepRow = Math.floor(users * 0.9);
  const deepCursor = await cursorAtRow(pool, deepRow);
  return [
    {
      label: "`user(id){roles organization stats}`",
      steps: (n) => [{ operation: "BenchUser", variables: { id: String(spread(n, limits.users)) } }],
    },
    { label: "`users(first:50){… totalCount}`", steps: () => [{ operation: "BenchUsers", variables: {} }] },
    {
      label: `the same after row ${deepRow.toLocaleString("en")}`,
      steps: () => [{ operation: "BenchUsersDeep", variables: { after: deepCursor } }],
    },
    ...USER_SORTS.map((sort) => ({
      label: `\`users(first:50, sort:${sort.field})\`, page only`,
      steps: () => [{ operation: `BenchUsersBy_${sort.field}`, variables: { sort: { field: sort.field, direction: "ASC" } } }],
    })),
    {
      label: "an organization's timeline, 50",
      steps: (n) => [{ operation: "BenchTimeline", variables: { id: String(spread(n, limits.organizations)) } }],
    },
    {
      label: "ban + unban (with audit rows)",
      steps: (n, client) => {
        const id = String(targets[client * perClient + (n % perClient)]);
        return [
          { operation: "BenchBan", variables: { id, reason: "pnpm bench:api" } },
          { operation: "BenchUnban", variables: { id } },
        ];
      },
    },
    ...SEGMENT_EXAMPLES.map((example, index) => ({
      label: `segment \`${example.segment}\``,
      steps: () => [{ operation: `BenchSegment${index + 1}`, variables: { segment: example.segment } }],
    })),
  ];
}

async function send(server: Server, secret: string, step: Step): Promise<GraphQLAnswer> {
  const { answer } = await post(
    server.url,
    { query: operation(step.operation).query, operationName: step.operation, variables: step.variables },
    { authorization: `Bearer ${secret}` },
  );
  return answer;
}

const codesOf = (answer: GraphQLAnswer) =>
  (answer.errors ?? []).map((error) => error.extensions?.code ?? error.message).join(", ");

interface PersonRows {
  /** The last two audit events about the person, without what differs by nature (their ids and times). */
  events: unknown;
  /** The person's state columns, and their version. */
  person: Record<string, unknown>;
}

async function personRows(pool: Pool, id: string): Promise<PersonRows> {
  const [events] = await pool.query(
    `SELECT action, actorType, actorId, actorName, targetType, targetId, fromState, toState, reason, details, bulkJobId
     FROM audit_events WHERE targetType = 'USER' AND targetId = ? ORDER BY id DESC LIMIT 2`,
    [id],
  );
  const [people] = await pool.query("SELECT state, bannedUntil, banReason, stateBeforeBan, version FROM users WHERE id = ?", [
    id,
  ]);
  return { events, person: (people as Record<string, unknown>[])[0] };
}

/**
 * Both servers must answer each row's first requests with the same data, and a ban + unban
 * must write the same rows. An error on either side (the 10 s statement limit, say) leaves the
 * row out of the measurement, said in the table; any other difference stops the bench.
 */
async function check(
  pool: Pool,
  roster: Server,
  baseline: Server,
  secret: string,
  rows: Measured[],
): Promise<Map<string, string>> {
  const failed = new Map<string, string>();
  for (const row of rows) {
    console.log(`  ${row.label}`);
    // A segment relative to now can see a person cross its boundary between the two requests
    // (each server reads its own clock): a read that differs once is asked again, and only a
    // difference that repeats stops the bench. Writes are compared once.
    sample: for (const n of [0, 1, 2]) {
      for (let attempt = 1; ; attempt += 1) {
        const steps = row.steps(n, 0);
        const banned = steps[0].operation === "BenchBan" ? String(steps[0].variables.id) : undefined;
        // What each server's ban + unban wrote: the audit events and the person, with the version as moved.
        const changes: unknown[] = [];
        const answers: GraphQLAnswer[][] = [[], []];
        for (const [index, server] of [roster, baseline].entries()) {
          const before = banned ? await personRows(pool, banned) : undefined;
          for (const step of steps) answers[index].push(await send(server, secret, step));
          if (banned && before) {
            const { events, person } = await personRows(pool, banned);
            changes.push({ events, person: { ...person, version: Number(person.version) - Number(before.person.version) } });
          }
        }
        const errors = [roster, baseline].flatMap((server, index) => {
          const codes = answers[index].map(codesOf).filter(Boolean).join("; ");
          return codes ? [`${server.name}: ${codes}`] : [];
        });
        if (errors.length) {
          console.log(`    ${errors.join(", ")}; not measured.`);
          failed.set(row.label, errors.join(", "));
          break sample;
        }
        const rosterData = answers[0].map((answer) => answer.data);
        const baselineData = answers[1].map((answer) => answer.data);
        const differs = !isDeepStrictEqual(rosterData, baselineData);
        if (differs && !banned && attempt < 3) continue;
        if (differs || (changes.length === 2 && !isDeepStrictEqual(changes[0], changes[1]))) {
          throw new Error(
            `Roster and the baseline answer ${row.label} differently:\n  Roster:   ${JSON.stringify(rosterData).slice(0, 3000)}\n  baseline: ${JSON.stringify(
              baselineData,
            ).slice(
              0,
              3000,
            )}${changes.length === 2 ? `\n  rows written: ${JSON.stringify(changes[0])}\n            vs ${JSON.stringify(changes[1])}` : ""}`,
          );
        }
        break;
      }
    }
  }
  return failed;
}

/** CPU time the process has used, in ms (utime + stime of /proc/<pid>/stat). */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  // After "pid (comm) ", utime and stime are fields 14 and 15 of the whole line.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Math.round(Number(kb) / 1024);
}

interface Totals {
  requests: number;
  seconds: number;
  cpuMs: number;
  statements: number;
  latencies: number[];
  /** Failed requests by their error codes. */
  failures: Map<string, number>;
}

const emptyTotals = (): Totals => ({ requests: 0, seconds: 0, cpuMs: 0, statements: 0, latencies: [], failures: new Map() });

/** CPU and statements are spent on failed requests too: they are shared over every request sent. */
const sent = (totals: Totals) => totals.requests + [...totals.failures.values()].reduce((sum, count) => sum + count, 0);

const failuresOf = (totals: Totals) => [...totals.failures].map(([codes, count]) => `, ${count} × ${codes}`).join("");

function statementsSoFar(server: Server, row: Measured): number {
  const names = new Set(row.steps(0, 0).map((step) => step.operation));
  return [...names].reduce((sum, name) => sum + (server.tally.get(name)?.statements ?? 0), 0);
}

/** One round: `concurrency` clients send the row's requests back to back for `seconds`. */
async function round(
  server: Server,
  secret: string,
  row: Measured,
  { seconds, concurrency }: Options,
  totals: Totals,
): Promise<void> {
  const pid = server.child.pid!;
  const cpuBefore = cpuMs(pid);
  const statementsBefore = statementsSoFar(server, row);
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let counter = 0;
  let requests = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_unused, client) => {
      while (performance.now() < deadline) {
        const n = counter++;
        const requestStarted = performance.now();
        let failure = "";
        for (const step of row.steps(n, client)) {
          failure = codesOf(await send(server, secret, step));
          if (failure) break;
        }
        // A failed request (the statement limit under load, say) is counted apart, not as served.
        if (failure) totals.failures.set(failure, (totals.failures.get(failure) ?? 0) + 1);
        else {
          totals.latencies.push(performance.now() - requestStarted);
          requests += 1;
        }
      }
    }),
  );
  totals.seconds += (performance.now() - started) / 1000;
  totals.requests += requests;
  // The access line is written when the response closes: let the last ones arrive.
  await new Promise((resolve) => setTimeout(resolve, 200));
  totals.cpuMs += cpuMs(pid) - cpuBefore;
  totals.statements += statementsSoFar(server, row) - statementsBefore;
}

function p95(latencies: number[]): number {
  const sorted = [...latencies].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0;
}

const rate = (totals: Totals) => totals.requests / totals.seconds;
const duration = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
const figure = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));

async function main(): Promise<void> {
  const settings = options();
  const databaseUrl = `mysql://root@${SERVER_ROOT}/${settings.database}`;
  const admin = mysql.createPool({ uri: `mysql://root@${SERVER_ROOT}`, connectionLimit: 2 });
  await admin.query(`SET GLOBAL innodb_buffer_pool_size = ${BUFFER_POOL_BYTES}`);
  await seedOrReuse(admin, databaseUrl, settings);
  await admin.end();

  const servers: Server[] = [];
  // Ctrl-C must not leave the two servers running.
  const interrupted = () => {
    for (const server of servers) server.child.kill("SIGTERM");
    process.exit(130);
  };
  process.once("SIGINT", interrupted).once("SIGTERM", interrupted);
  const pool = mysql.createPool({ uri: databaseUrl, connectionLimit: 2, timezone: "Z", supportBigNumbers: true });
  try {
    const rosterMain = path.join(settings.rosterDir, "packages/server/dist/main.js");
    const roster = await startProcess(
      "Roster",
      rosterMain,
      {
        NODE_ENV: "production",
        PORT: String(await freePort()),
        DATABASE_URL: databaseUrl,
        ROSTER_PUBLIC_URL: "https://roster.example.com",
        ROSTER_ADMIN_EMAIL: ADMIN.email,
        ROSTER_ADMIN_PASSWORD: ADMIN.password,
        // The bench's own load is not what the rate budget is for.
        ROSTER_RATE_LIMIT_PER_MINUTE: "1000000",
        // Info carries the access line with each request's statement count.
        ROSTER_LOG_LEVEL: "info",
        ROSTER_LOG_FORMAT: "json",
      },
      (line) => Number(/running on http:\/\/[^:]+:(\d+)/.exec(line)?.[1]) || undefined,
    );
    servers.push(roster);
    const baseline = await startProcess(
      "baseline",
      path.join(__dirname, "api-baseline.js"),
      { DATABASE_URL: databaseUrl, PORT: "0" },
      (line) => (line.startsWith('{"msg":"listening"') ? (JSON.parse(line) as { port: number }).port : undefined),
    );
    servers.push(baseline);
    const secret = await createApiKey(roster);
    const rows = await measuredRows(pool, settings.users, settings.concurrency);

    console.log("Checking that Roster and the baseline answer the same…");
    const failed = await check(pool, roster, baseline, secret, rows);
    await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
    const idle = servers.map((server) => rssMb(server.child.pid!));

    const totals = new Map(rows.map((row) => [row.label, [emptyTotals(), emptyTotals()]]));
    for (let index = 1; index <= settings.rounds; index += 1) {
      for (const row of rows.filter((candidate) => !failed.has(candidate.label))) {
        for (const [which, server] of servers.entries())
          await round(server, secret, row, settings, totals.get(row.label)![which]);
      }
      console.log(`  round ${index} of ${settings.rounds} done`);
    }
    const loaded = servers.map((server) => rssMb(server.child.pid!));

    console.log(
      `\n${settings.users.toLocaleString("en")} people, ${settings.concurrency} clients, ${settings.rounds} rounds of ${settings.seconds} s per operation and server, innodb_buffer_pool_size 4 GiB; Roster from ${rosterMain}\n`,
    );
    console.log("| operation | Roster req/s, p95 | baseline req/s, p95 | ratio | CPU ms/request | SQL statements |");
    console.log("|---|---|---|---|---|---|");
    for (const row of rows) {
      const reason = failed.get(row.label);
      if (reason) {
        console.log(`| ${row.label} | ${reason} | | | | |`);
        continue;
      }
      const [r, b] = totals.get(row.label)!;
      console.log(
        `| ${row.label} | ${figure(rate(r))}, ${duration(p95(r.latencies))}${failuresOf(r)} | ${figure(rate(b))}, ${duration(p95(b.latencies))}${failuresOf(b)} | ${rate(b) > 0 ? (rate(r) / rate(b)).toFixed(2) : "–"} | ${figure(r.cpuMs / sent(r))} vs ${figure(b.cpuMs / sent(b))} | ${figure(r.statements / sent(r))} vs ${figure(b.statements / sent(b))} |`,
      );
    }
    console.log(
      `\nRSS: idle (after ${IDLE_SECONDS} s) Roster ${idle[0]} MB, baseline ${idle[1]} MB; after the load Roster ${loaded[0]} MB, baseline ${loaded[1]} MB.`,
    );
  } finally {
    await pool.end();
    for (const server of servers) server.child.kill("SIGTERM");
    agent.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
