import { ArrayMaxSize, ArrayMinSize, IsOptional, Max, Min } from "class-validator";
import { Field, ID, InputType, Int } from "type-graphql";
import { SortDirection } from "../../../common/sort";
import { SEGMENT_TEXT_CHARS, Width, WIDTH } from "../../../common/widths";
import { UserSortField } from "../../users/dto/users.args";
import { UserState } from "../../users/user.enums";

/** No person field's name is longer, so a longer column name is refused before it is looked up. */
export const COLUMN_NAME_CHARS = 32;

@InputType({ description: "A view of the people list, as the Users page's URL holds it." })
export class SavedViewInput {
  @Field()
  @Width(WIDTH.savedView.name, { min: 1 })
  name: string;

  @Field({ defaultValue: false, description: "Shared with every agent and service; needs segments.manage." })
  shared: boolean;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Width(WIDTH.savedView.search)
  search?: string | null;

  @Field(() => [UserState], { defaultValue: [], description: "Empty: everyone outside the trash. TRASHED is the trash flag's." })
  @ArrayMaxSize(3)
  states: UserState[];

  @Field({ defaultValue: false, description: "The trash instead of the people list (no state filter then)." })
  trash: boolean;

  @Field(() => ID, { nullable: true })
  roleId?: string | null;

  @Field(() => String, { nullable: true, description: "A query in the segment language; kept in its canonical form." })
  @IsOptional()
  @Width(SEGMENT_TEXT_CHARS, { min: 1 })
  segment?: string | null;

  @Field(() => ID, { nullable: true })
  segmentId?: string | null;

  @Field(() => UserSortField, { defaultValue: UserSortField.DISPLAY_NAME })
  sortField: UserSortField;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC })
  sortDirection: SortDirection;

  @Field(() => [String], { description: "Column names from the people list's table columns, in order; displayName among them." })
  @ArrayMinSize(1)
  @ArrayMaxSize(64)
  @Width(COLUMN_NAME_CHARS, { min: 1, each: true })
  columns: string[];

  @Field(() => Int, { defaultValue: 25, description: "Rows per page, 1 to 100 (the SPA offers 25, 50 and 100)." })
  @Min(1)
  @Max(100)
  pageSize: number;
}
