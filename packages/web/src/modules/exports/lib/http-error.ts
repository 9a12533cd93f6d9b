// The REST endpoints (export, import) answer errors the way GraphQL does,
// `{ errors: [{ message, extensions: { code } }] }`: read that way, they show in ErrorState with
// the same titles and codes as any failed query.
import { CombinedGraphQLErrors, ServerError, type ErrorLike } from "@apollo/client";
import type { GraphQLFormattedError } from "graphql";

function isErrorList(value: unknown): value is GraphQLFormattedError[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((item: unknown) => typeof item === "object" && item !== null && "message" in item)
  );
}

/** The error an unsuccessful answer stands for; call it only when `response.ok` is false. */
export async function errorFromResponse(response: Response): Promise<ErrorLike> {
  const bodyText = await response.text();
  try {
    const body: unknown = JSON.parse(bodyText);
    if (typeof body === "object" && body !== null && "errors" in body && isErrorList(body.errors)) {
      return new CombinedGraphQLErrors({ errors: body.errors });
    }
  } catch {
    // Not JSON (a proxy's error page, say): the status code is all there is to tell.
  }
  return new ServerError(`The server answered with HTTP status ${response.status}.`, { response, bodyText });
}
