import { Authorized, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../common/context";
import { PermissionInfo } from "./permission.type";
import { Permission } from "./permissions";
import { Role } from "./role.entity";

@Resolver(() => Role)
export class RoleResolver {
  @Authorized(Permission.PeopleView)
  @Query(() => [Role], { description: "Every role, system roles included." })
  roles(@Ctx() { services }: RequestContext): Promise<Role[]> {
    return services.roles.list();
  }

  @Authorized(Permission.PeopleView)
  @Query(() => [PermissionInfo], { name: "permissions", description: "The permission catalog." })
  permissionCatalog(@Ctx() { services }: RequestContext): readonly PermissionInfo[] {
    return services.roles.catalog();
  }

  @FieldResolver(() => [String])
  permissions(@Root() role: Role, @Ctx() { loaders }: RequestContext): Promise<string[]> {
    return loaders.permissionsOfRole.load(role.id);
  }
}
