// The one Apollo Client: same-origin requests (the session is an httpOnly cookie), and cache
// rules that append "Load more" pages of a timeline (or a webhook's delivery log) to the pages already shown.
import { ApolloClient, HttpLink, InMemoryCache, type FieldPolicy } from "@apollo/client";

interface PagedConnection {
  nodes: readonly unknown[];
}

/**
 * A timeline is one list per filter (`keyArgs`): a page fetched with `after` is appended to it,
 * and a first page (no `after`) replaces it.
 */
function appendPagination(keyArgs: FieldPolicy["keyArgs"]): FieldPolicy<PagedConnection> {
  return {
    keyArgs,
    merge(existing, incoming, { args }) {
      if (!existing || !args?.after) return incoming;
      return { ...incoming, nodes: [...existing.nodes, ...incoming.nodes] };
    },
  };
}

export function createApolloClient(): ApolloClient {
  return new ApolloClient({
    link: new HttpLink({ uri: "/graphql", credentials: "same-origin" }),
    cache: new InMemoryCache({
      typePolicies: {
        User: {
          fields: { communications: appendPagination(["kinds"]), surveys: appendPagination(false) },
        },
        Organization: {
          fields: { communications: appendPagination(["kinds"]) },
        },
        Query: {
          fields: { webhookDeliveries: appendPagination(["webhookId"]) },
        },
      },
    }),
  });
}
