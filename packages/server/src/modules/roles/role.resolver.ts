import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../common/context";
import { parseId } from "../../common/ids";
import { actorOf } from "../audit/actor";
import { User } from "../users/user.entity";
import { AssignRolesArgs, CreateRoleInput, UpdateRoleInput } from "./dto/role.inputs";
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

  @Authorized(Permission.RolesManage)
  @Mutation(() => Role, { description: "A custom role, such as Moderator." })
  createRole(@Arg("input") input: CreateRoleInput, @Ctx() { services, viewer, now }: RequestContext): Promise<Role> {
    return services.roleManagement.create(actorOf(viewer), input, now);
  }

  @Authorized(Permission.RolesManage)
  @Mutation(() => Role, {
    description: "System roles keep their names; no change may leave Roster without an agent who can manage roles.",
  })
  updateRole(
    @Arg("id", () => ID) id: string,
    @Arg("input") input: UpdateRoleInput,
    @Ctx() { services, viewer, now }: RequestContext,
  ): Promise<Role> {
    return services.roleManagement.update(actorOf(viewer), parseId(id, "id"), input, now);
  }

  @Authorized(Permission.RolesManage)
  @Mutation(() => Boolean, { description: "Deletes a custom role; system roles cannot be deleted." })
  async deleteRole(@Arg("id", () => ID) id: string, @Ctx() { services, viewer, now }: RequestContext): Promise<boolean> {
    await services.roleManagement.delete(actorOf(viewer), parseId(id, "id"), now);
    return true;
  }

  @Authorized(Permission.RolesManage)
  @Mutation(() => User, { description: "Sets a person's explicit roles: customer roles to customers, agent roles to agents." })
  assignRoles(@Args() { userId, roleIds }: AssignRolesArgs, @Ctx() { services, viewer, now }: RequestContext): Promise<User> {
    return services.roleManagement.assign(actorOf(viewer), parseId(userId, "userId"), roleIds, now);
  }

  @FieldResolver(() => [String])
  permissions(@Root() role: Role, @Ctx() { loaders }: RequestContext): Promise<string[]> {
    return loaders.permissionsOfRole.load(role.id);
  }

  @FieldResolver(() => Int, { description: "Members, implicit ones included (Everyone counts everyone)." })
  memberCount(@Root() role: Role, @Ctx() { loaders }: RequestContext): Promise<number> {
    return loaders.roleMemberCount.load(role);
  }
}
