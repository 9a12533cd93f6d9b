/**
 * Apollo Server over the TypeGraphQL schema: errors masked to their stable codes, CSRF
 * prevention on, the query limits and the cost budget (query-limits.ts, request-gate.ts),
 * introspection, field suggestions and stack traces off in production, and (outside
 * production) the request's SQL statement count reported in `extensions.sqlStatements`.
 */
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import type { GraphQLSchema } from "graphql";
import type { Config } from "../config/config";
import type { RequestContext } from "../common/context";
import { formatError } from "../common/errors";
import { statementsSoFar } from "../database/statement-counter";
import { aliasAndDirectiveLimitRule, depthLimitRule, QUERY_LIMITS } from "./query-limits";
import { RateLimiter } from "./rate-limiter";
import { createRequestGate } from "./request-gate";

const reportStatementCount: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind === "single") {
          response.body.singleResult.extensions = {
            ...response.body.singleResult.extensions,
            sqlStatements: statementsSoFar(),
          };
        }
      },
    };
  },
};

export function createGraphQLServer(
  schema: GraphQLSchema,
  config: Pick<Config, "nodeEnv" | "rateLimitPerMinute">,
): ApolloServer<RequestContext> {
  const production = config.nodeEnv === "production";
  return new ApolloServer<RequestContext>({
    schema,
    formatError,
    csrfPrevention: true,
    introspection: !production,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: production,
    parseOptions: { maxTokens: QUERY_LIMITS.maxTokens },
    validationRules: [depthLimitRule, aliasAndDirectiveLimitRule],
    plugins: [
      createRequestGate(new RateLimiter(config.rateLimitPerMinute)),
      ...(production ? [ApolloServerPluginLandingPageDisabled()] : [reportStatementCount]),
    ],
  });
}
