/**
 * A production start, as an operator makes it: the BUILT server (`dist/main.js`, which `pnpm test`
 * builds in its `pnpm generate` step) in a process of its own, with only the environment the
 * test gives it. Each bad configuration must end the process with status 1 and one line naming
 * what to set, before anything is created; a good one starts with its warnings said; a `.env` in
 * the working directory is read, and the real environment wins over it.
 */
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { GraphQLClient } from "./support/graphql-client";
import { testDatabase } from "./support/roster";
import {
  freshPlace,
  startServer,
  stopServersAndPlaces,
  queryPlace,
  sqliteFileOf,
  type Place,
  type ServerProcess,
} from "./support/server-process";

const ADMIN = { email: "operator@roster.test", password: "copper kettles hum at midnight" };
const PUBLIC_URL = "https://roster.example.com";

/** The messages the server logged at `level` (JSON lines on stdout: common/logger.ts). */
function logged(server: ServerProcess, level: "info" | "warn"): string[] {
  return server.stdout.flatMap((line) => {
    try {
      const entry = JSON.parse(line) as { level?: string; msg?: string };
      return entry.level === level && entry.msg ? [entry.msg] : [];
    } catch {
      return [];
    }
  });
}

/** Stops the server as an operator does (SIGTERM) and expects a clean exit. */
async function expectCleanStop(server: ServerProcess): Promise<void> {
  server.child.kill("SIGTERM");
  const code = await server.exited;
  expect({ code, signal: server.child.signalCode, output: [...server.stdout.slice(-3), ...server.stderr] }).toMatchObject({
    code: 0,
  });
}

/** A complete production configuration for `place`; each test takes out or changes one thing. */
function productionEnv(place: Place): Record<string, string> {
  return {
    NODE_ENV: "production",
    PORT: "0",
    ROSTER_DATA_DIR: place.dir,
    ROSTER_WEB_DIR: path.join(place.dir, "no-web-build"),
    ROSTER_PUBLIC_URL: PUBLIC_URL,
    ROSTER_ADMIN_EMAIL: ADMIN.email,
    ROSTER_ADMIN_PASSWORD: ADMIN.password,
    ...(place.databaseUrl ? { DATABASE_URL: place.databaseUrl } : {}),
  };
}

function without(env: Record<string, string>, ...names: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !names.includes(name)));
}

/** The tables and people in `place`'s database; no database at all counts as none. */
async function databaseContents(place: Place): Promise<{ tables: number; people: number }> {
  if (!place.databaseUrl && !fs.existsSync(sqliteFileOf(place))) return { tables: 0, people: 0 };
  const [tables] = await queryPlace(
    place,
    place.databaseUrl
      ? "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE()"
      : "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table'",
  );
  if (Number(tables.n) === 0) return { tables: 0, people: 0 };
  const [people] = await queryPlace(place, "SELECT COUNT(*) AS n FROM users");
  return { tables: Number(tables.n), people: Number(people.n) };
}

/** Signs the administrator in and counts the people: the server serves and uses its configuration. */
async function peopleSeenBy(url: string, admin = ADMIN): Promise<number> {
  const client = new GraphQLClient(`${url}/graphql`);
  await client.login(admin.email, admin.password);
  const { users } = await client.data<{ users: { totalCount: number } }>("{ users(first: 1) { totalCount } }");
  return users.totalCount;
}

/** Expects the start to be refused: status 1, `message` on the last line of stderr, no stack. */
async function expectRefusal(server: ServerProcess, message: RegExp | string): Promise<void> {
  expect(server.url).toBeUndefined();
  expect({ code: await server.exited, stdout: server.stdout }).toMatchObject({ code: 1 });
  const last = server.stderr.at(-1) ?? "";
  if (typeof message === "string") expect(last).toBe(message);
  else expect(last).toMatch(message);
  expect(server.stderr.filter((line) => /^\s+at /.test(line))).toEqual([]);
}

afterEach(stopServersAndPlaces);

describe("a production start is refused, naming what to set", () => {
  test("without ROSTER_PUBLIC_URL", async () => {
    const place = await freshPlace();
    const server = await startServer(without(productionEnv(place), "ROSTER_PUBLIC_URL"), place.dir);
    await expectRefusal(server, /^Invalid configuration: ROSTER_PUBLIC_URL is required in production: the https:\/\/ address/);
    expect(await databaseContents(place)).toEqual({ tables: 0, people: 0 });
  });

  test.each(["roster.example.com", "ftp://roster.example.com", "/roster"])("with ROSTER_PUBLIC_URL %j", async (value) => {
    const place = await freshPlace();
    const server = await startServer({ ...productionEnv(place), ROSTER_PUBLIC_URL: value }, place.dir);
    await expectRefusal(
      server,
      "  ROSTER_PUBLIC_URL: must be an absolute http:// or https:// URL, e.g. https://roster.example.com",
    );
  });

  test("without an administrator or ROSTER_ADMIN_EMAIL and ROSTER_ADMIN_PASSWORD, and with no demo data made", async () => {
    const place = await freshPlace();
    const server = await startServer(
      { ...without(productionEnv(place), "ROSTER_ADMIN_EMAIL", "ROSTER_ADMIN_PASSWORD"), ROSTER_DEMO_DATA: "auto" },
      place.dir,
    );
    await expectRefusal(
      server,
      "Invalid configuration: nobody can sign in: the database has no active administrator. Set ROSTER_ADMIN_EMAIL and ROSTER_ADMIN_PASSWORD to create the first one.",
    );
    // Migrated (the check needs the tables), but nobody was made up: demo data is never production's.
    expect(await databaseContents(place)).toMatchObject({ people: 0 });
    expect((await databaseContents(place)).tables).toBeGreaterThan(0);
  });

  test("with a weak ROSTER_ADMIN_PASSWORD", async () => {
    const place = await freshPlace();
    const server = await startServer({ ...productionEnv(place), ROSTER_ADMIN_PASSWORD: "password123" }, place.dir);
    await expectRefusal(server, /^Invalid configuration: ROSTER_ADMIN_PASSWORD/);
  });

  test("on a taken PORT, before the database is touched", async () => {
    const place = await freshPlace();
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, "0.0.0.0", () => resolve()));
    try {
      const { port } = taken.address() as net.AddressInfo;
      const server = await startServer({ ...productionEnv(place), PORT: String(port) }, place.dir);
      await expectRefusal(server, `Port ${port} is already in use (PORT). Stop the other process or set PORT to a free port.`);
      expect(await databaseContents(place)).toEqual({ tables: 0, people: 0 });
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});

test("a good production start: the administrator only, the embedded database said loudly, and a restart without the administrator's variables", async () => {
  const place = await freshPlace();
  const first = await startServer({ ...productionEnv(place), ROSTER_DEMO_DATA: "auto" }, place.dir);
  expect(first.url).toBeDefined();
  expect(await peopleSeenBy(first.url!)).toBe(1);
  const warnings = logged(first, "warn");
  if (testDatabase === "sqlite") {
    expect(warnings).toEqual([expect.stringMatching(/^Production on the embedded SQLite database .*Set DATABASE_URL/)]);
  } else {
    expect(warnings).toEqual([]);
  }
  await expectCleanStop(first);

  // The administrator now lives in the database: the variables may go.
  const second = await startServer(without(productionEnv(place), "ROSTER_ADMIN_EMAIL", "ROSTER_ADMIN_PASSWORD"), place.dir);
  expect({ url: second.url, stderr: second.stderr }).toMatchObject({ url: expect.any(String) });
  expect(await peopleSeenBy(second.url!)).toBe(1);
  await expectCleanStop(second);
});

describe("the environment file", () => {
  /** A whole production configuration written as a `.env` (values quoted where a shell needs it). */
  function envFile(env: Record<string, string>): string {
    return Object.entries(env)
      .map(([name, value]) => `${name}="${value}"`)
      .join("\n");
  }
  const plainHttpWarning = (url: string) =>
    `ROSTER_PUBLIC_URL is plain HTTP (${url}): in production the session cookie is Secure`;

  test("`.env` in the working directory configures the server, and the real environment wins over it", async () => {
    const place = await freshPlace();
    const file = path.join(place.dir, ".env");
    fs.writeFileSync(
      file,
      `# Written by an operator\n${envFile({ ...productionEnv(place), ROSTER_PUBLIC_URL: "http://from-the-file.example.com" })}\n`,
    );

    const fromFile = await startServer({}, place.dir);
    expect({ url: fromFile.url, stderr: fromFile.stderr }).toMatchObject({ url: expect.any(String) });
    expect(logged(fromFile, "info")).toContain(`Environment read from ${file}.`);
    const fileWarnings = logged(fromFile, "warn").filter((line) => line.startsWith("ROSTER_PUBLIC_URL"));
    expect(fileWarnings).toEqual([expect.stringContaining(plainHttpWarning("http://from-the-file.example.com"))]);
    expect(await peopleSeenBy(fromFile.url!)).toBe(1);
    await expectCleanStop(fromFile);

    const overridden = await startServer({ ROSTER_PUBLIC_URL: "http://from-the-environment.example.com" }, place.dir);
    expect(overridden.url).toBeDefined();
    const warnings = logged(overridden, "warn").filter((line) => line.startsWith("ROSTER_PUBLIC_URL"));
    expect(warnings).toEqual([expect.stringContaining(plainHttpWarning("http://from-the-environment.example.com"))]);
    await expectCleanStop(overridden);
  });

  test("ROSTER_ENV_FILE names another file; a missing one is refused", async () => {
    const place = await freshPlace();
    const file = path.join(place.dir, "roster.env");
    fs.writeFileSync(file, envFile(productionEnv(place)));

    const named = await startServer({ ROSTER_ENV_FILE: file }, os.tmpdir());
    expect({ url: named.url, stderr: named.stderr }).toMatchObject({ url: expect.any(String) });
    expect(logged(named, "info")).toContain(`Environment read from ${file}.`);
    await expectCleanStop(named);

    const missing = path.join(place.dir, "missing.env");
    await expectRefusal(
      await startServer({ ROSTER_ENV_FILE: missing }, place.dir),
      `Invalid configuration: ROSTER_ENV_FILE: no such file: ${missing}`,
    );
  });
});
