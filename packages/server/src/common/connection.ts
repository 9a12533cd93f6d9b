/**
 * Relay-style connections (`edges`, `nodes`, `pageInfo`, `totalCount`) for every list.
 * `totalCount` is a method, so its COUNT query runs only when a client asks for it.
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
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount(): Promise<number>;
}

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
    @Field(() => [Edge])
    edges: Edge[];

    @Field(() => [nodeType])
    nodes: T[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    private countTotal: () => Promise<number>;

    @Field(() => Int, { description: "Every item matching the filters, on all pages." })
    totalCount(): Promise<number> {
      return this.countTotal();
    }

    /** Fills the connection from a page; the count is deferred until asked for. */
    static of<C extends ConnectionType>(this: new () => C, page: Page<T>, countTotal: () => Promise<number>): C {
      const connection = new this();
      connection.nodes = page.nodes;
      connection.edges = page.nodes.map((node, index) => ({ node, cursor: page.cursors[index] }));
      connection.pageInfo = {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: page.hasPreviousPage,
        startCursor: page.cursors[0] ?? null,
        endCursor: page.cursors.at(-1) ?? null,
      };
      let total: Promise<number> | undefined;
      connection.countTotal = () => (total ??= countTotal());
      return connection;
    }
  }
  return ConnectionType;
}
