/**
 * What a database error means for the caller, read the same way on MariaDB/MySQL (mysql2) and
 * SQLite (better-sqlite3). TypeORM copies the driver's `code`/`errno` onto its QueryFailedError
 * and keeps the original as `driverError`; connection errors arrive unwrapped.
 */

interface DriverFields {
  code?: unknown;
  errno?: unknown;
}

function fieldsOf(error: unknown): DriverFields[] {
  if (typeof error !== "object" || error === null) return [];
  const driverError = (error as { driverError?: unknown }).driverError;
  return [
    error as DriverFields,
    ...(typeof driverError === "object" && driverError !== null ? [driverError as DriverFields] : []),
  ];
}

function hasCode(error: unknown, codes: ReadonlySet<string | number>): boolean {
  return fieldsOf(error).some(
    ({ code, errno }) => (typeof code === "string" && codes.has(code)) || (typeof errno === "number" && codes.has(errno)),
  );
}

/** Two transactions waited on each other (the database chose this one to undo) or a lock wait ran out. */
const LOCK_CONFLICTS = new Set<string | number>([
  "ER_LOCK_DEADLOCK",
  1213,
  "ER_LOCK_WAIT_TIMEOUT",
  1205,
  // MariaDB 11.6+: a snapshot a REPEATABLE READ transaction read has changed under it.
  "ER_CHECKREAD",
  1020,
  "SQLITE_BUSY",
  "SQLITE_BUSY_SNAPSHOT",
  "SQLITE_BUSY_RECOVERY",
  "SQLITE_BUSY_TIMEOUT",
]);

/** The connection to the database could not be made, was cut, or stopped answering. */
const CONNECTION_FAILURES = new Set<string | number>([
  "PROTOCOL_CONNECTION_LOST",
  "PROTOCOL_SEQUENCE_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ER_CON_COUNT_ERROR",
  "ER_SERVER_SHUTDOWN",
  1053,
  "POOL_ACQUIRE_TIMEOUT",
  "DATABASE_UNAVAILABLE",
]);

export function isLockConflict(error: unknown): boolean {
  return hasCode(error, LOCK_CONFLICTS);
}

/** What mysql2 says, with no code, when the pool or the connection under a query runner was already closed. */
const CLOSED_MESSAGES = new Set(["Pool is closed.", "Can't add new command when connection is in closed state"]);

export function isConnectionFailure(error: unknown): boolean {
  return (
    hasCode(error, CONNECTION_FAILURES) ||
    fieldsOf(error).some((fields) => CLOSED_MESSAGES.has(String((fields as { message?: unknown }).message)))
  );
}

/** Worth trying again as it was: nothing about the work itself is wrong. */
export function isTransient(error: unknown): boolean {
  return isLockConflict(error) || isConnectionFailure(error);
}

/** What a person is shown of a failure: the database's own words, without the SQL TypeORM appends. */
export function messageOf(error: unknown): string {
  const driverError = (error as { driverError?: { sqlMessage?: unknown; message?: unknown } } | null)?.driverError;
  const message = driverError?.sqlMessage ?? driverError?.message ?? (error instanceof Error ? error.message : String(error));
  return String(message);
}
