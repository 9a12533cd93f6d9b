/**
 * Domain errors and their mapping to GraphQL `extensions.code`, the error contract other
 * services rely on. Anything that is not a DomainError is logged and masked.
 */
import { GraphQLError, Kind, parse, visit, type ASTNode, type GraphQLFormattedError } from "graphql";
import { ArgumentValidationError } from "type-graphql";

export enum ErrorCode {
  BadUserInput = "BAD_USER_INPUT",
  Unauthenticated = "UNAUTHENTICATED",
  Forbidden = "FORBIDDEN",
  NotFound = "NOT_FOUND",
  Conflict = "CONFLICT",
  InvalidCredentials = "INVALID_CREDENTIALS",
  InternalServerError = "INTERNAL_SERVER_ERROR",
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

/** Apollo's formatError: known errors pass with their code; everything else is masked. */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (original instanceof DomainError) {
    return { ...formatted, extensions: { code: original.code, ...original.details } };
  }
  if (original instanceof ArgumentValidationError) {
    const fields = original.extensions.validationErrors as { property: string; constraints?: Record<string, string> }[];
    const message = fields.flatMap((field) => Object.values(field.constraints ?? {})).join("; ");
    return { ...formatted, message: message || formatted.message, extensions: { code: ErrorCode.BadUserInput } };
  }
  const invalidArgument = argumentOfInvalidValue(original);
  if (invalidArgument) {
    return { ...formatted, message: `${invalidArgument}: ${formatted.message}`, extensions: { code: ErrorCode.BadUserInput } };
  }
  const code = formatted.extensions?.code;
  // Apollo's own parse/validation/argument-coercion errors carry their codes already and contain no internals.
  if (typeof code === "string" && code !== ErrorCode.InternalServerError) {
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
  }
  console.error("[graphql] internal error", formatted.path?.join("."), original);
  return {
    message: "Something went wrong on our side; it has been logged.",
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
