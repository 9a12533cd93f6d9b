/**
 * How Roster writes, on both databases (docs/write-model.md has the whole story):
 *
 * - **SQLite**: better-sqlite3 is one connection, and TypeORM hands every caller the same query
 *   runner. Two requests' transactions on it are one transaction: the second becomes a savepoint
 *   of the first, and the first one's rollback takes the second's acknowledged write with it. The
 *   gate below makes a transaction exclusive: while one is open, every other caller's statement
 *   waits for it to end (so nobody reads uncommitted rows or writes into someone else's
 *   transaction), and the next transaction begins only when it has. Ownership follows the async
 *   call chain (AsyncLocalStorage), so the owner's own statements and savepoints go straight
 *   through. A statement outside any transaction is atomic on its own and only waits its turn.
 * - **Both**: a top-level transaction that loses a deadlock or a lock wait (MariaDB) or finds the
 *   file busy (SQLite) is run again from the start, a bounded number of times with backoff,
 *   before its error reaches the caller (who answers CONFLICT, common/errors.ts).
 *
 * Work inside a transaction must be database work only: hash passwords, render emails and parse
 * files before it opens, since on SQLite every other request waits until it commits.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { DataSource, EntityManager, QueryRunner } from "typeorm";
import { isLockConflict } from "./database-errors";

interface Waiter {
  exclusive: boolean;
  enter(): void;
}

/**
 * A first-come, first-served lock with two modes: one exclusive holder (a transaction) or any
 * number of shared ones (single statements). A shared arrival queues behind a waiting
 * transaction, so a steady stream of reads cannot starve writers.
 */
export class TransactionGate {
  private owner: symbol | null = null;
  private shared = 0;
  private readonly queue: Waiter[] = [];
  private readonly context = new AsyncLocalStorage<symbol>();

  /** Runs `work` as the one open transaction; its async calls are recognized as its own. */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    const token = Symbol("transaction");
    await this.enter(true);
    this.owner = token;
    try {
      return await this.context.run(token, work);
    } finally {
      this.owner = null;
      this.dispatch();
    }
  }

  /** Whether the caller is the open transaction (its statements must not wait for themselves). */
  ownsTransaction(): boolean {
    return this.owner !== null && this.context.getStore() === this.owner;
  }

  /** Runs one statement of someone who holds no transaction, between transactions. */
  async statement<T>(run: () => Promise<T>): Promise<T> {
    await this.enter(false);
    try {
      return await run();
    } finally {
      this.shared -= 1;
      this.dispatch();
    }
  }

  private free(exclusive: boolean): boolean {
    return this.owner === null && (!exclusive || this.shared === 0);
  }

  /** Resolves once the caller holds the gate: as its owner, or counted among the shared. */
  private enter(exclusive: boolean): Promise<void> {
    if (this.queue.length === 0 && this.free(exclusive)) {
      this.grant(exclusive);
      return Promise.resolve();
    }
    return new Promise((resolve) => this.queue.push({ exclusive, enter: resolve }));
  }

  private grant(exclusive: boolean): void {
    // Held from the moment it is granted, so nobody slips in before the holder's code runs.
    if (exclusive) this.owner = Symbol("reserved");
    else this.shared += 1;
  }

  /** Lets in, in order, everyone at the head of the queue who can enter now. */
  private dispatch(): void {
    while (this.queue.length > 0 && this.free(this.queue[0].exclusive)) {
      const next = this.queue.shift()!;
      this.grant(next.exclusive);
      next.enter();
    }
  }
}

type TransactionCall = EntityManager["transaction"];

const MAX_ATTEMPTS = 5;

/** 20, 40, 80, 160 ms, each with up to as much again at random, so the losers do not meet again. */
function backoff(attempt: number): Promise<void> {
  const base = 20 * 2 ** (attempt - 1);
  return new Promise((resolve) => setTimeout(resolve, base + Math.random() * base));
}

/** Runs a whole transaction again while it loses lock conflicts, up to MAX_ATTEMPTS in all. */
async function retryingLockConflicts<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !isLockConflict(error)) throw error;
      await backoff(attempt);
    }
  }
}

const gates = new WeakMap<DataSource, TransactionGate>();

/**
 * Runs `work` holding the embedded database alone, for code that drives a query runner's
 * transactions itself (the seed generator's chunked commits); on MariaDB it just runs `work`.
 */
export function exclusively<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  const gate = gates.get(dataSource);
  return gate && !gate.ownsTransaction() ? gate.exclusive(work) : work();
}

/** Makes the embedded database's single query runner honour the gate. */
function gateQueryRunner(runner: QueryRunner, gate: TransactionGate): void {
  const query = runner.query.bind(runner);
  const startTransaction = runner.startTransaction.bind(runner);
  runner.query = ((...args: Parameters<QueryRunner["query"]>) =>
    gate.ownsTransaction() ? query(...args) : gate.statement(() => query(...args))) as QueryRunner["query"];
  runner.startTransaction = (isolationLevel) => {
    if (!gate.ownsTransaction()) {
      return Promise.reject(
        new Error("On SQLite every write transaction goes through dataSource.transaction (database/write-model.ts)."),
      );
    }
    return startTransaction(isolationLevel);
  };
}

/** TypeORM's own transactions (save() and remove() outside one, migrations) taken through the gate too. */
function gateImplicitTransactions(dataSource: DataSource, gate: TransactionGate): void {
  const manager = dataSource.manager as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const method of ["save", "remove", "softRemove", "recover"]) {
    const persist = manager[method].bind(manager);
    manager[method] = (...args: unknown[]) =>
      gate.ownsTransaction()
        ? persist(...args)
        : dataSource.manager.transaction((inner) => (inner as unknown as typeof manager)[method](...args));
  }
  const runMigrations = dataSource.runMigrations.bind(dataSource);
  const undoLastMigration = dataSource.undoLastMigration.bind(dataSource);
  dataSource.runMigrations = (options) => gate.exclusive(() => runMigrations(options));
  dataSource.undoLastMigration = (options) => gate.exclusive(() => undoLastMigration(options));
}

/**
 * Installs the write model on an initialized, migrated DataSource: call once, after migrations
 * (they open their own transactions on the same runner).
 */
export function installWriteModel(dataSource: DataSource): void {
  const manager = dataSource.manager;
  const transaction = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  const sqlite = dataSource.options.type === "better-sqlite3";
  const gate = sqlite ? new TransactionGate() : undefined;
  if (gate) {
    gates.set(dataSource, gate);
    gateQueryRunner(dataSource.createQueryRunner(), gate);
    gateImplicitTransactions(dataSource, gate);
  }

  const runner = dataSource.createQueryRunner();
  manager.transaction = ((...args: unknown[]) => {
    if (gate?.ownsTransaction()) return transaction(...args); // nested: a savepoint of the caller's own
    const once = () => transaction(...args);
    const alone = () => gate!.exclusive(() => once().finally(() => resynchronize(runner)));
    return retryingLockConflicts(gate ? alone : once);
  }) as TransactionCall;
}

/**
 * After a transaction on SQLite: the connection and TypeORM's runner must agree that none is
 * open. SQLite rolls a whole transaction back by itself on some errors (a full disk, an I/O
 * error), TypeORM's own ROLLBACK then fails and is swallowed, and the shared runner would go on
 * believing a transaction is open: every later one would become a savepoint of it and nothing
 * would commit again.
 */
function resynchronize(runner: QueryRunner): void {
  const connection = (
    runner.connection.driver as unknown as { databaseConnection: { inTransaction: boolean; exec(sql: string): void } }
  ).databaseConnection;
  const state = runner as unknown as { isTransactionActive: boolean; transactionDepth: number };
  if (connection.inTransaction) connection.exec("ROLLBACK");
  state.isTransactionActive = false;
  state.transactionDepth = 0;
}
