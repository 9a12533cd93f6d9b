/**
 * Who is calling, decided once the operation has parsed and validated: a document refused by
 * the validation rules (depth, aliases, cost…) never reaches this point, so it runs no SQL.
 * An API key that does not work is refused outright (401), not treated as anonymous.
 */
import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError } from "graphql";
import type { RequestContext } from "../common/context";
import { ErrorCode } from "../common/errors";

export async function resolveViewer(context: RequestContext): Promise<void> {
  const { credentials, services, now } = context;
  if (credentials.bearerToken !== undefined) {
    context.viewer = await services.apiKeys.viewerFor(credentials.bearerToken, now);
    if (!context.viewer) {
      throw new GraphQLError("This API key is unknown, revoked or expired.", {
        extensions: { code: ErrorCode.Unauthenticated, http: { status: 401 } },
      });
    }
  } else if (credentials.sessionToken) {
    context.viewer = await services.auth.viewerFor(credentials.sessionToken, now);
  }
}

export const requestGate: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue }) {
        await resolveViewer(contextValue);
      },
    };
  },
};
