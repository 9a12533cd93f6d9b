import { Arg, Args, Authorized, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { RequestContext } from "../../common/context";
import { parseId } from "../../common/ids";
import { actorOf } from "../audit/actor";
import { DomainError, ErrorCode } from "../../common/errors";
import { Permission } from "../roles/permissions";
import { InviteAgentInput } from "./dto/invite-agent.input";
import { BanUserArgs, CreateUserInput, RegisterUserInput, UpdateUserArgs } from "./dto/user.inputs";
import { AccountStatus } from "./account-status.type";
import { effectiveState } from "./user-state";
import { User } from "./user.entity";

/** The account mutations of SPEC §3; each is one transaction with its audit event. */
@Resolver(() => User)
export class UserLifecycleResolver {
  @Authorized(Permission.PeopleManage)
  @Mutation(() => User, { description: "A person created by an agent: ACTIVE." })
  createUser(@Arg("input") input: CreateUserInput, @Ctx() { services, viewer, now }: RequestContext): Promise<User> {
    return services.lifecycle.create(actorOf(viewer), input, now);
  }

  @Authorized(Permission.PeopleManage)
  @Mutation(() => User, { description: "Edits a person. A version older than the server's is refused with CONFLICT." })
  updateUser(@Args() { id, version, input }: UpdateUserArgs, @Ctx() { services, viewer, now }: RequestContext): Promise<User> {
    return services.lifecycle.update(actorOf(viewer), parseId(id, "id"), version, input, now);
  }

  @Authorized(Permission.PeopleManage)
  @Mutation(() => User, {
    description:
      "Help-center registration. Without a password: ACTIVE, with a registration email to set one. With a password: NOT_ACTIVATED until the emailed link is followed.",
  })
  registerUser(@Arg("input") input: RegisterUserInput, @Ctx() { services, viewer, now }: RequestContext): Promise<User> {
    return services.lifecycle.register(actorOf(viewer), input, now);
  }

  @Authorized(Permission.PeopleManage)
  @Mutation(() => User, { description: "NOT_ACTIVATED → ACTIVE; emails the username and a single-use link to set a password." })
  activateUser(@Arg("id", () => ID) id: string, @Ctx() { services, viewer, now }: RequestContext): Promise<User> {
    return services.lifecycle.activate(actorOf(viewer), parseId(id, "id"), now);
  }

  @Authorized(Permission.PeopleManage)
  @Mutation(() => User, {
    description: "Bans for `days` days, or permanently without them. Banning a banned person changes the ban.",
  })
  banUser(@Args() { id, days, reason }: BanUserArgs, @Ctx() { services, viewer, now }: RequestContext): Promise<User> {
    return services.lifecycle.ban(actorOf(viewer), parseId(id, "id"), days, reason, now);
  }

  @Authorized(Permission.PeopleManage)
  @Mutation(() => User, { description: "Ends a ban: back to the state before it." })
  unbanUser(@Arg("id", () => ID) id: string, @Ctx() { services, viewer, now }: RequestContext): Promise<User> {
    return services.lifecycle.unban(actorOf(viewer), parseId(id, "id"), now);
  }

  @Authorized(Permission.PeopleManage)
  @Mutation(() => User, { description: "Moves a person and their communications to the trash." })
  trashUser(@Arg("id", () => ID) id: string, @Ctx() { services, viewer, now }: RequestContext): Promise<User> {
    return services.lifecycle.trash(actorOf(viewer), parseId(id, "id"), now);
  }

  @Authorized(Permission.PeopleManage)
  @Mutation(() => User, { description: "Back from the trash, to the state before it, with their communications." })
  restoreUser(@Arg("id", () => ID) id: string, @Ctx() { services, viewer, now }: RequestContext): Promise<User> {
    return services.lifecycle.restore(actorOf(viewer), parseId(id, "id"), now);
  }

  @Authorized(Permission.PeopleDelete)
  @Mutation(() => Boolean, {
    description: "Deletes a person in the trash for good, with their communications. Cannot be undone.",
  })
  async deleteUser(@Arg("id", () => ID) id: string, @Ctx() { services, viewer, now }: RequestContext): Promise<boolean> {
    await services.lifecycle.delete(actorOf(viewer), parseId(id, "id"), now);
    return true;
  }

  @Authorized(Permission.PeopleManage)
  @Mutation(() => Boolean, { description: "Emails a single-use link that confirms the address." })
  async sendVerificationEmail(
    @Arg("id", () => ID) id: string,
    @Ctx() { services, viewer, now }: RequestContext,
  ): Promise<boolean> {
    await services.lifecycle.sendVerificationEmail(actorOf(viewer), parseId(id, "id"), now);
    return true;
  }

  @Authorized(Permission.PeopleManage)
  @Mutation(() => User, {
    description:
      "Invites an agent: NOT_ACTIVATED (source AGENT) until they follow the emailed link (single-use, 72 hours) and set a password. roleIds needs roles.manage as well.",
  })
  inviteAgent(@Arg("input") input: InviteAgentInput, @Ctx() { services, viewer, now }: RequestContext): Promise<User> {
    const roleIds = input.roleIds ?? [];
    if (roleIds.length && !viewer?.permissions.has(Permission.RolesManage)) {
      throw new DomainError(ErrorCode.Forbidden, `Assigning roles needs the ${Permission.RolesManage} permission.`, {
        argument: "roleIds",
        missingPermissions: [Permission.RolesManage],
      });
    }
    const actor = actorOf(viewer);
    return services.lifecycle.invite(
      actor,
      input,
      now,
      roleIds.length ? (manager, user) => services.roleManagement.assign(actor, user.id, roleIds, now, manager) : undefined,
    );
  }

  @Authorized(Permission.PeopleManage)
  @Mutation(() => User, {
    description: "Emails a fresh invitation link to an agent who has not accepted yet; the earlier links stop working.",
  })
  resendInvitation(@Arg("id", () => ID) id: string, @Ctx() { services, viewer, now }: RequestContext): Promise<User> {
    return services.lifecycle.resendInvitation(actorOf(viewer), parseId(id, "id"), now);
  }

  @Mutation(() => AccountStatus, {
    description:
      "Confirms an email address with the token from its link (no sign-in needed). INVALID_TOKEN when used or expired.",
  })
  async confirmEmail(@Arg("token") token: string, @Ctx() { services, now, credentials }: RequestContext): Promise<AccountStatus> {
    return statusOf(await services.lifecycle.confirmEmail(token, now, credentials.address), now);
  }

  @Mutation(() => AccountStatus, {
    description:
      "Sets a password with the token from a registration, invitation or reset email (no sign-in needed); an invitation's activates the agent. Ends every session of the person.",
  })
  async setPassword(
    @Arg("token") token: string,
    @Arg("password") password: string,
    @Ctx() { services, now, credentials }: RequestContext,
  ): Promise<AccountStatus> {
    return statusOf(await services.lifecycle.setPassword(token, password, now, undefined, credentials.address), now);
  }
}

function statusOf(user: User, now: Date): AccountStatus {
  return { displayName: user.displayName, state: effectiveState(user, now), verified: user.emailVerifiedAt !== null };
}
