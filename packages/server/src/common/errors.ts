/**
 * Domain errors and their mapping to GraphQL `extensions.code`, the error contract other
 * services rely on. Anything that is not a DomainError is logged and masked.
 */
import { GraphQLError, Kind, parse, visit, type ASTNode, type GraphQLFormattedError } from "graphql";
import { ArgumentValidationError } from "type-graphql";
import { isLockConflict } from "../database/database-errors";
import { isConnectionFailure } from "../database/database-errors";
import { logger } from "./logger";

export enum ErrorCode {
  BadUserInput = "BAD_USER_INPUT",
  Unauthenticated = "UNAUTHENTICATED",
  Forbidden = "FORBIDDEN",
  NotFound = "NOT_FOUND",
  Conflict = "CONFLICT",
  InvalidCredentials = "INVALID_CREDENTIALS",
  /** The person's state does not allow this change (banning someone in the trash, …). */
  InvalidTransition = "INVALID_TRANSITION",
  UserBanned = "USER_BANNED",
  UserTrashed = "USER_TRASHED",
  UserNotActivated = "USER_NOT_ACTIVATED",
  /** An emailed link that is unknown, already used, or expired. */
  InvalidToken = "INVALID_TOKEN",
  /** The query limits (see http/query-limits.ts): refused before anything runs. */
  QueryTooDeep = "QUERY_TOO_DEEP",
  TooManyAliases = "TOO_MANY_ALIASES",
  TooManyDirectives = "TOO_MANY_DIRECTIVES",
  TooManyTokens = "TOO_MANY_TOKENS",
  QueryTooCostly = "QUERY_TOO_COSTLY",
  /** The caller spent its cost budget; HTTP 429 with Retry-After. */
  RateLimited = "RATE_LIMITED",
  /** A database read ran past the server's time limit and was stopped. */
  QueryTimeout = "QUERY_TIMEOUT",
  /**
   * The database cannot be reached or stopped answering; HTTP 503 with Retry-After. A write
   * answered this was not acknowledged: read before retrying it (a commit cut mid-way may have landed).
   */
  ServiceUnavailable = "SERVICE_UNAVAILABLE",
  InternalServerError = "INTERNAL_SERVER_ERROR",
  /** Too many failed credential checks for this account or address: locked for `retryAfterSeconds`. */
  TooManyAttempts = "TOO_MANY_ATTEMPTS",
  /** A document with more field selections than the limit (http/query-limits.ts), refused before validation. */
  TooManyFields = "TOO_MANY_FIELDS",
  /** An HTTP request that cannot be read: a malformed JSON body, a CSRF refusal, a file in an unknown encoding. */
  BadRequest = "BAD_REQUEST",
  /** An HTTP body over its endpoint's size limit (HTTP 413). */
  PayloadTooLarge = "PAYLOAD_TOO_LARGE",
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const badInput = (argument: string, message: string): DomainError =>
  new DomainError(ErrorCode.BadUserInput, message, { argument });

/** An outage fails every request: the log says so once every ten seconds, with how many failed since. */
const outageLog = { lastAt: 0, since: 0 };
function reportDatabaseUnavailable(error: unknown): void {
  outageLog.since += 1;
  const now = Date.now();
  if (now - outageLog.lastAt < 10_000) return;
  const reason = (error as { message?: unknown } | null)?.message ?? String(error);
  logger.warn(
    { reason: String(reason), errorsSinceLastReport: outageLog.since },
    "database unavailable: answering SERVICE_UNAVAILABLE",
  );
  outageLog.lastAt = now;
  outageLog.since = 0;
}

const INTERNAL_MESSAGE = "Something went wrong on our side; it has been logged.";

/**
 * Apollo's formatError: known errors pass with their code; everything else is masked. It never
 * throws (Apollo would answer its own "Internal server error"): a failure here is logged and
 * answered INTERNAL_SERVER_ERROR. In production, messages that name the server's stack
 * (Apollo's introspection refusal, say) are reworded.
 */
export function createErrorFormatter(options: { production: boolean }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    let result: GraphQLFormattedError;
    try {
      result = formatKnownError(formatted, error);
    } catch (failure) {
      safeLog("the GraphQL error formatter failed", failure);
      return { message: INTERNAL_MESSAGE, extensions: { code: ErrorCode.InternalServerError } };
    }
    return options.production ? withoutStackNames(result) : result;
  };
}

/** The formatter outside production (tests and development). */
export const formatError = createErrorFormatter({ production: false });

function safeLog(message: string, error: unknown, path?: string): void {
  try {
    logger.error({ err: error, path }, message);
  } catch {
    // Logging must not turn an answer into a failure.
  }
}

/** Words that name the software Roster runs on, which production answers keep to themselves. */
const STACK_NAMES = /apollo|graphql-js|express|typeorm|sqlite|mysql|mariadb|node_modules|body-parser|csv-parse|\bat \S+ \(/i;

/** What production says instead, by code; an unknown code keeps a neutral sentence. */
function withoutStackNames(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  const { locations, path } = formatted;
  if (/introspection/i.test(formatted.message)) {
    return {
      message: "Introspection is turned off on this server.",
      locations,
      path,
      extensions: { ...formatted.extensions, code: code ?? ErrorCode.BadRequest },
    };
  }
  if (!STACK_NAMES.test(formatted.message)) return formatted;
  const message = /Cross-Site Request Forgery/i.test(formatted.message)
    ? "This request was refused as a possible cross-site request forgery: send it as application/json, or with an x-roster-csrf header."
    : code === ErrorCode.InternalServerError || code === undefined
      ? INTERNAL_MESSAGE
      : "This request cannot be answered as sent.";
  return { message, locations, path, extensions: { ...formatted.extensions, code: code ?? ErrorCode.InternalServerError } };
}

function formatKnownError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (original instanceof DomainError) {
    return { ...formatted, extensions: { code: original.code, ...original.details } };
  }
  if (original instanceof ArgumentValidationError) {
    const message = validationMessages(original.extensions.validationErrors as ValidationFailure[]).join("; ");
    return { ...formatted, message: message || formatted.message, extensions: { code: ErrorCode.BadUserInput } };
  }
  if (isUniqueViolation(original)) {
    // Two writers raced past the same "is it free?" check; the database kept the first.
    return {
      ...formatted,
      message: "This conflicts with a record that was just created; try again.",
      extensions: { code: ErrorCode.Conflict },
    };
  }
  if (isLockConflict(original)) {
    // Still losing to other writers after the retries (database/write-model.ts).
    return {
      ...formatted,
      message: "Someone else is changing the same records right now; try again in a moment.",
      extensions: { code: ErrorCode.Conflict },
    };
  }
  const invalidArgument = argumentOfInvalidValue(original);
  if (invalidArgument) {
    return { ...formatted, message: `${invalidArgument}: ${formatted.message}`, extensions: { code: ErrorCode.BadUserInput } };
  }
  if (isConnectionFailure(original)) {
    reportDatabaseUnavailable(original);
    return {
      message: "The database is not answering; try again in a moment.",
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: ErrorCode.ServiceUnavailable },
    };
  }
  if (isStatementTimeout(original)) {
    return {
      message:
        "This request took too long in the database and was stopped. Ask for less at once (smaller pages, narrower filters).",
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: ErrorCode.QueryTimeout },
    };
  }
  const code = formatted.extensions?.code;
  const tokenLimit = code === "GRAPHQL_PARSE_FAILED" ? tokenLimitOf(formatted.message) : undefined;
  if (tokenLimit !== undefined) {
    return {
      message: `This document has more than ${tokenLimit} tokens (names, values and punctuation); the limit is ${tokenLimit}. Send a smaller query.`,
      extensions: { code: ErrorCode.TooManyTokens, limit: tokenLimit },
    };
  }
  // Apollo's own parse/validation/argument-coercion errors carry their codes already and contain no internals.
  if (typeof code === "string" && code !== ErrorCode.InternalServerError) {
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
  }
  safeLog("internal error, answered INTERNAL_SERVER_ERROR", original, formatted.path?.join("."));
  return {
    message: INTERNAL_MESSAGE,
    path: formatted.path,
    locations: formatted.locations,
    extensions: { code: ErrorCode.InternalServerError },
  };
}

const valueKinds = new Set<string>([
  Kind.INT,
  Kind.FLOAT,
  Kind.STRING,
  Kind.BOOLEAN,
  Kind.NULL,
  Kind.ENUM,
  Kind.LIST,
  Kind.OBJECT,
]);

/**
 * A validation error about a value written in the query (an unknown enum value, a string for an
 * Int) is bad user input, like the same value sent in a variable; this finds the argument it was
 * given to, so the message can name it.
 */
function argumentOfInvalidValue(error: unknown): string | undefined {
  if (!(error instanceof GraphQLError)) return undefined;
  const node: ASTNode | undefined = error.nodes?.[0];
  if (!node || !valueKinds.has(node.kind) || !node.loc || !error.source) return undefined;
  const position = node.loc.start;
  let argument: string | undefined;
  visit(parse(error.source), {
    Argument(candidate) {
      if (candidate.loc && candidate.loc.start <= position && position < candidate.loc.end) argument = candidate.name.value;
    },
  });
  return argument;
}

/** MariaDB's max_statement_time and MySQL's max_execution_time stopped a statement. */
function isStatementTimeout(error: unknown): boolean {
  const driverError = (error as { driverError?: { errno?: unknown } } | null)?.driverError;
  const errno = driverError?.errno ?? (error as { errno?: unknown } | null)?.errno;
  return errno === 1969 || errno === 3024;
}

/** graphql-js reports a document over `maxTokens` as a syntax error; this tells it apart and reads the limit. */
function tokenLimitOf(message: string): number | undefined {
  const match = /Document contains more (?:that|than) (\d+) tokens/.exec(message);
  return match ? Number(match[1]) : undefined;
}

/** MariaDB/MySQL and SQLite name a unique-key violation differently. */
export function isUniqueViolation(error: unknown): boolean {
  const code =
    (error as { code?: unknown; driverError?: { code?: unknown } } | null)?.driverError?.code ??
    (error as { code?: unknown } | null)?.code;
  return code === "ER_DUP_ENTRY" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

interface ValidationFailure {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationFailure[];
}

/** class-validator's failures as sentences, nested inputs prefixed with their path ("input.email: …"). */
function validationMessages(failures: readonly ValidationFailure[] | undefined, path = ""): string[] {
  // A value class-validator could not walk (a lone surrogate in a string, say) comes without a list.
  if (!Array.isArray(failures)) return [];
  return (failures as readonly ValidationFailure[]).flatMap((failure) => {
    const here = Object.values(failure.constraints ?? {}).map((message) =>
      path ? `${path}${failure.property}: ${message}` : message,
    );
    return [...here, ...validationMessages(failure.children ?? [], `${path}${failure.property}.`)];
  });
}
