import { IsOptional } from "class-validator";
import { Field, InputType, Int } from "type-graphql";
import { SEGMENT_TEXT_CHARS, Width, WIDTH } from "../../../common/widths";

@InputType()
export class CreateSegmentInput {
  @Field()
  @Width(WIDTH.segment.name, { min: 1 })
  name: string;

  @Field({ description: "A query in the segment language; stored in its canonical form." })
  @Width(SEGMENT_TEXT_CHARS, { min: 1 })
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
  @Width(WIDTH.segment.name, { min: 1 })
  name?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Width(SEGMENT_TEXT_CHARS, { min: 1 })
  query?: string | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  shared?: boolean | null;
}
