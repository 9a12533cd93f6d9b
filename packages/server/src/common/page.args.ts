import { ArgsType, Field, Int } from "type-graphql";

/** The forward-paging arguments every connection takes (keyset cursors; see pagination.ts). */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 25, description: "Page size, 1 to 100." })
  first: number;

  @Field(() => String, { nullable: true, description: "The endCursor of the previous page." })
  after?: string | null;
}
