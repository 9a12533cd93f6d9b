/**
 * The limits every GraphQL document meets before anything runs (README "Limits"): size in
 * tokens, depth, aliases, directives and cost. The first four are static (the parser and
 * validation rules); the cost needs the variables, so it is checked once the operation is
 * resolved, still before the caller is looked up or any resolver runs.
 */
import type { NextFunction, Request, Response } from "express";
import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
  parse,
  visit,
} from "graphql";
import { getComplexity, type ComplexityEstimator } from "graphql-query-complexity";
import { DomainError, ErrorCode } from "../common/errors";

export const QUERY_LIMITS = {
  /** Lexical tokens in one document; the SPA's largest operation has about 300. */
  maxTokens: 2000,
  /** Nested field levels; the SPA's deepest operation has 5. */
  maxDepth: 10,
  /** Aliased fields per document: aliases are how one request asks the same thing many times. */
  maxAliases: 20,
  /** Directive uses per document. */
  maxDirectives: 20,
  /** Field selections per document (fragments counted once); the SPA's largest operation has under 100. */
  maxFields: 500,
  /** Cost of one operation (formula below). */
  maxCost: 1000,
  /** What a root mutation field costs on its own: writes weigh more than reads. */
  mutationCost: 10,
} as const;

/** A rule violation as a GraphQL error whose code survives Apollo's validation wrapper; HTTP 400. */
function limitError(code: ErrorCode, message: string, details: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, {
    originalError: new DomainError(code, message, details),
    extensions: { http: { status: 400 } },
  });
}

/**
 * The counting limits (fields, aliases, directives), checked on the parsed document before
 * graphql-js validates it: a document of 100 `@include`s or 1,000 fields is refused with one
 * Roster error, rather than with a hundred validation errors ("Validation aborted") after an
 * overlap check that grows with the square of the fields.
 */
export function countingLimitError(document: DocumentNode): GraphQLError | undefined {
  let fields = 0;
  let aliases = 0;
  let directives = 0;
  visit(document, {
    Field(field) {
      fields += 1;
      if (field.alias) aliases += 1;
    },
    Directive() {
      directives += 1;
    },
  });
  if (directives > QUERY_LIMITS.maxDirectives) {
    return limitError(
      ErrorCode.TooManyDirectives,
      `This document uses ${directives} directives; the limit is ${QUERY_LIMITS.maxDirectives}.`,
      { directives, limit: QUERY_LIMITS.maxDirectives },
    );
  }
  if (fields > QUERY_LIMITS.maxFields) {
    return limitError(
      ErrorCode.TooManyFields,
      `This document selects ${fields} fields; the limit is ${QUERY_LIMITS.maxFields}. Send a smaller query.`,
      { fields, limit: QUERY_LIMITS.maxFields },
    );
  }
  if (aliases > QUERY_LIMITS.maxAliases) {
    return limitError(
      ErrorCode.TooManyAliases,
      `This document uses ${aliases} aliases; the limit is ${QUERY_LIMITS.maxAliases}.`,
      { aliases, limit: QUERY_LIMITS.maxAliases },
    );
  }
  return undefined;
}

/**
 * Applies countingLimitError before Apollo sees the request (Apollo turns an error thrown by a
 * plugin hook into a 500): the body's or the URL's `query` is parsed (within the token limit)
 * and a document over a counting limit is answered HTTP 400 in GraphQL's shape. A document that
 * does not parse, or a batch, is left to Apollo.
 */
export const countingLimits =
  (reportStatements: boolean) =>
  (request: Request, response: Response, next: NextFunction): void => {
    const body: unknown = request.body;
    const query: unknown =
      request.method === "GET"
        ? request.query?.query
        : typeof body === "object" && body !== null
          ? (body as { query?: unknown }).query
          : undefined;
    if (typeof query !== "string") return next();
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: QUERY_LIMITS.maxTokens });
    } catch {
      return next();
    }
    const refusal = countingLimitError(document);
    if (!refusal) return next();
    const original = refusal.originalError as DomainError;
    response.status(400).json({
      errors: [{ message: refusal.message, extensions: { code: original.code, ...original.details } }],
      // Outside production, like every answer (graphql-server.ts): nothing ran.
      ...(reportStatements ? { extensions: { sqlStatements: 0 } } : {}),
    });
  };

/** Depth of a selection set in field levels, following fragments (each fragment once per path). */
function depthOf(
  selectionSet: SelectionSetNode | undefined,
  fragments: Map<string, FragmentDefinitionNode>,
  visiting: Set<string>,
): number {
  if (!selectionSet) return 0;
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    let depth = 0;
    if (selection.kind === Kind.FIELD) {
      depth = selection.name.value.startsWith("__") ? 0 : 1 + depthOf(selection.selectionSet, fragments, visiting);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      depth = depthOf(selection.selectionSet, fragments, visiting);
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      // A cycle is reported by graphql-js's own NoFragmentCycles rule.
      if (fragment && !visiting.has(name)) {
        visiting.add(name);
        depth = depthOf(fragment.selectionSet, fragments, visiting);
        visiting.delete(name);
      }
    }
    deepest = Math.max(deepest, depth);
  }
  return deepest;
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

export function depthLimitRule(context: ValidationContext): ASTVisitor {
  const document = context.getDocument();
  const fragments = fragmentsOf(document);
  return {
    OperationDefinition(operation) {
      const depth = depthOf(operation.selectionSet, fragments, new Set());
      if (depth > QUERY_LIMITS.maxDepth) {
        context.reportError(
          limitError(
            ErrorCode.QueryTooDeep,
            `This query nests ${depth} levels deep; the limit is ${QUERY_LIMITS.maxDepth}. Ask for less at once, or in several requests.`,
            { depth, limit: QUERY_LIMITS.maxDepth },
          ),
        );
      }
    },
  };
}

/** Counts aliases and directives over the whole document (fragments included) and reports once. */
export function aliasAndDirectiveLimitRule(context: ValidationContext): ASTVisitor {
  let aliases = 0;
  let directives = 0;
  return {
    Field(field) {
      if (field.alias) aliases += 1;
    },
    Directive() {
      directives += 1;
    },
    Document: {
      leave() {
        if (aliases > QUERY_LIMITS.maxAliases) {
          context.reportError(
            limitError(
              ErrorCode.TooManyAliases,
              `This document uses ${aliases} aliases; the limit is ${QUERY_LIMITS.maxAliases}.`,
              { aliases, limit: QUERY_LIMITS.maxAliases },
            ),
          );
        }
        if (directives > QUERY_LIMITS.maxDirectives) {
          context.reportError(
            limitError(
              ErrorCode.TooManyDirectives,
              `This document uses ${directives} directives; the limit is ${QUERY_LIMITS.maxDirectives}.`,
              { directives, limit: QUERY_LIMITS.maxDirectives },
            ),
          );
        }
      },
    },
  };
}

/**
 * The cost formula, after GitHub's: a connection field (one with a `first` argument) is one
 * database request that may return `first` items, each of which pays for what is selected
 * under it: cost = 1 + first × (cost of its selection). A root mutation field costs
 * `mutationCost` plus its selection; every other field costs what is selected under it, so
 * scalars, single objects and small lists (roles, attributes) are free. An operation costs at
 * least 1. `first` is taken as sent, or as its default when absent.
 */
const connectionEstimator: ComplexityEstimator = ({ args, childComplexity, type }) => {
  if (type.name === "Mutation") return QUERY_LIMITS.mutationCost + childComplexity;
  const first: unknown = args.first;
  if (typeof first === "number") return 1 + Math.max(first, 0) * childComplexity;
  return childComplexity;
};

export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName?: string,
): number {
  const cost = getComplexity({
    estimators: [connectionEstimator],
    schema,
    query: document,
    variables,
    operationName,
  });
  return Math.max(1, cost);
}

/** One operation over the cost limit: HTTP 400 (the request itself is too costly; a spent budget is 429). */
export function assertCostWithinLimit(cost: number): void {
  if (cost > QUERY_LIMITS.maxCost) {
    throw limitError(
      ErrorCode.QueryTooCostly,
      `This query would cost ${cost} points; the limit is ${QUERY_LIMITS.maxCost}. Ask for smaller pages (first) or fewer nested lists.`,
      { cost, limit: QUERY_LIMITS.maxCost },
    );
  }
}
