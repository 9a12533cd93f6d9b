import { constantEnum, sortFields } from "@roster/person";
import { ArgsType, Field, ID, InputType, registerEnumType } from "type-graphql";
import { PageArgs } from "../../../common/page.args";
import { SortDirection } from "../../../common/sort";
import { UserKind, UserState } from "../user.enums";

/** What the people list sorts by: the fields @roster/person marks `sort`, as `LAST_LOGIN_AT`. */
export const UserSortField = constantEnum(sortFields.map((field) => field.name));
export type UserSortField = (typeof UserSortField)[keyof typeof UserSortField];

registerEnumType(UserSortField, { name: "UserSortField" });

@InputType()
export class UserSort {
  @Field(() => UserSortField)
  field: UserSortField;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC })
  direction: SortDirection;
}

@ArgsType()
export class UserPageArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: "Matches display name, username, email or organization name." })
  search?: string | null;

  @Field(() => UserSort, { nullable: true, description: "Default: display name, A to Z." })
  sort?: UserSort | null;
}

@ArgsType()
export class UsersArgs extends UserPageArgs {
  @Field(() => [UserState], { nullable: true, description: "Any of these states, as read now. Default: everyone." })
  states?: UserState[] | null;

  @Field(() => ID, { nullable: true, description: "People who have this role, implicit roles included." })
  roleId?: string | null;

  @Field(() => UserKind, { nullable: true })
  kind?: UserKind | null;

  @Field(() => ID, { nullable: true })
  organizationId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "People matching this query in the segment language, e.g. `state = banned and tickets.count >= 3`.",
  })
  segment?: string | null;

  @Field(() => ID, { nullable: true, description: "People in this saved segment (one you can see)." })
  segmentId?: string | null;
}
