import { ArrayMaxSize, ArrayNotEmpty, IsInt, IsOptional, Max, Min } from "class-validator";
import { Field, ID, InputType, Int } from "type-graphql";
import { SEGMENT_TEXT_CHARS, Width, WIDTH } from "../../../common/widths";
import { BulkAction } from "../bulk-job.enums";

export const MAX_LISTED_PEOPLE = 100_000;

@InputType({ description: "An action and its targets: a list of ids, or everyone in a segment (text or saved)." })
export class StartBulkJobInput {
  @Field(() => BulkAction)
  action: BulkAction;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayNotEmpty({ message: "userIds: give at least one id, or a segment" })
  @ArrayMaxSize(MAX_LISTED_PEOPLE, { message: `userIds: at most ${MAX_LISTED_PEOPLE} ids; use a segment for more` })
  userIds?: string[] | null;

  @Field(() => String, { nullable: true, description: "Everyone matching this query when the job starts and as it runs." })
  @IsOptional()
  @Width(SEGMENT_TEXT_CHARS)
  segment?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  segmentId?: string | null;

  @Field(() => Int, { nullable: true, description: "BAN: days; absent bans permanently." })
  @IsOptional()
  @IsInt()
  @Min(1, { message: "days must be between 1 and 3650" })
  @Max(3650, { message: "days must be between 1 and 3650" })
  days?: number | null;

  @Field(() => String, { nullable: true, description: "BAN: the reason kept in each person's history." })
  @IsOptional()
  @Width(WIDTH.user.banReason)
  reason?: string | null;

  @Field(() => ID, { nullable: true, description: "ADD_ROLE, REMOVE_ROLE: the role." })
  @IsOptional()
  roleId?: string | null;

  @Field(() => ID, { nullable: true, description: "SET_ORGANIZATION: the organization; absent takes people out of theirs." })
  @IsOptional()
  organizationId?: string | null;
}
