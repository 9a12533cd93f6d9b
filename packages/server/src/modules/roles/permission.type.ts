import { Field, ObjectType } from "type-graphql";
import { RoleKind } from "./role.enums";

@ObjectType("Permission", { description: "One entry of the fixed permission catalog." })
export class PermissionInfo {
  @Field()
  name: string;

  @Field()
  description: string;

  @Field(() => RoleKind, { description: "Whether it belongs in customer roles or agent roles." })
  kind: RoleKind;
}
