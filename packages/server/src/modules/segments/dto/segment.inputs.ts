import { IsOptional, Length } from "class-validator";
import { Field, InputType, Int } from "type-graphql";

@InputType()
export class CreateSegmentInput {
  @Field()
  @Length(1, 100, { message: "name must be 1 to 100 characters" })
  name: string;

  @Field({ description: "A query in the segment language; stored in its canonical form." })
  @Length(1, 10_000, { message: "query must be 1 to 10000 characters" })
  query: string;

  @Field({ defaultValue: false, description: "Shared with every agent and service; needs segments.manage." })
  shared: boolean;
}

@InputType()
export class UpdateSegmentInput {
  @Field(() => Int, { description: "The version you last read; a newer one on the server refuses the update with CONFLICT." })
  version: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 100, { message: "name must be 1 to 100 characters" })
  name?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 10_000, { message: "query must be 1 to 10000 characters" })
  query?: string | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  shared?: boolean | null;
}
