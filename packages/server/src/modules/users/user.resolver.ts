import { Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root, Arg, ID } from "type-graphql";
import type { RequestContext } from "../../common/context";
import { parseId } from "../../common/ids";
import { CustomAttribute } from "../attributes/custom-attribute.entity";
import { CommunicationConnection, SURVEYS_ONLY, timelineOf } from "../communications/communication.connection";
import { ContactStats } from "../communications/contact-stats.type";
import { TimelineArgs } from "../communications/dto/timeline.args";
import { PageArgs } from "../../common/page.args";
import { Organization } from "../organizations/organization.entity";
import { Permission } from "../roles/permissions";
import { Role } from "../roles/role.entity";
import { UsersArgs } from "./dto/users.args";
import { userFilterOf } from "./user-filter";
import { UserConnection } from "./user.connection";
import { effectiveBannedUntil, effectiveState } from "./user-state";
import { User } from "./user.entity";
import { UserKind, UserState } from "./user.enums";
import { InvitationState } from "./invitation-state";
import { AuditEvent } from "../audit/audit-event.entity";
import { Presence } from "../presence/presence.types";
import { allowedTransitions, UserTransition } from "./user-lifecycle";
import { assertMayReadAccount, mayReadPersonalData } from "./personal-data";

@Resolver(() => User)
export class UserResolver {
  @Authorized(Permission.PeopleView)
  @Query(() => User, { nullable: true, description: "A person by id; null when there is none." })
  user(@Arg("id", () => ID) id: string, @Ctx() { loaders }: RequestContext): Promise<User | null> {
    return loaders.user.load(parseId(id, "id"));
  }

  @Authorized(Permission.PeopleView)
  @Query(() => UserConnection, {
    description: "People, filtered, searched and sorted; everyone (the trashed included) when unfiltered.",
  })
  async users(@Args() args: UsersArgs, @Ctx() { services, now, viewer }: RequestContext): Promise<UserConnection> {
    const filter = await userFilterOf(args, services, viewer!, now);
    const page = services.users.page(filter, args.sort, args.first, args.after, now);
    return UserConnection.of(page, () => services.users.count(filter, now));
  }

  @FieldResolver(() => UserState, { description: "The state as read now: a temporary ban that has ended reads ACTIVE." })
  state(@Root() user: User, @Ctx() { now }: RequestContext): UserState {
    return effectiveState(user, now);
  }

  @FieldResolver(() => Date, {
    nullable: true,
    description: "End of a temporary ban; null for a permanent one, or once it has ended.",
  })
  bannedUntil(@Root() user: User, @Ctx() { now }: RequestContext): Date | null {
    return effectiveBannedUntil(user, now);
  }

  @FieldResolver(() => String, { nullable: true })
  banReason(@Root() user: User, @Ctx() { now }: RequestContext): string | null {
    return effectiveState(user, now) === UserState.BANNED ? user.banReason : null;
  }

  @FieldResolver(() => Boolean, { description: "True for every person who never signed in." })
  withoutLogin(@Root() user: User): boolean {
    return user.lastLoginAt === null;
  }

  @Authorized(Permission.PeopleView)
  @FieldResolver(() => InvitationState, {
    nullable: true,
    description: "An invited agent's invitation: PENDING, ACCEPTED or EXPIRED; null for customers and agents never invited.",
  })
  invitation(@Root() user: User, @Ctx() { loaders }: RequestContext): Promise<InvitationState | null> | null {
    return user.kind === UserKind.AGENT ? loaders.invitation.load(user) : null;
  }

  @FieldResolver(() => Boolean, { description: "The email address is verified." })
  verified(@Root() user: User): boolean {
    return user.emailVerifiedAt !== null;
  }

  @Authorized(Permission.PeopleView)
  @FieldResolver(() => [CustomAttribute])
  attributes(@Root() user: User, @Ctx() { loaders }: RequestContext): Promise<CustomAttribute[]> {
    return loaders.userAttributes.load(user.id);
  }

  @Authorized(Permission.PeopleView)
  @FieldResolver(() => Organization, { nullable: true })
  organization(@Root() user: User, @Ctx() { loaders }: RequestContext): Promise<Organization | null> | null {
    return user.organizationId === null ? null : loaders.organization.load(user.organizationId);
  }

  @Authorized(Permission.PeopleView)
  @FieldResolver(() => [Role], { description: "Implicit (from state, verification, kind) and explicitly assigned roles." })
  roles(@Root() user: User, @Ctx() { loaders }: RequestContext): Promise<Role[]> {
    return loaders.rolesOfUser.load(user);
  }

  @FieldResolver(() => [String], {
    description: "The effective permissions: the union of the roles' permissions. Also readable on one's own record.",
  })
  async permissions(@Root() user: User, @Ctx() { loaders, viewer }: RequestContext): Promise<string[]> {
    assertMayReadAccount(viewer, user);
    const roles = await loaders.rolesOfUser.load(user);
    const perRole = await Promise.all(roles.map((role) => loaders.permissionsOfRole.load(role.id)));
    return [...new Set(perRole.flat())].sort();
  }

  @Authorized(Permission.PeopleView)
  @FieldResolver(() => ContactStats)
  stats(@Root() user: User, @Ctx() { loaders }: RequestContext): Promise<ContactStats> {
    return loaders.stats.load({ owner: "user", id: user.id });
  }

  @Authorized(Permission.PeopleView)
  @FieldResolver(() => CommunicationConnection, { description: "Everything this person said, newest first." })
  communications(@Root() user: User, @Args() { kinds, first, after }: TimelineArgs, @Ctx() context: RequestContext) {
    return timelineOf(context, "user", user.id, kinds, first, after);
  }

  @Authorized(Permission.PeopleView)
  @FieldResolver(() => CommunicationConnection, { description: "This person's survey answers, newest first." })
  surveys(@Root() user: User, @Args() { first, after }: PageArgs, @Ctx() context: RequestContext) {
    return timelineOf(context, "user", user.id, SURVEYS_ONLY, first, after);
  }

  @Authorized(Permission.PeopleView)
  @FieldResolver(() => [AuditEvent], { description: "Every state transition: who, when, why, before and after; oldest first." })
  stateHistory(@Root() user: User, @Ctx() { loaders }: RequestContext): Promise<AuditEvent[]> {
    return loaders.stateHistory.load(user.id);
  }

  @Authorized(Permission.PeopleView)
  @FieldResolver(() => [UserTransition], { description: "What may be done to this person now: the SPA offers only these." })
  allowedTransitions(@Root() user: User, @Ctx() { now }: RequestContext): UserTransition[] {
    return allowedTransitions(effectiveState(user, now));
  }

  @Authorized(Permission.PeopleView)
  @FieldResolver(() => Presence, {
    nullable: true,
    description: "Agents: ONLINE inside their business hours, AWAY outside. Null for customers.",
  })
  presence(@Root() user: User, @Ctx() { loaders }: RequestContext): Promise<Presence | null> {
    return loaders.presence.load(user);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "Personal data: shown to callers with people.view, and to the person themself.",
  })
  email(@Root() user: User, @Ctx() { viewer }: RequestContext): string | null {
    return mayReadPersonalData(viewer, user) ? user.email : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "Personal data: shown to callers with people.view, and to the person themself.",
  })
  phone(@Root() user: User, @Ctx() { viewer }: RequestContext): string | null {
    return mayReadPersonalData(viewer, user) ? user.phone : null;
  }
}
