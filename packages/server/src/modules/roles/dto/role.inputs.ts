import { IsOptional, Length, MaxLength } from "class-validator";
import { ArgsType, Field, ID, InputType } from "type-graphql";
import { RoleKind } from "../role.enums";

@InputType()
export class CreateRoleInput {
  @Field()
  @Length(1, 100, { message: "name must be 1 to 100 characters" })
  name: string;

  @Field({ defaultValue: "" })
  @MaxLength(500, { message: "description must be at most 500 characters" })
  description: string;

  @Field(() => RoleKind, { description: "Customer roles hold customer permissions and go to customers; agent roles likewise." })
  kind: RoleKind;

  @Field(() => [String])
  permissions: string[];
}

@InputType()
export class UpdateRoleInput {
  @Field(() => String, { nullable: true, description: "System roles cannot be renamed." })
  @IsOptional()
  @Length(1, 100, { message: "name must be 1 to 100 characters" })
  name?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500, { message: "description must be at most 500 characters" })
  description?: string | null;

  @Field(() => [String], { nullable: true, description: "Replaces the role's permissions." })
  permissions?: string[] | null;
}

@ArgsType()
export class AssignRolesArgs {
  @Field(() => ID)
  userId: string;

  @Field(() => [ID], { description: "The person's explicit roles after the call (implicit ones cannot be assigned)." })
  roleIds: string[];
}
