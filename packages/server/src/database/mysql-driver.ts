/**
 * mysql2 as Roster uses it: every pooled connection carries the server-side statement limit, and
 * no wait on the server is unbounded (connect, acquire, a statement that never answers), so a
 * frozen or cut MariaDB surfaces as SERVICE_UNAVAILABLE within seconds instead of hanging
 * requests, and a connection that stalled is destroyed rather than pooled again.
 */
import mysqlDriver from "mysql2";
import { logger } from "../common/logger";

/**
 * How long Roster waits on MariaDB/MySQL before it gives up and answers SERVICE_UNAVAILABLE
 * (common/errors.ts). A frozen server (a stopped process, a black-holed network) accepts TCP and
 * then says nothing, so every wait below has an end. Derived from the statement limit
 * (`queryTimeoutMs`, which the server enforces itself); see `databaseTimeouts`.
 */
export interface DatabaseTimeouts {
  /** A new connection's TCP connect + handshake. */
  connectMs: number;
  /** Waiting for a pooled connection when all are busy (mysql2's pool would wait forever). */
  acquireMs: number;
  /** A statement unanswered this long makes the pool check that the server is alive, and again at this interval. */
  livenessAfterMs: number;
  /** The liveness check: a new connection and a ping must answer within this. */
  livenessProbeMs: number;
  /** Past this, a statement's connection is given up even if the server answers others (a lost network path). */
  statementCeilingMs: number;
}

export function databaseTimeouts(queryTimeoutMs: number): DatabaseTimeouts {
  return {
    // A handshake on a live server takes milliseconds; 3 s leaves room for a slow network.
    connectMs: 3_000,
    // A request that queued 5 s for a connection, then met a frozen server (found within
    // livenessAfterMs + livenessProbeMs = 4 s), has still answered within 10 s.
    acquireMs: 5_000,
    // Statements of 2 s are rare and a check costs one connection, so a long statement on a live
    // server runs on to the server's own limit while a frozen server is found within 4 s.
    livenessAfterMs: 2_000,
    livenessProbeMs: 2_000,
    // The server stops a statement itself at queryTimeoutMs and says so at once (QUERY_TIMEOUT):
    // 2 s later, the answer is not coming.
    statementCeilingMs: queryTimeoutMs + 2_000,
  };
}

/**
 * The database did not answer in time (POOL_ACQUIRE_TIMEOUT, DATABASE_UNAVAILABLE), or a
 * connection could not be made (the driver's own code, kept): database-errors.ts reads these
 * codes as connection failures.
 */
export class DatabaseUnavailableError extends Error {
  readonly errno?: number;

  constructor(
    readonly code: string,
    message: string,
    cause?: unknown,
  ) {
    super(message, { cause });
    this.name = "DatabaseUnavailableError";
    const errno = (cause as { errno?: unknown } | undefined)?.errno;
    if (typeof errno === "number") this.errno = errno;
  }

  /**
   * A failed connect as Roster's own error. The driver's network errors come from Node's core,
   * which under Jest is another realm: GraphQL would mask them as "Unexpected error value".
   */
  static fromConnectFailure(error: Error): DatabaseUnavailableError {
    const code = (error as { code?: unknown }).code;
    return new DatabaseUnavailableError(
      typeof code === "string" ? code : "DATABASE_UNAVAILABLE",
      `Cannot get a database connection: ${error.message}`,
      error,
    );
  }
}

type Callback = (error: Error | null, ...results: unknown[]) => void;

/** Closes a connection now: mysql2's destroy() only half-closes, which a frozen peer never completes. */
function destroyConnection(connection: mysqlDriver.Connection): void {
  connection.destroy();
  (connection as unknown as { stream?: { destroy?: () => void } }).stream?.destroy?.();
}

/**
 * Whether the server is alive, asked on a connection of its own (the busy one cannot tell):
 * any answer from the server, even an error such as "Too many connections", means alive. One
 * check at a time is shared by every caller, and its answer is reused for half a second.
 */
class ServerLiveness {
  /** The last check found no server; new work waits for a check that finds one (see guardedPool). */
  down = false;
  private inFlight: Promise<boolean> | undefined;
  private last: { alive: boolean; at: number } | undefined;

  constructor(
    private readonly options: mysqlDriver.ConnectionOptions,
    private readonly budgetMs: number,
  ) {}

  check(): Promise<boolean> {
    if (this.last && Date.now() - this.last.at < 500) return Promise.resolve(this.last.alive);
    this.inFlight ??= this.probe().then((alive) => {
      this.last = { alive, at: Date.now() };
      this.down = !alive;
      this.inFlight = undefined;
      return alive;
    });
    return this.inFlight;
  }

  private probe(): Promise<boolean> {
    return new Promise((resolve) => {
      const connection = mysqlDriver.createConnection({ ...this.options, connectTimeout: this.budgetMs });
      let done = false;
      const finish = (alive: boolean) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        destroyConnection(connection);
        resolve(alive);
      };
      const timer = setTimeout(() => finish(false), this.budgetMs);
      timer.unref();
      // An error packet (it has an SQL state) is an answer; a network error or silence is not.
      const answered = (error: unknown) => typeof (error as { sqlState?: unknown }).sqlState === "string";
      connection.on("error", (error) => finish(answered(error)));
      connection.ping((error) => finish(!error || answered(error)));
    });
  }
}

const GUARDED = Symbol("guarded acquire");

/**
 * A pooled connection whose statements cannot wait forever: each callback-style query is
 * watched from the moment it is queued; once it has waited `livenessAfterMs`, the server's
 * liveness is checked (then again at that interval), and the connection is destroyed, failing
 * all its queued statements with DATABASE_UNAVAILABLE, if the server is gone or the statement
 * passed `statementCeilingMs`. mysql2 neither fails the queued statements of a connection it
 * closes nor stops waiting for a timed-out one, so a connection that gave up must never
 * return to the pool. Returns how to fail it from outside.
 */
function guardConnection(
  connection: mysqlDriver.PoolConnection,
  liveness: ServerLiveness,
  timeouts: DatabaseTimeouts,
): (error: Error) => void {
  const pending = new Set<(error: Error) => void>();
  const fail = (error: Error) => {
    for (const settle of [...pending]) settle(error);
    pending.clear();
    destroyConnection(connection);
  };
  // Errors reach each statement's callback; this keeps a late one from crashing the process.
  connection.on("error", () => undefined);
  const query = connection.query.bind(connection) as (...args: unknown[]) => unknown;
  connection.query = ((...args: unknown[]) => {
    const callback = args[args.length - 1];
    // Streams and commands built elsewhere (none in Roster) pass unguarded.
    if (typeof callback !== "function") return query(...args);
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const settle: Callback = (error, ...results) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      pending.delete(settle);
      (callback as Callback)(error, ...results);
    };
    const watch = () => {
      const waited = Date.now() - started;
      if (waited >= timeouts.statementCeilingMs) {
        fail(
          new DatabaseUnavailableError("DATABASE_UNAVAILABLE", `The database did not answer a statement within ${waited} ms.`),
        );
        return;
      }
      void liveness.check().then((alive) => {
        if (settled) return;
        if (!alive) {
          fail(
            new DatabaseUnavailableError(
              "DATABASE_UNAVAILABLE",
              "The database stopped answering (no answer to a new connection either).",
            ),
          );
          return;
        }
        timer = setTimeout(watch, Math.min(timeouts.livenessAfterMs, timeouts.statementCeilingMs - (Date.now() - started)));
        timer.unref();
      });
    };
    pending.add(settle);
    timer = setTimeout(watch, Math.min(timeouts.livenessAfterMs, timeouts.statementCeilingMs));
    timer.unref();
    args[args.length - 1] = settle;
    return query(...args);
  }) as typeof connection.query;
  return fail;
}

/**
 * mysql2's pool with an end to every wait: `getConnection` fails with POOL_ACQUIRE_TIMEOUT
 * after `acquireMs` (a connection that arrives later goes back to the pool), and while the last
 * liveness check found no server, new work waits for the next check instead of joining the
 * queue on a frozen connection. mysql2 re-enters getConnection for a queued caller when a
 * connection dies; such a caller keeps its first deadline, and fails at once if the server is
 * known to be gone.
 */
function guardedPool(pool: mysqlDriver.Pool, liveness: ServerLiveness, timeouts: DatabaseTimeouts): mysqlDriver.Pool {
  const getConnection = pool.getConnection.bind(pool) as (callback: Callback & { [GUARDED]?: true }) => void;
  const withDeadline = (callback: Callback): Callback & { [GUARDED]?: true } => {
    let settled = false;
    const guarded: Callback & { [GUARDED]?: true } = (error, connection) => {
      if (settled) {
        if (!error) (connection as mysqlDriver.PoolConnection).release();
        return;
      }
      settled = true;
      clearTimeout(timer);
      if (!error) callback(null, connection);
      else callback(error instanceof DatabaseUnavailableError ? error : DatabaseUnavailableError.fromConnectFailure(error));
    };
    guarded[GUARDED] = true;
    const timer = setTimeout(
      () =>
        guarded(
          new DatabaseUnavailableError(
            "POOL_ACQUIRE_TIMEOUT",
            `No database connection became free within ${timeouts.acquireMs} ms.`,
          ),
        ),
      timeouts.acquireMs,
    );
    timer.unref();
    return guarded;
  };
  pool.getConnection = ((callback: Callback & { [GUARDED]?: true }) => {
    const guarded = callback[GUARDED] ? callback : withDeadline(callback);
    if (!liveness.down) return getConnection(guarded);
    void liveness.check().then((alive) => {
      if (alive) getConnection(guarded);
      else guarded(new DatabaseUnavailableError("DATABASE_UNAVAILABLE", "The database is not answering."));
    });
  }) as typeof pool.getConnection;
  return pool;
}

/**
 * mysql2 with two changes: every pooled connection gets the server-side statement time limit
 * before its first query (mysql2 queues commands per connection, so the SET runs first; a
 * stopped statement surfaces as QUERY_TIMEOUT, common/errors.ts), and no wait on the server is
 * unbounded (`DatabaseTimeouts`): a frozen server surfaces as SERVICE_UNAVAILABLE.
 */
export function driverWithStatementTimeout(flavor: "mysql" | "mariadb", timeoutMs: number): typeof mysqlDriver {
  // A lock wait ends well before the statement limit, as a lock wait (1205): the write is then
  // retried and answered CONFLICT (write-model.ts) rather than stopped as a slow query.
  const lockWaitSeconds = Math.max(1, Math.floor(timeoutMs / 2000));
  const setLimit =
    flavor === "mariadb"
      ? `SET SESSION max_statement_time = ${(timeoutMs / 1000).toFixed(3)}, innodb_lock_wait_timeout = ${lockWaitSeconds}`
      : `SET SESSION max_execution_time = ${Math.round(timeoutMs)}, innodb_lock_wait_timeout = ${lockWaitSeconds}`;
  const timeouts = databaseTimeouts(timeoutMs);
  const createPool = (options: mysqlDriver.PoolOptions): mysqlDriver.Pool => {
    const liveness = new ServerLiveness(options, timeouts.livenessProbeMs);
    const pool = guardedPool(mysqlDriver.createPool({ ...options, connectTimeout: timeouts.connectMs }), liveness, timeouts);
    pool.on("connection", (connection) => {
      const fail = guardConnection(connection, liveness, timeouts);
      // A connection without the limit must not serve.
      connection.query(setLimit, (error) => {
        if (error) fail(error);
      });
    });
    return pool;
  };
  // TypeORM calls only add, getConnection and end on a cluster (ReplicatedPools).
  const createPoolCluster = () => new ReplicatedPools(createPool) as unknown as mysqlDriver.PoolCluster;
  return { ...mysqlDriver, createPool, createPoolCluster } as typeof mysqlDriver;
}

/** After a replica fails to give a connection, reads skip it for this long before trying it again. */
const REPLICA_RETRY_MS = 10_000;
const POOL_END_MS = 2_000;

/**
 * What TypeORM's replication asks of mysql2's PoolCluster (`add`, `getConnection("MASTER")`,
 * `getConnection("SLAVE*")`, `end`), made of the guarded pools above: mysql2's own cluster
 * builds plain pools, which would lose the statement limit and the bounded waits. Reads take
 * the replicas in turn; a replica that cannot give a connection (down, frozen, refusing) is
 * skipped for REPLICA_RETRY_MS and its reads go to the primary meanwhile, so a lost replica
 * slows reads down instead of failing them.
 */
class ReplicatedPools {
  private primary: mysqlDriver.Pool | undefined;
  private readonly replicas: { address: string; pool: mysqlDriver.Pool; skipUntil: number }[] = [];
  private turn = 0;

  constructor(private readonly createPool: (options: mysqlDriver.PoolOptions) => mysqlDriver.Pool) {}

  add(name: string, options: mysqlDriver.PoolOptions): void {
    const pool = this.createPool(options);
    if (name === "MASTER") this.primary = pool;
    else this.replicas.push({ address: `${options.host ?? "localhost"}:${options.port ?? 3306}`, pool, skipUntil: 0 });
  }

  getConnection(pattern: string, callback: Callback): void {
    if (!this.primary) throw new Error("the primary database pool was not added");
    const primary = this.primary;
    if (pattern === "MASTER") return primary.getConnection(callback);
    const now = Date.now();
    const available = this.replicas.filter((replica) => replica.skipUntil <= now);
    if (available.length === 0) return primary.getConnection(callback);
    const replica = available[this.turn++ % available.length];
    replica.pool.getConnection((error, connection) => {
      if (!error) return callback(null, connection);
      if (replica.skipUntil === 0 || replica.skipUntil <= Date.now()) {
        logger.warn(
          { replica: replica.address, error: error.message, retryInMs: REPLICA_RETRY_MS },
          "database replica unavailable: its reads go to the primary",
        );
      }
      replica.skipUntil = Date.now() + REPLICA_RETRY_MS;
      primary.getConnection(callback);
    });
  }

  /** Ends every pool; one whose server is gone is given up after POOL_END_MS (its QUIT never answers). */
  end(callback: (error?: Error | null) => void): void {
    const pools = [...(this.primary ? [this.primary] : []), ...this.replicas.map((replica) => replica.pool)];
    const ended = (pool: mysqlDriver.Pool) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, POOL_END_MS);
        timer.unref();
        pool.end(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    void Promise.all(pools.map(ended)).then(() => callback(null));
  }
}
