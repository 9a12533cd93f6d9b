/**
 * Counts the SQL statements each request runs, so tests can prove a page's statement count
 * does not grow with its size (no N+1). The tally rides on AsyncLocalStorage, which follows
 * the request through every await, DataLoader batches included.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Logger } from "typeorm";
import { isUniqueViolation } from "../common/errors";
import { logger } from "../common/logger";
import { isConnectionFailure } from "./database-errors";

/**
 * What the database layer keeps per request: its statement tally, and whether its reads may go
 * to a replica (read-routing.ts). One AsyncLocalStorage carries both, since each instance costs
 * every async operation of every request.
 */
interface RequestDatabaseScope {
  statements: number;
  replicaReads: boolean;
}

const currentScope = new AsyncLocalStorage<RequestDatabaseScope>();

/** Runs `work` (a request) with its own statement tally, its reads on the primary until told otherwise. */
export function withRequestDatabaseScope<T>(work: () => T): T {
  return currentScope.run({ statements: 0, replicaReads: false }, work);
}

export function statementsSoFar(): number | undefined {
  return currentScope.getStore()?.statements;
}

/** Lets the rest of the current request read from a replica (read-routing.ts decides when). */
export function allowReplicaReads(): void {
  const scope = currentScope.getStore();
  if (scope) scope.replicaReads = true;
}

/** Whether the current request's reads outside a transaction may go to a replica. */
export function replicaReadsAllowed(): boolean {
  return currentScope.getStore()?.replicaReads ?? false;
}

export class StatementCountingLogger implements Logger {
  logQuery(): void {
    const scope = currentScope.getStore();
    if (scope) scope.statements += 1;
  }

  logQueryError(error: string | Error, query: string): void {
    // A duplicate key is an expected race (two first contacts from one new email), handled by
    // its caller or answered as CONFLICT: not a fault to log. Nor is a lost database, which the
    // error formatter and the job runner report once per outage rather than once per statement.
    if (isUniqueViolation(error) || isConnectionFailure(error)) return;
    logger.error(
      { error: typeof error === "string" ? error : error.message, query: query.slice(0, 500) },
      "database query failed",
    );
  }

  logQuerySlow(time: number, query: string): void {
    logger.warn({ durationMs: time, query: query.slice(0, 500) }, "slow database query");
  }

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    logger.info(`migration: ${message}`);
  }

  log(level: "log" | "info" | "warn", message: unknown): void {
    if (level === "warn") logger.warn({ message }, "database warning");
  }
}
