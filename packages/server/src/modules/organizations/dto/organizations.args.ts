import { ArgsType, Field, InputType, registerEnumType } from "type-graphql";
import { PageArgs } from "../../../common/page.args";
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
export class OrganizationsArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: "Matches name, website, or one of the domains." })
  search?: string | null;

  @Field(() => OrganizationSort, { nullable: true, description: "Default: name, A to Z." })
  sort?: OrganizationSort | null;
}
