import { IsEmail, IsInt, IsOptional, IsTimeZone, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from "class-validator";
import { ArgsType, Field, ID, InputType, Int } from "type-graphql";
import { attributeNamePattern, attributeNameRule } from "@roster/segments";
import { Width, WIDTH } from "../../../common/widths";
import { USERNAME_CHARACTERS, USERNAME_MIN_CHARS, USERNAME_PATTERN } from "../username";
import { AttributeType, UserKind } from "../user.enums";

@InputType({ description: "A custom attribute to set; an empty value removes it." })
export class AttributeInput {
  @Field()
  @Width(WIDTH.attribute.name, { min: 1 })
  @Matches(attributeNamePattern, { message: attributeNameRule })
  name: string;

  @Field(() => AttributeType, { defaultValue: AttributeType.STRING })
  type: AttributeType;

  @Field()
  @Width(WIDTH.attribute.value)
  value: string;
}

/** The editable fields of a person, shared by createUser and updateUser. */
@InputType()
abstract class PersonFields {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail({}, { message: "email must be an email address" })
  @Width(WIDTH.user.email)
  email?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Width(WIDTH.user.username, { min: USERNAME_MIN_CHARS })
  @Matches(USERNAME_PATTERN, { message: `username may use ${USERNAME_CHARACTERS}` })
  username?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Width(WIDTH.user.phone)
  phone?: string | null;

  @Field(() => String, { nullable: true, description: "IANA time zone, e.g. Europe/Paris." })
  @IsOptional()
  @IsTimeZone({ message: "timezone must be an IANA time zone such as Europe/Paris" })
  @Width(WIDTH.user.timezone)
  timezone?: string | null;

  @Field(() => String, { nullable: true, description: "BCP 47 language tag, e.g. fr-FR." })
  @IsOptional()
  @Matches(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { message: "locale must be a language tag such as fr-FR" })
  @Width(WIDTH.user.locale)
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
  @Field()
  @Width(WIDTH.user.displayName, { min: 1 })
  displayName: string;

  @Field(() => UserKind, { defaultValue: UserKind.CUSTOMER })
  kind: UserKind;
}

@InputType()
export class UpdateUserInput extends PersonFields {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Width(WIDTH.user.displayName, { min: 1 })
  displayName?: string | null;
}

@InputType({ description: "A help-center registration." })
export class RegisterUserInput {
  @Field()
  @IsEmail({}, { message: "email must be an email address" })
  @Width(WIDTH.user.email)
  email: string;

  @Field(() => String, { nullable: true, description: "Default: the email's local part." })
  @IsOptional()
  @Width(WIDTH.user.displayName, { min: 1 })
  displayName?: string | null;

  @Field(() => String, { nullable: true, description: "Default: made from the email address." })
  @IsOptional()
  @Width(WIDTH.user.username, { min: USERNAME_MIN_CHARS })
  @Matches(USERNAME_PATTERN, { message: `username may use ${USERNAME_CHARACTERS}` })
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
