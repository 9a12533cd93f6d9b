/**
 * The limits every GraphQL document meets before anything runs (README "Limits"): size in
 * tokens, depth, aliases, directives and cost. The first four are static (the parser and
 * validation rules); the cost needs the variables, so it is checked once the operation is
 * resolved, still before the caller is looked up or any resolver runs.
 */
import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
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
  /** Cost of one operation (formula below). */
  maxCost: 1000,
  /** What a root mutation field costs on its own: writes weigh more than reads. */
  mutationCost: 10,
} as const;

/** A rule violation as a GraphQL error whose code survives Apollo's validation wrapper. */
function limitError(code: ErrorCode, message: string, details: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { originalError: new DomainError(code, message, details) });
}

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

export function assertCostWithinLimit(cost: number): void {
  if (cost > QUERY_LIMITS.maxCost) {
    throw new DomainError(
      ErrorCode.QueryTooCostly,
      `This query would cost ${cost} points; the limit is ${QUERY_LIMITS.maxCost}. Ask for smaller pages (first) or fewer nested lists.`,
      { cost, limit: QUERY_LIMITS.maxCost },
    );
  }
}
