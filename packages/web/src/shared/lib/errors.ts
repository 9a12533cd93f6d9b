// Turns whatever Apollo Client reports into words for the reader: a stable code (the
// server's `extensions.code`, or one we name for transport failures) and a message.
import { CombinedGraphQLErrors, ServerError, ServerParseError, type ErrorLike } from "@apollo/client";

export interface ErrorDescription {
  code: string;
  title: string;
  message: string;
}

// Codes we name ourselves when there is no GraphQL error to read one from.
const NETWORK_ERROR = "NETWORK_ERROR";
const BAD_RESPONSE = "BAD_RESPONSE";

const TITLES: Record<string, string> = {
  UNAUTHENTICATED: "You are signed out",
  FORBIDDEN: "You do not have permission for this",
  BAD_USER_INPUT: "The request was not valid",
  NOT_FOUND: "Not found",
  GRAPHQL_VALIDATION_FAILED: "This page asked the server for something it does not know",
  INTERNAL_SERVER_ERROR: "The server ran into a problem",
  SERVICE_UNAVAILABLE: "The database is not answering; try again in a moment",
  HTTP_503: "The database is not answering; try again in a moment",
  CONFLICT: "Someone else changed this meanwhile",
  [NETWORK_ERROR]: "Cannot reach the server",
  [BAD_RESPONSE]: "The server sent an unexpected answer",
};

/** Every `extensions.code` in a GraphQL error response, in order. */
export function errorCodes(error: ErrorLike | undefined): string[] {
  if (!CombinedGraphQLErrors.is(error)) return [];
  return error.errors.flatMap((item) => {
    const code = item.extensions?.code;
    return typeof code === "string" ? [code] : [];
  });
}

export function hasErrorCode(error: ErrorLike | undefined, code: string): boolean {
  return errorCodes(error).includes(code);
}

/** Signed out: the server said so, or answered 401 before reaching GraphQL. */
export function isUnauthenticated(error: ErrorLike | undefined): boolean {
  return hasErrorCode(error, "UNAUTHENTICATED") || (ServerError.is(error) && error.statusCode === 401);
}

export function describeError(error: ErrorLike): ErrorDescription {
  if (CombinedGraphQLErrors.is(error)) {
    const code = errorCodes(error)[0] ?? "GRAPHQL_ERROR";
    const message = error.errors.map((item) => item.message).join(" ") || error.message;
    return { code, title: TITLES[code] ?? "Something went wrong", message };
  }
  if (ServerError.is(error)) {
    const code = error.statusCode === 401 ? "UNAUTHENTICATED" : `HTTP_${error.statusCode}`;
    return {
      code,
      title: TITLES[code] ?? "The server ran into a problem",
      message: `The server answered with HTTP status ${error.statusCode}.`,
    };
  }
  if (ServerParseError.is(error)) {
    return {
      code: BAD_RESPONSE,
      title: TITLES[BAD_RESPONSE],
      message: "The answer was not valid JSON. The server may be restarting; try again in a moment.",
    };
  }
  // fetch() rejects with a TypeError when the request never got an answer.
  if (error.name === "TypeError") {
    return {
      code: NETWORK_ERROR,
      title: TITLES[NETWORK_ERROR],
      message: "Check your connection, then try again.",
    };
  }
  return { code: error.name, title: "Something went wrong", message: error.message };
}
