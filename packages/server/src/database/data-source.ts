/**
 * Builds the TypeORM DataSource: MariaDB/MySQL through mysql2 when DATABASE_URL is set,
 * otherwise an embedded SQLite file. Schema changes come from migrations only.
 */
import fs from "node:fs";
import path from "node:path";
import mysql from "mysql2/promise";
import { DataSource, type DataSourceOptions, type ReplicationMode } from "typeorm";
import type { Config } from "../config/config";
import { entities } from "./entities";
import { migrations } from "./migrations";
import { driverWithStatementTimeout } from "./mysql-driver";
import { registerSqliteFunctions } from "./sqlite-functions";
import { replicaReadsAllowed, StatementCountingLogger } from "./statement-counter";
import { installWriteModel } from "./write-model";

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
 * With replicas configured, TypeORM sends every query builder's read outside a transaction to a
 * replica. Roster sends it there only during a request that http/read-routing.ts let read from
 * one (a query of a caller with no recent write); everything else, from a mutation's lookups to
 * the job runner, reads the primary it writes to. Without replicas both modes are the primary.
 */
class RoutedDataSource extends DataSource {
  override defaultReplicationModeForReads(): ReplicationMode {
    return replicaReadsAllowed() ? "slave" : "master";
  }
}

/**
 * Asks the server behind DATABASE_URL what it is. TypeORM reads MariaDB's catalog correctly
 * only with its "mariadb" driver type, while the URL scheme is mysql:// for both.
 */
async function probeMysqlFlavor(url: string): Promise<"mysql" | "mariadb"> {
  let connection: mysql.Connection | undefined;
  let answered = false;
  try {
    connection = await mysql.createConnection({ uri: url, connectTimeout: 5000 });
    const [rows] = await connection.query<mysql.RowDataPacket[]>({ sql: "SELECT VERSION() AS version", timeout: 5000 });
    answered = true;
    return String(rows[0]?.version).toLowerCase().includes("mariadb") ? "mariadb" : "mysql";
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseUnreachableError(`DATABASE_URL: cannot connect to ${redactUrl(url)} (${reason})`);
  } finally {
    // end() would queue behind a query that never answered; a frozen server gets the socket closed.
    if (answered) await connection?.end().catch(() => undefined);
    else connection?.destroy();
  }
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}

export function embeddedDatabasePath(config: Pick<Config, "dataDir">): string {
  return path.join(config.dataDir, "roster.sqlite");
}

export async function createDataSource(
  config: Pick<Config, "databaseUrl" | "databaseReplicaUrls" | "dataDir" | "queryTimeoutMs">,
): Promise<DataSource> {
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
      ...(config.databaseReplicaUrls.length > 0
        ? { replication: { master: { url: config.databaseUrl }, slaves: config.databaseReplicaUrls.map((url) => ({ url })) } }
        : { url: config.databaseUrl }),
      // Dates are stored and read as UTC whatever the server's time zone.
      timezone: "Z",
      charset: "utf8mb4_unicode_ci",
      poolSize: 10,
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
        // The WAL is checkpointed every 1,000 pages (SQLite's default); after a checkpoint the file
        // is cut back to 64 MB, so a long import or bulk job does not leave a WAL as large as itself.
        db.pragma("journal_size_limit = 67108864");
        registerSqliteFunctions(db);
      },
    };
  }
  return new RoutedDataSource(options);
}

/**
 * How every process opens Roster's database: connect, migrate, then install the write model
 * (write-model.ts), which must come after the migrations' own transactions.
 */
export async function openDatabase(config: Parameters<typeof createDataSource>[0]): Promise<DataSource> {
  const dataSource = await createDataSource(config);
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: "each" });
    installWriteModel(dataSource);
    return dataSource;
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}
