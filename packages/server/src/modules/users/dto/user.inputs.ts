import { IsInt, IsOptional, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from "class-validator";
import { ArgsType, Field, ID, InputType, Int } from "type-graphql";
import { ATTRIBUTE_WIDTH, attributeNamePattern, attributeNameRule } from "@roster/person";
import { Width, WIDTH } from "../../../common/widths";
import { AttributeType, UserKind } from "../user.enums";
import { PersonInputField } from "./person-input-field";

@InputType({ description: "A custom attribute to set; an empty value removes it." })
export class AttributeInput {
  @Field()
  @Width(ATTRIBUTE_WIDTH.name, { min: 1 })
  @Matches(attributeNamePattern, { message: attributeNameRule })
  name: string;

  @Field(() => AttributeType, { defaultValue: AttributeType.STRING })
  type: AttributeType;

  @Field()
  @Width(ATTRIBUTE_WIDTH.value)
  value: string;
}

/**
 * The editable fields of a person, shared by createUser and updateUser: each as @roster/person
 * defines it (test/person-fields.test.ts checks that every field marked for these inputs is here).
 */
@InputType()
abstract class PersonFields {
  @PersonInputField("email")
  email?: string | null;

  @PersonInputField("username")
  username?: string | null;

  @PersonInputField("phone")
  phone?: string | null;

  @PersonInputField("timezone")
  timezone?: string | null;

  @PersonInputField("locale")
  locale?: string | null;

  @Field(() => ID, { nullable: true, description: "Null leaves the organization." })
  organizationId?: string | null;

  @Field(() => [AttributeInput], { nullable: true })
  @IsOptional()
  @ValidateNested({ each: true })
  attributes?: AttributeInput[] | null;
}

@InputType()
export class CreateUserInput extends PersonFields {
  @PersonInputField("displayName", { required: true })
  displayName: string;

  @Field(() => UserKind, { defaultValue: UserKind.CUSTOMER })
  kind: UserKind;
}

@InputType()
export class UpdateUserInput extends PersonFields {
  @PersonInputField("displayName")
  displayName?: string | null;

  @Field(() => UserKind, {
    nullable: true,
    description: "Customer or agent; explicit roles of the other kind are removed with the change.",
  })
  kind?: UserKind | null;
}

@InputType({ description: "A help-center registration." })
export class RegisterUserInput {
  @PersonInputField("email", { required: true })
  email: string;

  @PersonInputField("displayName", { description: "Default: the email's local part." })
  displayName?: string | null;

  @PersonInputField("username", { description: "Default: made from the email address." })
  username?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "With a password the account waits for the emailed confirmation; without, Roster activates it and emails a link to set one.",
  })
  @IsOptional()
  @MinLength(8, { message: "password must be at least 8 characters" })
  @MaxLength(200)
  password?: string | null;
}

@ArgsType()
export class BanUserArgs {
  @Field(() => ID)
  id: string;

  @Field(() => Int, { nullable: true, description: "Length of the ban in days; none for a permanent ban." })
  @IsOptional()
  @IsInt()
  @Min(1, { message: "days must be at least 1 (leave it out for a permanent ban)" })
  @Max(3650, { message: "days must be at most 3650" })
  days?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Width(WIDTH.user.banReason)
  reason?: string | null;
}

@ArgsType()
export class UpdateUserArgs {
  @Field(() => ID)
  id: string;

  @Field(() => Int, { description: "The version you last read; a newer one on the server refuses the update with CONFLICT." })
  version: number;

  @Field(() => UpdateUserInput)
  @ValidateNested()
  input: UpdateUserInput;
}
