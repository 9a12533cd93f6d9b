/**
 * Counts the SQL statements each request runs, so tests can prove a page's statement count
 * does not grow with its size (no N+1). The count is carried by AsyncLocalStorage, which
 * follows the request through every await, DataLoader batch included.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Logger } from "typeorm";

interface StatementTally {
  statements: number;
}

const currentTally = new AsyncLocalStorage<StatementTally>();

export function countStatements<T>(work: () => T): { tally: StatementTally; result: T } {
  const tally = { statements: 0 };
  return { tally, result: currentTally.run(tally, work) };
}

export class StatementCountingLogger implements Logger {
  constructor(private readonly logSlowerThanMs: number) {}

  logQuery(): void {
    const tally = currentTally.getStore();
    if (tally) tally.statements += 1;
  }

  logQueryError(error: string | Error, query: string): void {
    console.error("[db] query failed:", error instanceof Error ? error.message : error, "\n  ", query.slice(0, 500));
  }

  logQuerySlow(time: number, query: string): void {
    if (time >= this.logSlowerThanMs) console.warn(`[db] slow query (${time} ms):`, query.slice(0, 500));
  }

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    console.log("[db]", message);
  }

  log(level: "log" | "info" | "warn", message: unknown): void {
    if (level === "warn") console.warn("[db]", message);
  }
}
