import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../common/context";
import { parseId } from "../../common/ids";
import { actorOf } from "../audit/actor";
import { CustomAttribute } from "../attributes/custom-attribute.entity";
import { CommunicationConnection, timelineOf } from "../communications/communication.connection";
import { ContactStats } from "../communications/contact-stats.type";
import { TimelineArgs } from "../communications/dto/timeline.args";
import { Permission } from "../roles/permissions";
import { UserPageArgs } from "../users/dto/users.args";
import { UserConnection } from "../users/user.connection";
import { CreateOrganizationInput, OrganizationDomainPreviewArgs, UpdateOrganizationArgs } from "./dto/organization.inputs";
import { OrganizationsArgs } from "./dto/organizations.args";
import { OrganizationDomainPreview } from "./organization-domain-preview.type";
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

  @Authorized(Permission.OrganizationsManage)
  @Query(() => OrganizationDomainPreview, {
    description: "Before adding a domain: who has it already, and how many people attachExisting would attach.",
  })
  organizationDomainPreview(
    @Args() { domain, organizationId }: OrganizationDomainPreviewArgs,
    @Ctx() { services }: RequestContext,
  ): Promise<OrganizationDomainPreview> {
    return services.organizations.domainPreview(domain, organizationId ? parseId(organizationId, "organizationId") : null);
  }

  @Authorized(Permission.OrganizationsManage)
  @Mutation(() => Organization, { description: "A new organization; its name and each of its domains must be free." })
  createOrganization(
    @Arg("input") input: CreateOrganizationInput,
    @Ctx() { services, viewer, now }: RequestContext,
  ): Promise<Organization> {
    return services.organizations.create(actorOf(viewer), input, now);
  }

  @Authorized(Permission.OrganizationsManage)
  @Mutation(() => Organization, { description: "An edit based on `version`; a newer version on the server is CONFLICT." })
  updateOrganization(
    @Args() { id, version, input }: UpdateOrganizationArgs,
    @Ctx() { services, viewer, now }: RequestContext,
  ): Promise<Organization> {
    return services.organizations.update(actorOf(viewer), parseId(id, "id"), version, input, now);
  }

  @Authorized(Permission.OrganizationsManage)
  @Mutation(() => Boolean, {
    description: "Deletes an organization. Its members are unlinked, never deleted; their communications stay theirs.",
  })
  async deleteOrganization(@Arg("id", () => ID) id: string, @Ctx() { services, viewer, now }: RequestContext): Promise<boolean> {
    await services.organizations.delete(actorOf(viewer), parseId(id, "id"), now);
    return true;
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
  members(
    @Root() organization: Organization,
    @Args() { first, after, search, sort }: UserPageArgs,
    @Ctx() { services, now }: RequestContext,
  ): UserConnection {
    const filter = { organizationId: organization.id, search, excludeTrashed: true };
    const page = services.users.page(filter, sort, first, after, now);
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
