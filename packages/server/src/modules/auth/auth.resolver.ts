import { Arg, Args, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import { Permission } from "../roles/permissions";
import type { RequestContext } from "../../common/context";
import { DomainError, ErrorCode } from "../../common/errors";
import { actorOf } from "../audit/actor";
import { TokenPurpose } from "../tokens/token-purpose";
import { User } from "../users/user.entity";
import { parseId } from "../../common/ids";
import { AgentSession } from "./agent-session.type";
import { LoginArgs } from "./dto/login.args";
import { hashSessionToken } from "./sessions";
import { ChangePasswordArgs, RequestPasswordResetArgs, ResetPasswordArgs } from "./dto/password.args";

@Resolver()
export class AuthResolver {
  @Query(() => User, { nullable: true, description: "The signed-in agent, or null." })
  me(@Ctx() { viewer }: RequestContext): User | null {
    return viewer?.kind === "agent" ? viewer.user : null;
  }

  @Mutation(() => User, {
    description:
      "Agent sign-in: sets the httpOnly session cookie. A wrong email or password, or an account that is not an active agent, gives INVALID_CREDENTIALS; repeated failures TOO_MANY_ATTEMPTS (with retryAfterSeconds).",
  })
  async login(@Args() { email, password }: LoginArgs, @Ctx() context: RequestContext): Promise<User> {
    const { viewer, token, expiresAt } = await context.services.auth.login(
      email,
      password,
      context.now,
      context.credentials.address,
    );
    context.session.set(token, expiresAt);
    // The rest of this request (the fields selected on the answer) is read as the new agent.
    context.viewer = viewer;
    return viewer.user;
  }

  @Mutation(() => Boolean, { description: "Ends the current session; true even when there was none." })
  async logout(@Ctx() { services, session }: RequestContext): Promise<boolean> {
    if (session.token) await services.auth.logout(session.token);
    session.clear();
    return true;
  }

  @Authorized(Permission.PeopleView)
  @Mutation(() => User, {
    description:
      "The help-center portal's sign-in check, by username or email, of customers (and of agents for a caller with people.manage). INVALID_CREDENTIALS for an unknown login, a wrong password or an account this caller may not check alike; TOO_MANY_ATTEMPTS (with retryAfterSeconds) after repeated failures; USER_BANNED (with bannedUntil), USER_TRASHED, USER_NOT_ACTIVATED otherwise refused.",
  })
  authenticateUser(
    @Arg("login") login: string,
    @Arg("password") password: string,
    @Ctx() { services, now, viewer, credentials }: RequestContext,
  ): Promise<User> {
    return services.auth.authenticate(login, password, now, {
      address: credentials.address,
      includeAgents: viewer?.permissions.has(Permission.PeopleManage) ?? false,
    });
  }

  @Mutation(() => Boolean, {
    description:
      "Emails a single-use reset link (1 hour) when the address belongs to an active person with a password. Always true: the answer tells nothing about the address.",
  })
  async requestPasswordReset(
    @Args() { email }: RequestPasswordResetArgs,
    @Ctx() { services, now }: RequestContext,
  ): Promise<boolean> {
    await services.lifecycle.requestPasswordReset(email, now);
    return true;
  }

  @Mutation(() => Boolean, {
    description: "Sets a new password with the token from a reset email (no sign-in needed); ends every session of the person.",
  })
  async resetPassword(
    @Args() { token, password }: ResetPasswordArgs,
    @Ctx() { services, now, credentials }: RequestContext,
  ): Promise<boolean> {
    await services.lifecycle.setPassword(token, password, now, [TokenPurpose.PASSWORD_RESET], credentials.address);
    return true;
  }

  // Any signed-in caller, no permission: one's own password.
  @Authorized()
  @Mutation(() => Boolean, {
    description:
      "The signed-in agent changes their password. A wrong currentPassword is BAD_USER_INPUT naming it. Ends the agent's other sessions; this one stays.",
  })
  async changePassword(
    @Args() { currentPassword, newPassword }: ChangePasswordArgs,
    @Ctx() { services, viewer, session, now, credentials }: RequestContext,
  ): Promise<boolean> {
    const agent = signedInAgent(viewer);
    await services.lifecycle.changePassword(actorOf(viewer!), agent.id, currentPassword, newPassword, session.token, now, {
      address: credentials.address,
    });
    return true;
  }

  @Authorized()
  @Query(() => [AgentSession], { description: "The signed-in agent's open sessions, newest first." })
  async mySessions(@Ctx() { services, viewer, session, now }: RequestContext): Promise<AgentSession[]> {
    const agent = signedInAgent(viewer);
    const current = session.token ? hashSessionToken(session.token) : null;
    const sessions = await services.auth.sessionsOf(agent.id, now);
    return sessions.map(({ id, createdAt, expiresAt, tokenHash }) => ({
      id: String(id),
      createdAt,
      expiresAt,
      current: tokenHash === current,
    }));
  }

  @Authorized()
  @Mutation(() => Boolean, { description: "Signs the agent out of one of their sessions (another browser, or this one)." })
  async revokeSession(@Arg("id", () => ID) id: string, @Ctx() { services, viewer }: RequestContext): Promise<boolean> {
    await services.auth.revokeSession(signedInAgent(viewer).id, parseId(id, "id"));
    return true;
  }

  @Authorized()
  @Mutation(() => Int, { description: "Signs the agent out everywhere but this browser; answers how many sessions ended." })
  revokeOtherSessions(@Ctx() { services, viewer, session }: RequestContext): Promise<number> {
    const agent = signedInAgent(viewer);
    if (!session.token) throw new DomainError(ErrorCode.Forbidden, "Only a signed-in browser has other sessions to end.");
    return services.auth.revokeOtherSessions(agent.id, session.token);
  }
}

/** Sessions and passwords are a signed-in agent's own: an API key has none. */
function signedInAgent(viewer: RequestContext["viewer"]): User {
  if (viewer?.kind !== "agent") throw new DomainError(ErrorCode.Forbidden, "Only a signed-in agent has sessions and a password.");
  return viewer.user;
}
