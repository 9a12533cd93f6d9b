/**
 * Relay-style connections (`edges`, `nodes`, `pageInfo`, `totalCount`) for every list. Each field
 * is a method: the page's query runs only when a client asks for the page, the COUNT only when it
 * asks for `totalCount`.
 */
import { type ClassType, Field, Int, ObjectType } from "type-graphql";
import type { Page } from "./pagination";

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field()
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true })
  startCursor: string | null;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

export interface ConnectionShape<T> {
  edges(): Promise<{ cursor: string; node: T }[]>;
  nodes(): Promise<T[]>;
  pageInfo(): Promise<PageInfo>;
  totalCount(): Promise<number>;
}

/** A page, or the query that reads it: a request that asks only for `totalCount` never runs it. */
export type PageSource<T> = Page<T> | (() => Promise<Page<T>>);

export function Connection<T extends object>(nodeType: ClassType<T>, typeName: string) {
  @ObjectType(`${typeName}Edge`)
  class Edge {
    @Field()
    cursor: string;

    @Field(() => nodeType)
    node: T;
  }

  @ObjectType()
  abstract class ConnectionType implements ConnectionShape<T> {
    private loadPage: () => Promise<Page<T>>;

    private countTotal: () => Promise<number>;

    @Field(() => [Edge])
    async edges(): Promise<Edge[]> {
      const page = await this.loadPage();
      return page.nodes.map((node, index) => ({ node, cursor: page.cursors[index] }));
    }

    @Field(() => [nodeType])
    async nodes(): Promise<T[]> {
      return (await this.loadPage()).nodes;
    }

    @Field(() => PageInfo)
    async pageInfo(): Promise<PageInfo> {
      const page = await this.loadPage();
      return {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: page.hasPreviousPage,
        startCursor: page.cursors[0] ?? null,
        endCursor: page.cursors.at(-1) ?? null,
      };
    }

    @Field(() => Int, {
      description:
        "Every item matching the filters, on all pages: exact, counted each time it is asked for (a whole table of a million reads an index; ask once, not on every page).",
    })
    totalCount(): Promise<number> {
      return this.countTotal();
    }

    /** A connection whose page and count are each read once, when a client first asks for them. */
    static of<C extends ConnectionType>(this: new () => C, page: PageSource<T>, countTotal: () => Promise<number>): C {
      const connection = new this();
      let loaded: Promise<Page<T>> | undefined;
      connection.loadPage = typeof page === "function" ? () => (loaded ??= page()) : () => Promise.resolve(page);
      let total: Promise<number> | undefined;
      connection.countTotal = () => (total ??= countTotal());
      return connection;
    }
  }
  return ConnectionType;
}
