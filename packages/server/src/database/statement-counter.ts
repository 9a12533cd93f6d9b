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

interface StatementTally {
  statements: number;
}

const currentTally = new AsyncLocalStorage<StatementTally>();

/** Runs `work` (a request) with its own statement tally. */
export function withStatementTally<T>(work: () => T): T {
  return currentTally.run({ statements: 0 }, work);
}

export function statementsSoFar(): number | undefined {
  return currentTally.getStore()?.statements;
}

export class StatementCountingLogger implements Logger {
  logQuery(): void {
    const tally = currentTally.getStore();
    if (tally) tally.statements += 1;
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
