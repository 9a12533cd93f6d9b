/**
 * Throwaway databases for the benchmarks: on MariaDB a database `roster_bench` on
 * ROSTER_BENCH_MARIADB_URL (default mysql://root@127.0.0.1:3306), dropped and recreated; on
 * SQLite a temporary folder. Migrated, empty, and removed again by `dispose`.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import mysql from "mysql2/promise";
import type { DataSource } from "typeorm";
import { loadConfig, type Config } from "../config/config";
import { openDatabase } from "../database/data-source";

export interface ScratchDatabase {
  config: Config;
  dataSource: DataSource;
  dispose(): Promise<void>;
}

export async function scratchDatabase(database: string, env: Record<string, string> = {}): Promise<ScratchDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "roster-bench-"));
  let databaseUrl: string | undefined;
  if (database === "mariadb") {
    const server = process.env.ROSTER_BENCH_MARIADB_URL ?? "mysql://root@127.0.0.1:3306";
    const admin = await mysql.createConnection({ uri: server });
    await admin.query("DROP DATABASE IF EXISTS roster_bench");
    await admin.query("CREATE DATABASE roster_bench CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    await admin.end();
    databaseUrl = `${server}/roster_bench`;
  } else if (database !== "sqlite") {
    throw new Error(`--database must be mariadb, sqlite or both, got ${database}`);
  }
  // A slow hand-written query must be measured, not stopped by the server's statement limit.
  const config = loadConfig({
    NODE_ENV: "production",
    ROSTER_PUBLIC_URL: "http://localhost",
    ROSTER_DATA_DIR: dataDir,
    ROSTER_QUERY_TIMEOUT_MS: "600000",
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...env,
  });
  const dataSource = await openDatabase(config);
  return {
    config,
    dataSource,
    async dispose() {
      if (dataSource.isInitialized) await dataSource.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The administrator every bench's server is started with. */
export const BENCH_ADMIN = { email: "bench@roster.test", password: "bench-password" };

/** Signs the bench administrator in to a running server; the session cookie to send. */
export async function signIn(url: string): Promise<string> {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      query: "mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { id } }",
      variables: BENCH_ADMIN,
    }),
  });
  const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0];
  if (!cookie) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return cookie;
}
