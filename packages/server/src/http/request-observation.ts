/**
 * What every HTTP request leaves behind: an id (the caller's X-Request-Id when it is sane, else a
 * new one), echoed in the response and on every log line written for the request; one access
 * line when it ends (operation, status, duration, SQL statement count, error codes); and its
 * duration in the metrics. The GraphQL plugin below tells it the operation and the errors.
 */
import { AsyncLocalStorage, AsyncResource } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import type { ApolloServerPlugin } from "@apollo/server";
import type { RequestHandler, Response } from "express";
import type { RequestContext } from "../common/context";
import { logger, withLogContext } from "../common/logger";
import { statementsSoFar, withRequestDatabaseScope } from "../database/statement-counter";
import type { RosterMetrics } from "./metrics";

/** A caller's id is kept when it is this plain; anything else is replaced, never logged. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Longest operation name or path written to the access line (both are the caller's text). */
const LOGGED_TEXT_LIMIT = 200;

interface RequestObservation {
  /** The GraphQL operation's name as the caller sent it, and the label the metrics know it by. */
  operationName?: string;
  operationLabel?: string;
  errorCodes: string[];
}

const currentRequest = new AsyncLocalStorage<RequestObservation>();
/** Each request's async context (its id, statement tally and observation), to re-enter after a body parser. */
const requestScopes = new WeakMap<Response, AsyncResource>();

/** The first middleware: the request id, its context for everything after, and the access line at the end. */
export function observeRequests(metrics: RosterMetrics): RequestHandler {
  return (request, response, next) => {
    const sent = request.get("x-request-id");
    const requestId = sent !== undefined && SANE_REQUEST_ID.test(sent) ? sent : randomUUID();
    response.setHeader("X-Request-Id", requestId);
    const started = performance.now();
    const observation: RequestObservation = { errorCodes: [] };
    withLogContext({ requestId }, () =>
      withRequestDatabaseScope(() =>
        currentRequest.run(observation, () => {
          const scope = new AsyncResource("roster.request");
          requestScopes.set(response, scope);
          // "close" comes for a finished response and for one the client gave up on alike.
          response.once(
            "close",
            scope.bind(() => {
              const seconds = (performance.now() - started) / 1000;
              const path = request.originalUrl.split("?")[0];
              const status = response.statusCode;
              metrics.observeRequest(observation.operationLabel ?? metrics.routeLabel(request.method, path), status, seconds);
              logger.info(
                {
                  method: request.method,
                  path: path.slice(0, LOGGED_TEXT_LIMIT),
                  operation: observation.operationName?.slice(0, LOGGED_TEXT_LIMIT),
                  status,
                  durationMs: Math.round(seconds * 10_000) / 10,
                  sqlStatements: statementsSoFar(),
                  errorCodes: observation.errorCodes.length > 0 ? observation.errorCodes : undefined,
                  aborted: response.writableFinished ? undefined : true,
                },
                "request completed",
              );
            }),
          );
          next();
        }),
      ),
    );
  };
}

/**
 * Re-enters the request's context after a middleware that reads the body: the body's stream
 * events come from the connection's context, which would lose the request id and statement tally.
 */
export const resumeRequestContext: RequestHandler = (_request, response, next) => {
  const scope = requestScopes.get(response);
  if (scope) scope.runInAsyncScope(next);
  else next();
};

/** A refusal's code, for the access line of a plain endpoint (plain-endpoint.ts `refuse`). */
export function noteErrorCode(code: string): void {
  currentRequest.getStore()?.errorCodes.push(code);
}

/** Tells the request's observation its GraphQL operation and counts the response's errors by code. */
export function graphqlObservation(metrics: RosterMetrics): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      const observation = currentRequest.getStore();
      return {
        async willSendResponse({ request, operationName, response }) {
          // `operationName` is the operation that ran (null when anonymous, unset when none
          // resolved); only such names become labels, and only up to the metrics' limit.
          if (observation) {
            observation.operationName = request.operationName ?? operationName ?? undefined;
            observation.operationLabel = metrics.operationLabel(operationName);
          }
          const errors = response.body.kind === "single" ? (response.body.singleResult.errors ?? []) : [];
          for (const error of errors) {
            const code = error.extensions?.code;
            metrics.countGraphQLError(code);
            observation?.errorCodes.push(String(code ?? "NONE").slice(0, 64));
          }
        },
      };
    },
  };
}
