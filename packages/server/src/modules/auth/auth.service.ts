/**
 * Agent sign-in for the SPA. A session is a random 256-bit token in an httpOnly cookie; the
 * database keeps only its SHA-256, so a leaked table opens no session.
 */
import { randomBytes } from "node:crypto";
import { MoreThan, type DataSource } from "typeorm";
import { DomainError, ErrorCode } from "../../common/errors";
import type { MailService } from "../mail/mail.service";
import { RoleService } from "../roles/role.service";
import { PersonWriter } from "../users/person-writer";
import { effectiveState } from "../users/user-state";
import { User } from "../users/user.entity";
import { UserKind, UserState } from "../users/user.enums";
import type { CredentialThrottle } from "./credential-throttle";
import { accountKey, notifyLock } from "./lock-notice";
import { decoyHash, verifyPassword } from "./password";
import { endSessions, hashSessionToken } from "./sessions";
import { Session } from "./session.entity";
import type { AgentViewer, Viewer } from "./viewer";

export const SESSION_COOKIE = "roster_session";

export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly roles: RoleService,
    private readonly writer: PersonWriter,
    private readonly sessionTtlHours: number,
    private readonly throttle: CredentialThrottle,
    private readonly mail: MailService,
  ) {}

  /**
   * Checks an agent's email and password and opens a session; the viewer is who the rest of the
   * request acts as. Anyone but an active agent (a customer, a banned agent) gets the answer of a
   * wrong password, right password or not: the answer tells nothing about the account.
   */
  async login(
    email: string,
    password: string,
    now: Date,
    address?: string,
  ): Promise<{ viewer: AgentViewer; token: string; expiresAt: Date }> {
    const login = email.trim().toLowerCase();
    const user = await this.checkPassword(
      await this.dataSource.getRepository(User).findOneBy({ email: login }),
      login,
      password,
      { refusal: "Wrong email or password.", now, address },
      (found) => found.kind === UserKind.AGENT && effectiveState(found, now) === UserState.ACTIVE,
    );
    const token = randomBytes(32).toString("base64url");
    const expiresAt = new Date(now.getTime() + this.sessionTtlHours * 3600_000);
    await this.dataSource.transaction(async (manager) => {
      await manager.insert(Session, { tokenHash: hashSessionToken(token), userId: user.id, createdAt: now, expiresAt });
      await this.writer.recordLogin(manager, user, now);
    });
    return { viewer: await this.agentViewer(user, now), token, expiresAt };
  }

  /**
   * The help-center portal's sign-in, by username or email. The state is told only to someone
   * who knows the password; an unknown login and a wrong password get the same answer, and so
   * does an agent's login unless `includeAgents` (the caller may manage people).
   */
  async authenticate(
    login: string,
    password: string,
    now: Date,
    { address, includeAgents = false }: { address?: string; includeAgents?: boolean } = {},
  ): Promise<User> {
    const key = login.trim().toLowerCase();
    const found = await this.dataSource
      .getRepository(User)
      .createQueryBuilder("u")
      .where("(u.email = :key OR u.username = :key)", { key })
      .getOne();
    const user = await this.checkPassword(
      found,
      key,
      password,
      { refusal: "Wrong login or password.", now, address },
      (person) => includeAgents || person.kind === UserKind.CUSTOMER,
    );
    const state = effectiveState(user, now);
    if (state === UserState.BANNED) {
      const until = user.bannedUntil;
      throw new DomainError(
        ErrorCode.UserBanned,
        until ? `This account is banned until ${until.toISOString()}.` : "This account is banned permanently.",
        { bannedUntil: until?.toISOString() ?? null },
      );
    }
    if (state === UserState.TRASHED) throw new DomainError(ErrorCode.UserTrashed, "This account has been closed.");
    if (state === UserState.NOT_ACTIVATED) {
      throw new DomainError(ErrorCode.UserNotActivated, "This account is not activated yet: confirm your email address first.");
    }
    await this.writer.recordLogin(this.dataSource.manager, user, now);
    return user;
  }

  /**
   * The person, if the password is theirs and `admits` them; the same refusal otherwise, after
   * the same work. Throttled: every attempt counts against the account and the address, a
   * success forgives the account's; a lock emails the owner.
   */
  private async checkPassword(
    user: User | null,
    login: string,
    password: string,
    { refusal, now, address }: { refusal: string; now: Date; address?: string },
    admits: (user: User) => boolean,
  ): Promise<User> {
    const attempt = await this.throttle.begin(accountKey(user, login), address);
    const passwordOk = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
    if (!user || !user.passwordHash || !passwordOk || !admits(user)) {
      await attempt.failed((lockSeconds) => notifyLock(this.dataSource, this.mail, user, lockSeconds, now));
      throw new DomainError(ErrorCode.InvalidCredentials, refusal);
    }
    await attempt.succeeded();
    return user;
  }

  async logout(token: string): Promise<void> {
    await this.dataSource.getRepository(Session).delete({ tokenHash: hashSessionToken(token) });
  }

  /** The agent's sessions still open, newest first. */
  sessionsOf(userId: number, now: Date): Promise<Session[]> {
    return this.dataSource
      .getRepository(Session)
      .find({ where: { userId, expiresAt: MoreThan(now) }, order: { createdAt: "DESC", id: "DESC" } });
  }

  /** Ends one of the agent's own sessions; another agent's is NOT_FOUND, as one that never was. */
  async revokeSession(userId: number, id: number): Promise<void> {
    const result = await this.dataSource.getRepository(Session).delete({ id, userId });
    if (!result.affected) throw new DomainError(ErrorCode.NotFound, `You have no session ${id}.`, { argument: "id" });
  }

  /** Ends every session of the agent but the one of `currentToken`; answers how many ended. */
  revokeOtherSessions(userId: number, currentToken: string): Promise<number> {
    return this.dataSource.transaction((manager) => endSessions(manager, userId, currentToken));
  }

  /** The viewer behind a session token, or null when it is unknown, expired, or its agent may no longer sign in. */
  async viewerFor(token: string, now: Date): Promise<Viewer | null> {
    // A query builder rather than findOne: with a relation, findOne's row limit makes TypeORM read
    // the ids first, a second statement on every request. The token's hash is unique.
    const session = await this.dataSource
      .getRepository(Session)
      .createQueryBuilder("session")
      .innerJoinAndSelect("session.user", "user")
      .where("session.tokenHash = :tokenHash AND session.expiresAt > :now", { tokenHash: hashSessionToken(token), now })
      .getOne();
    const user = session?.user;
    if (!user || user.kind !== UserKind.AGENT || effectiveState(user, now) !== UserState.ACTIVE) return null;
    return this.agentViewer(user, now);
  }

  private async agentViewer(user: User, now: Date): Promise<AgentViewer> {
    return { kind: "agent", user, permissions: await this.roles.effectivePermissions(user, now) };
  }
}
