import { ArrayMaxSize, IsOptional, Matches, ValidateNested } from "class-validator";
import { ArgsType, Field, ID, InputType, Int } from "type-graphql";
import { Width, WIDTH } from "../../../common/widths";
import { AttributeInput } from "../../users/dto/user.inputs";
import { DOMAIN_CHARS, IsDomainName } from "../organization-domains";

/** More domains than any organization has; keeps one call's checks and matches small. */
export const MAX_ORGANIZATION_DOMAINS = 100;

const NOT_BLANK = /\S/u;

/** The fields createOrganization and updateOrganization share, each with its own width and rule. */
@InputType()
abstract class OrganizationFields {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Width(WIDTH.organization.website)
  website?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Width(WIDTH.organization.phone)
  phone?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Width(WIDTH.organization.notes)
  notes?: string | null;

  @Field(() => [AttributeInput], { nullable: true, description: "Custom attributes to set; an empty value removes one." })
  @IsOptional()
  @ValidateNested({ each: true })
  attributes?: AttributeInput[] | null;

  @Field({
    defaultValue: false,
    description:
      "Also attach the people without an organization whose email is at one of the domains this call adds " +
      "(organizationDomainPreview counts them). People created later join by themselves.",
  })
  attachExisting: boolean;
}

@InputType()
export class CreateOrganizationInput extends OrganizationFields {
  @Field({ description: "Unique among organizations, whatever the case." })
  @Width(WIDTH.organization.name, { min: 1 })
  @Matches(NOT_BLANK, { message: "$property must not be blank" })
  name: string;

  @Field(() => [String], {
    nullable: true,
    description: "Email domains (example.com), stored lower-case; each belongs to one organization at most.",
  })
  @IsOptional()
  @ArrayMaxSize(MAX_ORGANIZATION_DOMAINS, { message: `at most ${MAX_ORGANIZATION_DOMAINS} domains` })
  @Width(DOMAIN_CHARS, { each: true })
  @IsDomainName({ each: true })
  domains?: string[] | null;
}

@InputType({
  description: "Fields left out (or a null name or domains) stay as they are; a null website, phone or notes clears it.",
})
export class UpdateOrganizationInput extends OrganizationFields {
  @Field(() => String, { nullable: true, description: "Unique among organizations, whatever the case." })
  @IsOptional()
  @Width(WIDTH.organization.name, { min: 1 })
  @Matches(NOT_BLANK, { message: "$property must not be blank" })
  name?: string | null;

  @Field(() => [String], {
    nullable: true,
    description: "Replaces the organization's domains. Members who joined by a removed domain stay members.",
  })
  @IsOptional()
  @ArrayMaxSize(MAX_ORGANIZATION_DOMAINS, { message: `at most ${MAX_ORGANIZATION_DOMAINS} domains` })
  @Width(DOMAIN_CHARS, { each: true })
  @IsDomainName({ each: true })
  domains?: string[] | null;
}

@ArgsType()
export class UpdateOrganizationArgs {
  @Field(() => ID)
  id: string;

  @Field(() => Int, { description: "The version you last read; a newer one on the server refuses the update with CONFLICT." })
  version: number;

  @Field(() => UpdateOrganizationInput)
  @ValidateNested()
  input: UpdateOrganizationInput;
}

@ArgsType()
export class OrganizationDomainPreviewArgs {
  @Field({ description: "A domain about to be added (example.com)." })
  @Width(DOMAIN_CHARS)
  @IsDomainName()
  domain: string;

  @Field(() => ID, { nullable: true, description: "The organization being edited, if any: its own domains are not taken." })
  organizationId?: string | null;
}
