import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../common/context";
import { parseId } from "../../common/ids";
import { CustomAttribute } from "../attributes/custom-attribute.entity";
import { CommunicationConnection, timelineOf } from "../communications/communication.connection";
import { ContactStats } from "../communications/contact-stats.type";
import { TimelineArgs } from "../communications/dto/timeline.args";
import { Permission } from "../roles/permissions";
import { UserPageArgs } from "../users/dto/users.args";
import { UserConnection } from "../users/user.connection";
import { OrganizationsArgs } from "./dto/organizations.args";
import { OrganizationConnection } from "./organization.connection";
import { Organization } from "./organization.entity";

@Resolver(() => Organization)
export class OrganizationResolver {
  @Authorized(Permission.PeopleView)
  @Query(() => Organization, { nullable: true, description: "An organization by id; null when there is none." })
  organization(@Arg("id", () => ID) id: string, @Ctx() { loaders }: RequestContext): Promise<Organization | null> {
    return loaders.organization.load(parseId(id, "id"));
  }

  @Authorized(Permission.PeopleView)
  @Query(() => OrganizationConnection)
  async organizations(
    @Args() { first, after, search, sort }: OrganizationsArgs,
    @Ctx() { services }: RequestContext,
  ): Promise<OrganizationConnection> {
    const page = await services.organizations.page(search, sort, first, after);
    return OrganizationConnection.of(page, () => services.organizations.count(search));
  }

  @FieldResolver(() => [String], { description: "People created with an email at one of these domains join the organization." })
  domains(@Root() organization: Organization, @Ctx() { loaders }: RequestContext): Promise<string[]> {
    return loaders.organizationDomains.load(organization.id);
  }

  @FieldResolver(() => [CustomAttribute])
  attributes(@Root() organization: Organization, @Ctx() { loaders }: RequestContext): Promise<CustomAttribute[]> {
    return loaders.organizationAttributes.load(organization.id);
  }

  @FieldResolver(() => Int, { description: "Members, not counting trashed people." })
  memberCount(@Root() organization: Organization, @Ctx() { loaders }: RequestContext): Promise<number> {
    return loaders.memberCount.load(organization.id);
  }

  @FieldResolver(() => UserConnection, { description: "The people of this organization, trashed ones excepted." })
  async members(
    @Root() organization: Organization,
    @Args() { first, after, search, sort }: UserPageArgs,
    @Ctx() { services, now }: RequestContext,
  ): Promise<UserConnection> {
    const filter = { organizationId: organization.id, search, excludeTrashed: true };
    const page = await services.users.page(filter, sort, first, after, now);
    return UserConnection.of(page, () => services.users.count(filter, now));
  }

  @FieldResolver(() => ContactStats, { description: "Aggregated over the current members' communications." })
  stats(@Root() organization: Organization, @Ctx() { loaders }: RequestContext): Promise<ContactStats> {
    return loaders.stats.load({ owner: "organization", id: organization.id });
  }

  @FieldResolver(() => CommunicationConnection, { description: "Every communication of the current members, newest first." })
  communications(
    @Root() organization: Organization,
    @Args() { kinds, first, after }: TimelineArgs,
    @Ctx() context: RequestContext,
  ) {
    return timelineOf(context, "organization", organization.id, kinds, first, after);
  }
}
