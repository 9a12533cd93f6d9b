import { ArgsType, Field, InputType, Int, registerEnumType } from "type-graphql";
import { SortDirection } from "../../../common/sort";

export enum OrganizationSortField {
  NAME = "NAME",
  WEBSITE = "WEBSITE",
  PHONE = "PHONE",
  MEMBER_COUNT = "MEMBER_COUNT",
}

registerEnumType(OrganizationSortField, { name: "OrganizationSortField" });

@InputType()
export class OrganizationSort {
  @Field(() => OrganizationSortField)
  field: OrganizationSortField;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC })
  direction: SortDirection;
}

@ArgsType()
export class OrganizationsArgs {
  @Field(() => Int, { defaultValue: 25, description: "Page size, 1 to 100." })
  first: number;

  @Field(() => String, { nullable: true, description: "The endCursor of the previous page." })
  after?: string | null;

  @Field(() => String, { nullable: true, description: "Matches name, website, or one of the domains." })
  search?: string | null;

  @Field(() => OrganizationSort, { nullable: true, description: "Default: name, A to Z." })
  sort?: OrganizationSort | null;
}
