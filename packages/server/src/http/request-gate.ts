/**
 * What happens between validation and the first resolver, in this order: the operation's cost
 * is checked against the per-operation limit, then paid from the caller's budget, then the
 * caller is looked up (on the primary), then a query may be routed to a replica (read-routing.ts;
 * a mutation marks its caller as a recent writer when it answers). A document refused by a limit therefore runs no SQL at all, and a
 * refused budget answers HTTP 429 with Retry-After. Every answer reports the cost in
 * `extensions.cost`. An API key that does not work is refused outright (401), not treated as
 * anonymous.
 */
import { HeaderMap, type ApolloServerPlugin } from "@apollo/server";
import { getVariableValues, GraphQLError } from "graphql";
import type { RequestContext } from "../common/context";
import { DomainError, ErrorCode } from "../common/errors";
import { assertCostWithinLimit, queryCost } from "./query-limits";
import { viewerOf } from "./credentials";
import { callerKey, type CostBudget, type RateDecision } from "./rate-limiter";
import type { ReadRouting } from "./read-routing";

async function resolveViewer(context: RequestContext): Promise<void> {
  try {
    context.viewer = await viewerOf(context.credentials, context.services, context.now);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    throw new GraphQLError(error.message, { originalError: error, extensions: { http: { status: 401 } } });
  }
}

/** What `extensions.cost` says: this operation's cost and what is left of the caller's budget. */
interface CostReport {
  requested: number;
  limit: number;
  remaining: number;
}

function rateLimited(cost: number, decision: RateDecision): GraphQLError {
  const message = `Rate limit reached: this operation costs ${cost} points and ${decision.remaining} of ${decision.limit} per minute are left. Try again in ${decision.retryAfterSeconds} s.`;
  return new GraphQLError(message, {
    originalError: new DomainError(ErrorCode.RateLimited, message, { retryAfterSeconds: decision.retryAfterSeconds }),
    extensions: {
      http: { status: 429, headers: new HeaderMap([["retry-after", String(decision.retryAfterSeconds)]]) },
    },
  });
}

export function createRequestGate(budget: CostBudget, readRouting: ReadRouting): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      let report: CostReport | undefined;
      return {
        async didResolveOperation({ contextValue, document, request, schema, operation, operationName }) {
          const variables = request.variables ?? {};
          // Variables that do not fit their types fail in execution with BAD_USER_INPUT before
          // any resolver runs; such an operation costs the minimum.
          const coercible = !("errors" in getVariableValues(schema, operation?.variableDefinitions ?? [], variables));
          const cost = coercible ? queryCost(schema, document, variables, operationName ?? undefined) : 1;
          assertCostWithinLimit(cost);
          const decision = await budget.take(callerKey(contextValue.credentials), cost);
          report = { requested: cost, limit: decision.limit, remaining: decision.remaining };
          if (!decision.allowed) throw rateLimited(cost, decision);
          await resolveViewer(contextValue);
          if (operation?.operation === "query") await readRouting.routeReads(callerKey(contextValue.credentials));
        },
        async willSendResponse({ response, operation, contextValue }) {
          if (operation?.operation === "mutation") await readRouting.noteWrite(callerKey(contextValue.credentials));
          if (report && response.body.kind === "single") {
            response.body.singleResult.extensions = { ...response.body.singleResult.extensions, cost: report };
          }
        },
      };
    },
  };
}
