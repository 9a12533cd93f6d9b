import { DateTimeResolver } from "graphql-scalars";
import { buildSchema } from "type-graphql";
import type { GraphQLSchema } from "graphql";
import { AuthResolver } from "../modules/auth/auth.resolver";
import { authChecker } from "../modules/auth/auth-checker";
import { CommunicationResolver, ContactStatsResolver } from "../modules/communications/communication.resolver";
import { OrganizationResolver } from "../modules/organizations/organization.resolver";
import { RoleResolver } from "../modules/roles/role.resolver";
import { UserResolver } from "../modules/users/user.resolver";

export const resolvers = [
  AuthResolver,
  UserResolver,
  OrganizationResolver,
  RoleResolver,
  CommunicationResolver,
  ContactStatsResolver,
] as const;

export function buildRosterSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    authChecker,
    // Named DateTime (ISO 8601 strings on the wire), as clients and the SPA's codegen expect.
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    // class-validator runs on every input and argument class.
    validate: { forbidUnknownValues: false },
  });
}
