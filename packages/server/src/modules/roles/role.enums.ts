import { registerEnumType } from "type-graphql";

export enum RoleKind {
  CUSTOMER = "CUSTOMER",
  AGENT = "AGENT",
}

/**
 * The system roles (SPEC §4). They cannot be deleted or renamed. The first three and AGENT
 * have implicit membership derived from each person's state, verification or kind;
 * ADMINISTRATOR is assigned explicitly, like custom roles.
 */
export enum SystemRole {
  EVERYONE = "EVERYONE",
  REGISTERED = "REGISTERED",
  VERIFIED = "VERIFIED",
  ADMINISTRATOR = "ADMINISTRATOR",
  AGENT = "AGENT",
}

registerEnumType(RoleKind, { name: "RoleKind" });
registerEnumType(SystemRole, { name: "SystemRole" });
