import { IsOptional } from "class-validator";
import { ArgsType, Field, ID, InputType } from "type-graphql";
import { Width, WIDTH } from "../../../common/widths";
import { RoleKind } from "../role.enums";

@InputType()
export class CreateRoleInput {
  @Field()
  @Width(WIDTH.role.name, { min: 1 })
  name: string;

  @Field({ defaultValue: "" })
  @Width(WIDTH.role.description)
  description: string;

  @Field(() => RoleKind, { description: "Customer roles hold customer permissions and go to customers; agent roles likewise." })
  kind: RoleKind;

  @Field(() => [String])
  @Width(WIDTH.role.permission, { each: true })
  permissions: string[];
}

@InputType()
export class UpdateRoleInput {
  @Field(() => String, { nullable: true, description: "System roles cannot be renamed." })
  @IsOptional()
  @Width(WIDTH.role.name, { min: 1 })
  name?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Width(WIDTH.role.description)
  description?: string | null;

  @Field(() => [String], { nullable: true, description: "Replaces the role's permissions." })
  @IsOptional()
  @Width(WIDTH.role.permission, { each: true })
  permissions?: string[] | null;
}

@ArgsType()
export class AssignRolesArgs {
  @Field(() => ID)
  userId: string;

  @Field(() => [ID], { description: "The person's explicit roles after the call (implicit ones cannot be assigned)." })
  roleIds: string[];
}
