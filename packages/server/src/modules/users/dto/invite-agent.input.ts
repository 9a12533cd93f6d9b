import { ArrayMaxSize, IsOptional } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { PersonInputField } from "./person-input-field";

@InputType({ description: "An agent to invite: created NOT_ACTIVATED, emailed a link to set a password." })
export class InviteAgentInput {
  @PersonInputField("email", { required: true })
  email: string;

  @PersonInputField("displayName", { description: "Default: the email's local part." })
  displayName?: string | null;

  @Field(() => [ID], { nullable: true, description: "Agent roles to assign at once (needs roles.manage too)." })
  @IsOptional()
  @ArrayMaxSize(100)
  roleIds?: string[] | null;
}
