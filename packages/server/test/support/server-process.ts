/**
 * The BUILT server (`dist/main.js`, which `pnpm test` builds in its `pnpm generate` step) in a
 * process of its own, as an operator runs it: for tests of a production start and of a process
 * that is killed. Each test's processes are killed and its places dropped by `stopServersAndPlaces`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import Database from "better-sqlite3";
import mysql from "mysql2/promise";
import { createMariadbDatabase, testDatabase } from "./roster";

export const MAIN = path.resolve(__dirname, "../../dist/main.js");

export interface ServerProcess {
  child: ChildProcess;
  /** Where it listens; undefined when it exited before listening. */
  url?: string;
  /** The exit code, once every line of output has been read. */
  exited: Promise<number | null>;
  stdout: string[];
  stderr: string[];
}

const children: ChildProcess[] = [];

/** Runs `dist/main.js` in `cwd` with `env` (and PATH) alone, until it listens or exits. */
export async function startServer(env: Record<string, string>, cwd: string): Promise<ServerProcess> {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: \`pnpm --filter @roster/server build\` first.`);
  const child = spawn(process.execPath, [MAIN], {
    cwd,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  const stdout: string[] = [];
  const stderr: string[] = [];
  const lines = (stream: NodeJS.ReadableStream, into: string[]) => {
    const reader = createInterface({ input: stream });
    reader.on("line", (line) => into.push(line));
    return new Promise<void>((resolve) => reader.once("close", () => resolve()));
  };
  const exitCode = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const exited = Promise.all([exitCode, lines(child.stdout, stdout), lines(child.stderr, stderr)]).then(([code]) => code);
  const url = await new Promise<string | undefined>((resolve) => {
    child.stdout.on("data", () => {
      const port = stdout.map((line) => /running on http:\/\/[^:]+:(\d+)/.exec(line)?.[1]).find(Boolean);
      if (port) resolve(`http://127.0.0.1:${port}`);
    });
    void exited.then(() => resolve(undefined));
  });
  return { child, url, exited, stdout, stderr };
}

/** A working directory and data folder of its own, and on MariaDB a new empty database. */
export interface Place {
  dir: string;
  databaseUrl?: string;
  drop(): Promise<void>;
}

const places: Place[] = [];

export async function freshPlace(): Promise<Place> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "roster-process-"));
  const database = testDatabase === "mariadb" ? await createMariadbDatabase() : undefined;
  const place = {
    dir,
    databaseUrl: database?.url,
    async drop() {
      await database?.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  places.push(place);
  return place;
}

/** Kills what is still running and drops every place made since the last call (an afterEach). */
export async function stopServersAndPlaces(): Promise<void> {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  for (const place of places.splice(0)) await place.drop();
}

/** The embedded database file of a place without DATABASE_URL. */
export function sqliteFileOf(place: Place): string {
  return path.join(place.dir, "roster.sqlite");
}

/** Runs one statement on the place's database from outside Roster (no server need be running). */
export async function queryPlace(place: Place, sql: string): Promise<Record<string, unknown>[]> {
  if (place.databaseUrl) {
    const connection = await mysql.createConnection({ uri: place.databaseUrl });
    try {
      const [rows] = await connection.query(sql);
      return Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [];
    } finally {
      await connection.end();
    }
  }
  const sqlite = new Database(sqliteFileOf(place));
  try {
    const statement = sqlite.prepare(sql);
    if (statement.reader) return statement.all() as Record<string, unknown>[];
    statement.run();
    return [];
  } finally {
    sqlite.close();
  }
}
