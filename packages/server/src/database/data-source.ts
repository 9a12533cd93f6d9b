/**
 * Builds the TypeORM DataSource: MariaDB/MySQL through mysql2 when DATABASE_URL is set,
 * otherwise an embedded SQLite file. Schema changes come from migrations only.
 */
import fs from "node:fs";
import path from "node:path";
import mysqlDriver from "mysql2";
import mysql from "mysql2/promise";
import { DataSource, type DataSourceOptions } from "typeorm";
import type { Config } from "../config/config";
import { entities } from "./entities";
import { migrations } from "./migrations";
import { registerSqliteFunctions } from "./sqlite-functions";
import { StatementCountingLogger } from "./statement-counter";

export type Dialect = "mysql" | "sqlite";

export function dialectOf(dataSource: DataSource): Dialect {
  return dataSource.options.type === "better-sqlite3" ? "sqlite" : "mysql";
}

/** `lock` for a read that is about to be written: a row lock where the database has them; SQLite serializes writers on its own. */
export function writeLock(dataSource: DataSource): { mode: "pessimistic_write" } | undefined {
  return dialectOf(dataSource) === "mysql" ? { mode: "pessimistic_write" } : undefined;
}

export class DatabaseUnreachableError extends Error {}

/**
 * Asks the server behind DATABASE_URL what it is. TypeORM reads MariaDB's catalog correctly
 * only with its "mariadb" driver type, while the URL scheme is mysql:// for both.
 */
async function probeMysqlFlavor(url: string): Promise<"mysql" | "mariadb"> {
  let connection: mysql.Connection | undefined;
  try {
    connection = await mysql.createConnection({ uri: url, connectTimeout: 5000 });
    const [rows] = await connection.query<mysql.RowDataPacket[]>("SELECT VERSION() AS version");
    return String(rows[0]?.version).toLowerCase().includes("mariadb") ? "mariadb" : "mysql";
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseUnreachableError(`DATABASE_URL: cannot connect to ${redactUrl(url)} (${reason})`);
  } finally {
    await connection?.end().catch(() => undefined);
  }
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}

export function embeddedDatabasePath(config: Pick<Config, "dataDir">): string {
  return path.join(config.dataDir, "roster.sqlite");
}

/**
 * mysql2 with one change: every pooled connection gets the server-side statement time limit
 * before its first query (mysql2 queues commands per connection, so the SET runs first). A
 * stopped statement surfaces as QUERY_TIMEOUT (common/errors.ts).
 */
function driverWithStatementTimeout(flavor: "mysql" | "mariadb", timeoutMs: number): typeof mysqlDriver {
  const setLimit =
    flavor === "mariadb"
      ? `SET SESSION max_statement_time = ${(timeoutMs / 1000).toFixed(3)}`
      : `SET SESSION max_execution_time = ${Math.round(timeoutMs)}`;
  return {
    ...mysqlDriver,
    createPool(options: mysqlDriver.PoolOptions) {
      const pool = mysqlDriver.createPool(options);
      pool.on("connection", (connection) => {
        connection.query(setLimit);
      });
      return pool;
    },
  } as typeof mysqlDriver;
}

export async function createDataSource(config: Pick<Config, "databaseUrl" | "dataDir" | "queryTimeoutMs">): Promise<DataSource> {
  const common = {
    entities,
    migrations,
    synchronize: false,
    migrationsRun: false,
    logging: true,
    logger: new StatementCountingLogger(),
    maxQueryExecutionTime: 500,
  } as const;
  let options: DataSourceOptions;
  if (config.databaseUrl) {
    const flavor = await probeMysqlFlavor(config.databaseUrl);
    options = {
      ...common,
      type: flavor,
      driver: driverWithStatementTimeout(flavor, config.queryTimeoutMs),
      url: config.databaseUrl,
      // Dates are stored and read as UTC whatever the server's time zone.
      timezone: "Z",
      charset: "utf8mb4_unicode_ci",
      poolSize: 10,
      extra: { connectTimeout: 5000 },
    };
  } else {
    const file = embeddedDatabasePath(config);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    options = {
      ...common,
      type: "better-sqlite3",
      database: file,
      prepareDatabase: (db: { pragma(source: string): unknown } & Parameters<typeof registerSqliteFunctions>[0]) => {
        db.pragma("journal_mode = WAL");
        db.pragma("busy_timeout = 5000");
        registerSqliteFunctions(db);
      },
    };
  }
  return new DataSource(options);
}
