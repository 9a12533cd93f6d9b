/**
 * Starts a real Roster for one test file: its own fresh database (a throwaway SQLite file, or a
 * new MariaDB database on the machine's server), an HTTP port, and a clock the test can move.
 * The database comes from the Jest project (`api:sqlite` or `api:mariadb`).
 */
import "reflect-metadata";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import mysql from "mysql2/promise";
import type { DestinationStream } from "pino";
import type { DataSource } from "typeorm";
import { loadConfig } from "../../src/config/config";
import { startRoster } from "../../src/server";
import { FaultProxy } from "./fault-proxy";
import { GraphQLClient } from "./graphql-client";

declare const rosterTestDatabase: "sqlite" | "mariadb" | undefined;

export const testDatabase = typeof rosterTestDatabase === "undefined" ? "sqlite" : rosterTestDatabase;

/** The machine's MariaDB (see README); each test file gets a database of its own on it. */
export const mariadbServerUrl = process.env.ROSTER_TEST_MARIADB_URL ?? "mysql://root@127.0.0.1:3306";

export const ADMIN = { email: "admin@roster.test", password: "correct horse battery" };

/** A clock that stands still until the test moves it, so "now" is the same in every assertion. */
export class TestClock {
  constructor(private current = new Date("2026-06-15T12:00:00.000Z")) {}
  now = (): Date => new Date(this.current);
  set(date: Date | string): void {
    this.current = new Date(date);
  }
  advanceDays(days: number): void {
    this.current = new Date(this.current.getTime() + days * 86_400_000);
  }
}

export interface TestRoster {
  url: string;
  dataSource: DataSource;
  clock: TestClock;
  /** A client with no session. */
  anonymous(): GraphQLClient;
  /** A client signed in with `login(email, password)`; the administrator by default. */
  signIn(credentials?: { email: string; password: string }): Promise<GraphQLClient>;
  dataDir: string;
  /** Stops the server; the database is dropped unless `keepData`. */
  stop(options?: { keepData?: boolean }): Promise<void>;
  /** Stops the server and starts a new one on the same database (a new port: make new clients). */
  restart(): Promise<void>;
  /** With `proxy: true`: the fault-injection proxy between Roster and MariaDB (support/fault-proxy.ts). */
  proxy?: FaultProxy;
}

/** A new, empty database on the machine's MariaDB, for a server that runs on it. */
export async function createMariadbDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `roster_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = await mysql.createConnection({ uri: mariadbServerUrl });
  try {
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await admin.end();
  }
  return {
    url: `${mariadbServerUrl}/${name}`,
    async drop() {
      const connection = await mysql.createConnection({ uri: mariadbServerUrl });
      await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await connection.end();
    },
  };
}

export interface TestRosterOptions {
  webDir?: string;
  clock?: TestClock;
  /** Demo data on first start (which only the embedded database gets). */
  demoData?: boolean;
  /** Start on this database folder again instead of a new one (SQLite). */
  dataDir?: string;
  /** Send email to this SMTP server (see support/smtp.ts); without it, .eml files in dataDir/mail. */
  smtpUrl?: string;
  /** More environment for the configuration (NODE_ENV=production, a small rate limit, …). */
  env?: Record<string, string>;
  /**
   * Route Roster's DATABASE_URL through a FaultProxy (MariaDB only), exposed as `roster.proxy`
   * to cut or stall the database. The test database itself is created directly.
   */
  proxy?: boolean;
  /** Roster's log lines go here instead of stdout (with `env: { ROSTER_LOG_LEVEL: "info" }` for access lines). */
  logDestination?: DestinationStream;
}

/** Starts a FaultProxy to the MariaDB server of `url` and returns it with `url` pointed through it. */
async function proxied(url: string): Promise<{ proxy: FaultProxy; url: string }> {
  const direct = new URL(url);
  const proxy = await FaultProxy.start({ host: direct.hostname, port: Number(direct.port || 3306) });
  const through = new URL(url);
  through.hostname = "127.0.0.1";
  through.port = String(proxy.port);
  return { proxy, url: through.toString() };
}

export async function startTestRoster(options: TestRosterOptions = {}): Promise<TestRoster> {
  const clock = options.clock ?? new TestClock();
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "roster-test-"));
  const mariadb = testDatabase === "mariadb" ? await createMariadbDatabase() : undefined;
  if (options.proxy && !mariadb) throw new Error("startTestRoster({ proxy: true }) needs MariaDB (a *.mariadb.test.ts file)");
  const faults = options.proxy && mariadb ? await proxied(mariadb.url) : undefined;
  const config = loadConfig({
    NODE_ENV: "test",
    PORT: "0",
    ROSTER_DATA_DIR: dataDir,
    ROSTER_DEMO_DATA: options.demoData ? "auto" : "off",
    ROSTER_ADMIN_EMAIL: ADMIN.email,
    ROSTER_ADMIN_PASSWORD: ADMIN.password,
    ROSTER_WEB_DIR: options.webDir ?? path.join(dataDir, "no-web-build"),
    ...(mariadb ? { DATABASE_URL: faults?.url ?? mariadb.url } : {}),
    ...(options.smtpUrl ? { SMTP_URL: options.smtpUrl } : {}),
    // Warnings and errors only, whatever NODE_ENV a test starts with, so test output stays readable.
    ROSTER_LOG_LEVEL: "warn",
    ...options.env,
  });
  let roster = await startRoster(config, { clock: clock.now, logDestination: options.logDestination });
  const clients: GraphQLClient[] = [];
  const client = () => {
    const created = new GraphQLClient(`${roster.url}/graphql`);
    clients.push(created);
    return created;
  };
  return {
    get url() {
      return roster.url;
    },
    get dataSource() {
      return roster.dataSource;
    },
    clock,
    anonymous: client,
    async signIn(credentials = ADMIN) {
      const signedIn = client();
      await signedIn.login(credentials.email, credentials.password);
      return signedIn;
    },
    dataDir,
    proxy: faults?.proxy,
    async stop({ keepData = false } = {}) {
      // Roster's pool says goodbye to each connection on the way out: let it through.
      faults?.proxy.restore();
      await roster.stop();
      await faults?.proxy.close();
      if (keepData) return;
      await mariadb?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
    async restart() {
      await roster.stop();
      roster = await startRoster(config, { clock: clock.now, logDestination: options.logDestination });
    },
  };
}
