/**
 * Apollo Server over the TypeGraphQL schema: errors masked to their stable codes (a database
 * outage answered HTTP 503), CSRF prevention on, the query limits and the cost budget (query-limits.ts, request-gate.ts),
 * introspection, field suggestions and stack traces off in production, and (outside
 * production) the request's SQL statement count reported in `extensions.sqlStatements`. Each
 * request's operation and error codes go to its access line and the metrics (request-observation.ts).
 */
import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import type { GraphQLSchema } from "graphql";
import type { Config } from "../config/config";
import type { RequestContext } from "../common/context";
import { createErrorFormatter, ErrorCode } from "../common/errors";
import { statementsSoFar } from "../database/statement-counter";
import { CSRF_HEADERS } from "./csrf";
import type { RosterMetrics } from "./metrics";
import { aliasAndDirectiveLimitRule, depthLimitRule, QUERY_LIMITS } from "./query-limits";
import type { CostBudget } from "./rate-limiter";
import type { ReadRouting } from "./read-routing";
import { createRequestGate } from "./request-gate";
import { graphqlObservation } from "./request-observation";

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

/** How long a caller told SERVICE_UNAVAILABLE should wait: a database back from a restart or a network blip. */
export const SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/**
 * A response whose every error is SERVICE_UNAVAILABLE (the database is not answering) is HTTP
 * 503 with Retry-After, so load balancers and clients treat it as an outage, not a bad request.
 */
const serviceUnavailableStatus: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== "single") return;
        const errors = response.body.singleResult.errors ?? [];
        if (errors.length > 0 && errors.every((error) => error.extensions?.code === ErrorCode.ServiceUnavailable)) {
          response.http.status = 503;
          response.http.headers.set("retry-after", String(SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS));
        }
      },
    };
  },
};

export function createGraphQLServer(
  schema: GraphQLSchema,
  config: Pick<Config, "nodeEnv">,
  metrics: RosterMetrics,
  budget: CostBudget,
  readRouting: ReadRouting,
): ApolloServer<RequestContext> {
  const production = config.nodeEnv === "production";
  return new ApolloServer<RequestContext>({
    schema,
    // main.ts stops everything in order on SIGTERM/SIGINT. Apollo's own handlers (on outside
    // NODE_ENV=test) would stop only Apollo and then re-raise the signal, killing the process
    // before the job runner, the mail queue and the database pool had stopped.
    stopOnTerminationSignals: false,
    formatError: createErrorFormatter({ production }),
    // The same rule as the CSV import's (csrf.ts): a preflighted content type or one of these headers.
    csrfPrevention: { requestHeaders: [...CSRF_HEADERS] },
    introspection: !production,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: production,
    parseOptions: { maxTokens: QUERY_LIMITS.maxTokens },
    validationRules: [depthLimitRule, aliasAndDirectiveLimitRule],
    plugins: [
      createRequestGate(budget, readRouting),
      serviceUnavailableStatus,
      graphqlObservation(metrics),
      ...(production ? [ApolloServerPluginLandingPageDisabled()] : [reportStatementCount]),
    ],
  });
}
