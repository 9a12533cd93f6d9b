/**
 * Every change of a person's account: creation, edits, registration, and the state transitions
 * of SPEC §3.1. Each is one transaction with its audit event (and its email, through the
 * outbox), so a change and its record commit together or not at all.
 */
import { randomBytes } from "node:crypto";
import { In, type DataSource, type EntityManager } from "typeorm";
import { DomainError, ErrorCode, badInput } from "../../common/errors";
import { parseId } from "../../common/ids";
import { writeLock } from "../../database/data-source";
import type { Actor } from "../audit/actor";
import { AuditAction, ActorType } from "../audit/audit.enums";
import type { AuditService } from "../audit/audit.service";
import { personChange, type ChangeRecorder } from "../changes/change-recorder";
import { ChangeType } from "../changes/change.enums";
import { hashPassword, verifyPassword } from "../auth/password";
import { checkNewPassword } from "../auth/password-policy";
import type { CredentialThrottle } from "../auth/credential-throttle";
import { accountKey, notifyLock } from "../auth/lock-notice";
import { peekToken } from "../auth/token-check";
import { endSessions } from "../auth/sessions";
import type { MailService } from "../mail/mail.service";
import type { TokenService } from "../tokens/token.service";
import { TokenPurpose } from "../tokens/token-purpose";
import {
  confirmRegistrationEmail,
  invitationEmail,
  passwordResetEmail,
  registrationEmail,
  verificationEmail,
  type AccountEmail,
} from "./account-emails";
import type { InviteAgentInput } from "./dto/invite-agent.input";
import type { CreateUserInput, RegisterUserInput, UpdateUserInput } from "./dto/user.inputs";
import { rolesChanged } from "./person-changes";
import {
  sameValue,
  staleVersion,
  storedText,
  type PersonEvent,
  type PersonPatch,
  type PersonUpdate,
  type PersonWriter,
} from "./person-writer";
import { assertAdministratorRemains, dropRolesOfOtherKind } from "../roles/role-membership";
import { checkTransition, UserTransition } from "./user-lifecycle";
import { effectiveState } from "./user-state";
import { User } from "./user.entity";
import { UserKind, UserSource, UserState } from "./user.enums";

const SET_PASSWORD_HOURS = 72;
const CONFIRM_EMAIL_HOURS = 48;
const INVITATION_HOURS = 72;
const PASSWORD_RESET_HOURS = 1;
/** Every link that sets a password opens the same page (and the `setPassword` mutation). */
const PASSWORD_LINKS = [TokenPurpose.SET_PASSWORD, TokenPurpose.INVITATION, TokenPurpose.PASSWORD_RESET] as const;
const DAY = 86_400_000;

type StatePatch = Partial<
  Pick<User, "state" | "bannedUntil" | "banReason" | "stateBeforeBan" | "stateBeforeTrash" | "emailVerifiedAt" | "passwordHash">
>;

/** What a transition does to one person, decided from the person as locked. */
interface TransitionPlan {
  patch: StatePatch;
  action: AuditAction;
  reason?: string | null;
  details?: Record<string, unknown>;
  extra?: PersonPatch;
  after?: (user: User) => Promise<void>;
}

/** The transitions whose plan reads nothing but the person: a bulk job applies them a batch at a time. */
export type BatchTransition = UserTransition.BAN | UserTransition.UNBAN | UserTransition.TRASH | UserTransition.RESTORE;

export interface BanTerms {
  days?: number | null;
  reason?: string | null;
}

/** What `transitionMany` did with one person; `alone`: apply it with the single-person operation. */
export type BatchOutcome = { done: true } | { refused: DomainError } | { alone: true };

/** The plan of each batchable transition, the single operations' and `transitionMany`'s alike. */
function planOf(
  transition: BatchTransition,
  { days, reason }: BanTerms,
  now: Date,
): (person: User, from: UserState) => TransitionPlan {
  switch (transition) {
    case UserTransition.BAN:
      return (person, from) => {
        const bannedUntil = days ? new Date(now.getTime() + days * DAY) : null;
        const banReason = reason?.trim() || null;
        // The same ban again changes nothing: no second event (a bulk job counts it skipped).
        if (from === UserState.BANNED && sameValue(person.bannedUntil, bannedUntil) && person.banReason === banReason) {
          throw new DomainError(ErrorCode.InvalidTransition, `${person.displayName} is already banned so.`, {
            transition: UserTransition.BAN,
          });
        }
        return {
          patch: {
            state: UserState.BANNED,
            bannedUntil,
            banReason,
            // Changing a ban keeps what the first ban interrupted.
            stateBeforeBan: from === UserState.BANNED ? person.stateBeforeBan : from,
          },
          action: AuditAction.USER_BANNED,
          reason: banReason,
          details: { days: days ?? null },
        };
      };
    case UserTransition.UNBAN:
      return (person) => ({
        patch: { state: person.stateBeforeBan ?? UserState.ACTIVE, bannedUntil: null, banReason: null, stateBeforeBan: null },
        action: AuditAction.USER_UNBANNED,
      });
    case UserTransition.TRASH:
      return (person) => ({
        // The stored state, ban end included: a ban that ends while in the trash has ended on restore.
        patch: { state: UserState.TRASHED, stateBeforeTrash: person.state },
        action: AuditAction.USER_TRASHED,
      });
    case UserTransition.RESTORE:
      return (person) => ({
        patch: { state: person.stateBeforeTrash ?? UserState.ACTIVE, stateBeforeTrash: null },
        action: AuditAction.USER_RESTORED,
      });
  }
}

/** The state machine's check, and no agent changes the state of their own account. */
function checkAllowed(actor: Actor, user: User, transition: UserTransition, from: UserState): void {
  checkTransition(transition, from, user.displayName);
  if (actor.type === ActorType.AGENT && actor.id === user.id && transition !== UserTransition.SEND_VERIFICATION_EMAIL) {
    throw new DomainError(ErrorCode.InvalidTransition, "You cannot change the state of your own account.", { transition });
  }
}

/** An agent leaving ACTIVE may be the last one able to manage roles. */
function leavesActive(user: User, from: UserState, patch: StatePatch): boolean {
  return user.kind === UserKind.AGENT && from === UserState.ACTIVE && (patch.state ?? from) !== UserState.ACTIVE;
}

/** The audit event of a planned transition, the same for one person and for a batch. */
function eventOf({ action, patch, reason, details }: TransitionPlan, from: UserState): PersonEvent {
  return { action, fromState: from, toState: patch.state ?? from, reason, details };
}

function notFound(id: number): DomainError {
  return new DomainError(ErrorCode.NotFound, `There is no person with id ${id}.`, { argument: "id" });
}

export interface LifecycleSettings {
  publicUrl: string;
}

export class UserLifecycleService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly people: PersonWriter,
    private readonly changes: ChangeRecorder,
    private readonly mail: MailService,
    private readonly tokens: TokenService,
    private readonly settings: LifecycleSettings,
    private readonly throttle: CredentialThrottle,
  ) {}

  async create(actor: Actor, input: CreateUserInput, now: Date, within?: EntityManager): Promise<User> {
    // Without an organization, the writer gives the one of the email's domain.
    const organizationId = input.organizationId ? parseId(input.organizationId, "organizationId") : undefined;
    return this.inTransaction(
      (manager) =>
        this.people.create(
          manager,
          actor,
          {
            email: input.email ?? null,
            username: input.username ?? null,
            displayName: input.displayName,
            phone: input.phone ?? null,
            timezone: input.timezone ?? null,
            locale: input.locale ?? null,
            kind: input.kind,
            state: UserState.ACTIVE,
            source: UserSource.AGENT,
            organizationId,
            attributes: input.attributes ?? [],
          },
          now,
        ),
      within,
    );
  }

  /** An edit based on `version`; a person changed since is refused with CONFLICT, never merged. */
  async update(
    actor: Actor,
    id: number,
    version: number,
    input: UpdateUserInput,
    now: Date,
    within?: EntityManager,
  ): Promise<User> {
    const changes: PersonPatch = {
      // A null name leaves it as it is; the others' null clears them.
      displayName: input.displayName ?? undefined,
      kind: input.kind ?? undefined,
      email: input.email,
      username: input.username,
      phone: input.phone,
      timezone: input.timezone,
      locale: input.locale,
      organizationId:
        input.organizationId === undefined || input.organizationId === null
          ? input.organizationId
          : parseId(input.organizationId, "organizationId"),
    };
    return this.inTransaction(async (manager) => {
      const user = await this.load(manager, id);
      if (user.version !== version) throw staleVersion(user);
      const from = user.kind;
      const updated = await this.people.update(manager, actor, user, changes, now, { attributes: input.attributes ?? [] });
      if (updated.kind !== from) await this.changeKindRoles(manager, actor, updated, from, now);
      return updated;
    }, within);
  }

  /**
   * A customer made an agent or the reverse: their explicit roles of the other kind no longer
   * apply and go (recorded as a role change), and an agent who was the last one able to manage
   * roles cannot stop being one.
   */
  private async changeKindRoles(manager: EntityManager, actor: Actor, user: User, from: UserKind, now: Date): Promise<void> {
    const removed = await dropRolesOfOtherKind(manager, user.id, user.kind);
    if (removed.length) {
      await this.audit.record(
        manager,
        actor,
        { action: AuditAction.ROLES_ASSIGNED, targetId: user.id, details: { removed, reason: `kind changed from ${from}` } },
        now,
      );
      await this.changes.record(manager, actor, [rolesChanged(user.id, [], removed)], now);
    }
    if (from === UserKind.AGENT) await assertAdministratorRemains(manager, now);
  }

  /**
   * Help-center registration. Someone already known from a ticket or chat (not activated, no
   * password) registers into their existing record rather than a duplicate.
   */
  async register(actor: Actor, input: RegisterUserInput, now: Date): Promise<User> {
    if (input.password) {
      const email = storedText("email", input.email) ?? null;
      checkNewPassword("password", input.password, { email, username: input.username?.trim() || null });
    }
    // Hashed before the transaction opens: on the embedded database every other request waits
    // for an open transaction, and scrypt takes most of a second.
    // Without a password the account gets one nobody knows; the emailed link replaces it.
    const passwordHash = await hashPassword(input.password || randomBytes(24).toString("base64url"));
    const user = await this.inTransaction(async (manager) => {
      const emails: AccountEmail[] = [];
      const email = storedText("email", input.email)!;
      let user = await manager.findOne(User, { where: { email }, lock: writeLock(this.dataSource) });
      if (user && (user.state !== UserState.NOT_ACTIVATED || user.passwordHash)) {
        throw new DomainError(ErrorCode.Conflict, `${email} is already registered.`, { argument: "email" });
      }
      const withPassword = Boolean(input.password);
      const patch = {
        displayName: input.displayName?.trim() || user?.displayName || email.split("@")[0],
        username: input.username?.trim() || user?.username || (await this.people.freeUsername(manager, email)),
        passwordHash,
        state: withPassword ? UserState.NOT_ACTIVATED : UserState.ACTIVE,
      };
      const fromState = user ? UserState.NOT_ACTIVATED : null;
      const event = { action: AuditAction.USER_REGISTERED, fromState, toState: patch.state };
      user = user
        ? await this.people.update(manager, actor, user, patch, now, { event })
        : await this.people.create(
            manager,
            actor,
            { ...patch, email, kind: UserKind.CUSTOMER, source: UserSource.REGISTRATION },
            now,
            event,
          );
      if (withPassword) {
        const token = await this.tokens.issue(manager, user.id, TokenPurpose.CONFIRM_EMAIL, CONFIRM_EMAIL_HOURS, now);
        emails.push(confirmRegistrationEmail(user, this.link("confirm-email", token)));
      } else {
        const token = await this.tokens.issue(manager, user.id, TokenPurpose.SET_PASSWORD, SET_PASSWORD_HOURS, now);
        emails.push(registrationEmail(user, this.link("set-password", token)));
      }
      await this.queue(manager, user, emails, "REGISTRATION", now);
      return user;
    });
    this.mail.notify();
    return user;
  }

  /** Activation by an agent: the registration email carries the username and a set-password link. */
  async activate(actor: Actor, id: number, now: Date, within?: EntityManager): Promise<User> {
    const user = await this.transition(
      actor,
      id,
      UserTransition.ACTIVATE,
      now,
      async (person, _from, manager) => {
        if (!person.email) throw badInput("id", `${person.displayName} has no email address to send the activation link to.`);
        const username = person.username ?? (await this.people.freeUsername(manager, person.email));
        return {
          patch: { state: UserState.ACTIVE },
          extra: { username },
          action: AuditAction.USER_ACTIVATED,
          after: async (activated: User) => {
            const token = await this.tokens.issue(manager, activated.id, TokenPurpose.SET_PASSWORD, SET_PASSWORD_HOURS, now);
            await this.queue(
              manager,
              activated,
              [registrationEmail(activated, this.link("set-password", token))],
              "ACTIVATION",
              now,
            );
          },
        };
      },
      within,
    );
    // Inside a caller's transaction (a bulk job's batch) the caller wakes the sender after its commit.
    if (!within) this.mail.notify();
    return user;
  }

  /**
   * `within`, here and below: a caller's transaction to join (declining a post bans its author
   * in the same one; a bulk job changes a batch of people in one).
   */
  ban(
    actor: Actor,
    id: number,
    days: number | null | undefined,
    reason: string | null | undefined,
    now: Date,
    within?: EntityManager,
  ): Promise<User> {
    return this.transition(actor, id, UserTransition.BAN, now, planOf(UserTransition.BAN, { days, reason }, now), within);
  }

  unban(actor: Actor, id: number, now: Date, within?: EntityManager): Promise<User> {
    return this.transition(actor, id, UserTransition.UNBAN, now, planOf(UserTransition.UNBAN, {}, now), within);
  }

  trash(actor: Actor, id: number, now: Date, within?: EntityManager): Promise<User> {
    return this.transition(actor, id, UserTransition.TRASH, now, planOf(UserTransition.TRASH, {}, now), within);
  }

  restore(actor: Actor, id: number, now: Date, within?: EntityManager): Promise<User> {
    return this.transition(actor, id, UserTransition.RESTORE, now, planOf(UserTransition.RESTORE, {}, now), within);
  }

  /**
   * One of the four transitions above for a batch of people, in the caller's transaction (a
   * bulk job's batch): their rows locked in one statement, each person checked and planned
   * exactly as the single operation does, and the changed ones written with their audit and
   * change events in one statement each, instead of five statements and a savepoint per person.
   * An agent leaving ACTIVE is not written here but answered `alone`: the single operation
   * checks that an administrator remains, and its refusal must undo that person only.
   */
  async transitionMany(
    actor: Actor,
    transition: BatchTransition,
    ids: readonly number[],
    terms: BanTerms,
    now: Date,
    manager: EntityManager,
  ): Promise<Map<number, BatchOutcome>> {
    const plan = planOf(transition, terms, now);
    const outcomes = new Map<number, BatchOutcome>(ids.map((id) => [id, { refused: notFound(id) }]));
    const people = await manager.find(User, {
      where: { id: In([...ids]) },
      order: { id: "ASC" },
      lock: writeLock(this.dataSource),
    });
    const updates: PersonUpdate[] = [];
    for (const person of people) {
      const from = effectiveState(person, now);
      try {
        checkAllowed(actor, person, transition, from);
        const planned = plan(person, from);
        if (leavesActive(person, from, planned.patch)) {
          outcomes.set(person.id, { alone: true });
          continue;
        }
        updates.push({ user: person, changes: planned.patch, event: eventOf(planned, from) });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        outcomes.set(person.id, { refused: error });
      }
    }
    const { written, stale } = await this.people.updateMany(manager, actor, updates, now);
    for (const { user } of written) outcomes.set(user.id, { done: true });
    for (const { update, current } of stale) {
      outcomes.set(update.user.id, { refused: current ? staleVersion(current) : notFound(update.user.id) });
    }
    return outcomes;
  }

  /** Deletes a person from the trash for good, with their communications (by foreign key). */
  async delete(actor: Actor, id: number, now: Date, within?: EntityManager): Promise<void> {
    await this.inTransaction(async (manager) => {
      const user = await this.load(manager, id);
      checkTransition(UserTransition.DELETE, effectiveState(user, now), user.displayName);
      await manager.delete(User, { id });
      await this.audit.record(
        manager,
        actor,
        {
          action: AuditAction.USER_DELETED,
          targetId: id,
          fromState: UserState.TRASHED,
          details: { displayName: user.displayName, email: user.email },
        },
        now,
      );
      await this.changes.record(manager, actor, [personChange(ChangeType.PERSON_DELETED, id)], now);
    }, within);
  }

  async sendVerificationEmail(actor: Actor, id: number, now: Date, within?: EntityManager): Promise<void> {
    await this.inTransaction(async (manager) => {
      const user = await this.load(manager, id);
      checkTransition(UserTransition.SEND_VERIFICATION_EMAIL, effectiveState(user, now), user.displayName);
      if (!user.email) throw badInput("id", `${user.displayName} has no email address to verify.`);
      if (user.emailVerifiedAt) {
        throw new DomainError(ErrorCode.InvalidTransition, `${user.displayName}'s email address is already verified.`, {
          transition: UserTransition.SEND_VERIFICATION_EMAIL,
        });
      }
      const token = await this.tokens.issue(manager, user.id, TokenPurpose.CONFIRM_EMAIL, CONFIRM_EMAIL_HOURS, now);
      await this.queue(manager, user, [verificationEmail(user, this.link("confirm-email", token))], "VERIFICATION", now);
      await this.audit.record(
        manager,
        actor,
        { action: AuditAction.VERIFICATION_EMAIL_SENT, targetId: id, details: { to: user.email } },
        now,
      );
    }, within);
    // Inside a caller's transaction (a bulk job's batch) the caller wakes the sender after its commit.
    if (!within) this.mail.notify();
  }

  /**
   * Confirms an email address from its link. A registration with a password waits for exactly
   * this: it activates the account too.
   */
  async confirmEmail(token: string, now: Date, address?: string): Promise<User> {
    // Throttled per address: a token names no account until it is found.
    const attempt = await this.throttle.begin(null, address);
    const confirmed = await this.inTransaction(async (manager) => {
      const userId = await this.tokens.consume(manager, token, TokenPurpose.CONFIRM_EMAIL, now);
      const user = await this.load(manager, userId);
      const from = effectiveState(user, now);
      const activates = from === UserState.NOT_ACTIVATED && user.passwordHash !== null;
      const patch: StatePatch = { emailVerifiedAt: now, ...(activates ? { state: UserState.ACTIVE } : {}) };
      return this.people.update(manager, personActor(user), user, patch, now, {
        event: { action: AuditAction.EMAIL_CONFIRMED, ...(activates ? { fromState: from, toState: UserState.ACTIVE } : {}) },
      });
    }).catch(async (error: unknown) => {
      if (error instanceof DomainError && error.code === ErrorCode.InvalidToken) await attempt.failed();
      throw error;
    });
    await attempt.succeeded();
    return confirmed;
  }

  /**
   * Sets the password from an emailed link: a registration's, an invitation's (which activates
   * the agent) or a reset's. `purposes` narrows which links are taken. Every session of the
   * person ends: whoever held them may have known the old password.
   */
  async setPassword(
    token: string,
    password: string,
    now: Date,
    purposes: readonly TokenPurpose[] = PASSWORD_LINKS,
    address?: string,
  ): Promise<User> {
    // The token first, by a plain read: a forged one is refused before any hashing (most of a
    // second of CPU), whatever the password; the redemption below checks it again, atomically.
    const attempt = await this.throttle.begin(null, address);
    const holder = await peekToken(this.dataSource.manager, token, purposes, now);
    if (!holder) {
      await attempt.failed();
      throw new DomainError(ErrorCode.InvalidToken, "This link is invalid, already used, or expired. Ask for a new one.");
    }
    await attempt.succeeded();
    checkNewPassword("password", password, holder);
    const passwordHash = await hashPassword(password);
    return this.inTransaction(async (manager) => {
      const { userId, purpose } = await this.tokens.redeem(manager, token, purposes, now);
      const user = await this.load(manager, userId);
      checkNewPassword("password", password, user);
      const from = effectiveState(user, now);
      const accepts = purpose === TokenPurpose.INVITATION && from === UserState.NOT_ACTIVATED;
      const event = accepts
        ? { action: AuditAction.INVITATION_ACCEPTED, fromState: from, toState: UserState.ACTIVE }
        : { action: purpose === TokenPurpose.PASSWORD_RESET ? AuditAction.PASSWORD_RESET : AuditAction.PASSWORD_SET };
      const patch: StatePatch = { passwordHash, ...(accepts ? { state: UserState.ACTIVE } : {}) };
      const updated = await this.people.update(manager, personActor(user), user, patch, now, { event });
      // A reset link is single-use, and so is the set of them: an older one left unused dies too.
      await this.tokens.revoke(manager, user.id, TokenPurpose.PASSWORD_RESET, now);
      await endSessions(manager, user.id);
      return updated;
    });
  }

  /**
   * An agent invited by email: NOT_ACTIVATED, source AGENT, with a single-use link to set a
   * password that activates the account. `assignRoles` runs in the same transaction (the roles
   * module's `assign`, joined through its `within`).
   */
  async invite(
    actor: Actor,
    input: InviteAgentInput,
    now: Date,
    assignRoles?: (manager: EntityManager, user: User) => Promise<unknown>,
  ): Promise<User> {
    const user = await this.inTransaction(async (manager) => {
      const email = storedText("email", input.email)!;
      const user = await this.people.create(
        manager,
        actor,
        {
          email,
          displayName: input.displayName?.trim() || email.split("@")[0],
          kind: UserKind.AGENT,
          state: UserState.NOT_ACTIVATED,
          source: UserSource.AGENT,
        },
        now,
        { action: AuditAction.AGENT_INVITED, toState: UserState.NOT_ACTIVATED },
      );
      await assignRoles?.(manager, user);
      await this.sendInvitation(manager, user, now);
      return user;
    });
    this.mail.notify();
    return user;
  }

  /** A fresh invitation link for an agent who has not accepted yet; the earlier links stop working. */
  async resendInvitation(actor: Actor, id: number, now: Date): Promise<User> {
    const user = await this.inTransaction(async (manager) => {
      const user = await this.load(manager, id);
      if (user.kind !== UserKind.AGENT) throw badInput("id", `${user.displayName} is not an agent: only agents are invited.`);
      const state = effectiveState(user, now);
      if (state !== UserState.NOT_ACTIVATED || user.passwordHash) {
        throw new DomainError(
          ErrorCode.InvalidTransition,
          `${user.displayName} is ${state.toLowerCase().replace("_", " ")}${user.passwordHash ? " with a password" : ""}: there is no invitation to resend.`,
          { argument: "id", state },
        );
      }
      if (!user.email) throw badInput("id", `${user.displayName} has no email address to send the invitation to.`);
      await this.tokens.revoke(manager, user.id, TokenPurpose.INVITATION, now);
      await this.sendInvitation(manager, user, now);
      await this.audit.record(
        manager,
        actor,
        { action: AuditAction.INVITATION_RESENT, targetId: id, details: { to: user.email } },
        now,
      );
      return user;
    });
    this.mail.notify();
    return user;
  }

  /**
   * Emails a reset link when the address belongs to someone who may sign in with a password
   * (active, with one); does nothing otherwise. The caller answers the same either way.
   */
  async requestPasswordReset(email: string, now: Date): Promise<void> {
    const address = storedText("email", email);
    if (!address) return;
    const sent = await this.inTransaction(async (manager) => {
      const user = await manager.findOne(User, { where: { email: address }, lock: writeLock(this.dataSource) });
      if (!user?.email || !user.passwordHash || effectiveState(user, now) !== UserState.ACTIVE) return false;
      // One live reset link at a time: asking again replaces it.
      await this.tokens.revoke(manager, user.id, TokenPurpose.PASSWORD_RESET, now);
      const token = await this.tokens.issue(manager, user.id, TokenPurpose.PASSWORD_RESET, PASSWORD_RESET_HOURS, now);
      await this.queue(manager, user, [passwordResetEmail(user, this.link("set-password", token))], "PASSWORD_RESET", now);
      await this.audit.record(
        manager,
        personActor(user),
        { action: AuditAction.PASSWORD_RESET_REQUESTED, targetId: user.id, details: { to: user.email } },
        now,
      );
      return true;
    });
    if (sent) this.mail.notify();
  }

  /**
   * The signed-in agent's own change: the current password first. Every other session ends;
   * `keepSession` (the one asking) stays.
   */
  async changePassword(
    actor: Actor,
    userId: number,
    currentPassword: string,
    newPassword: string,
    keepSession: string | undefined,
    now: Date,
    { address }: { address?: string } = {},
  ): Promise<User> {
    const before = await this.dataSource.getRepository(User).findOneBy({ id: userId });
    if (!before) throw new DomainError(ErrorCode.NotFound, `There is no person with id ${userId}.`);
    // The current password is a credential like a sign-in's: its failures count to the same lock.
    const attempt = await this.throttle.begin(accountKey(before, ""), address);
    const matches = before.passwordHash !== null && (await verifyPassword(currentPassword, before.passwordHash));
    if (!matches) {
      await attempt.failed((lockSeconds) => notifyLock(this.dataSource, this.mail, before, lockSeconds, now));
      throw badInput("currentPassword", "currentPassword is not your current password.");
    }
    await attempt.succeeded();
    checkNewPassword("newPassword", newPassword, before);
    if (newPassword === currentPassword) throw badInput("newPassword", "newPassword must differ from the current one.");
    const passwordHash = await hashPassword(newPassword);
    return this.inTransaction(async (manager) => {
      const user = await this.load(manager, userId);
      if (user.passwordHash !== before.passwordHash) {
        throw new DomainError(ErrorCode.Conflict, "Your password was changed meanwhile; sign in again.", {
          argument: "currentPassword",
        });
      }
      const updated = await this.people.update(manager, actor, user, { passwordHash }, now, {
        event: { action: AuditAction.PASSWORD_CHANGED },
      });
      await this.tokens.revoke(manager, user.id, TokenPurpose.PASSWORD_RESET, now);
      await endSessions(manager, user.id, keepSession);
      return updated;
    });
  }

  private async sendInvitation(manager: EntityManager, user: User, now: Date): Promise<void> {
    const token = await this.tokens.issue(manager, user.id, TokenPurpose.INVITATION, INVITATION_HOURS, now);
    await this.queue(
      manager,
      user,
      [invitationEmail(user, this.link("set-password", token), INVITATION_HOURS)],
      "INVITATION",
      now,
    );
  }

  /**
   * The shape of every state transition: load and lock the person, check the table against the
   * state as read now, write the change with its audit event, then anything that must commit
   * with it (a token and its email).
   */
  private transition(
    actor: Actor,
    id: number,
    transition: UserTransition,
    now: Date,
    plan: (person: User, from: UserState, manager: EntityManager) => TransitionPlan | Promise<TransitionPlan>,
    within?: EntityManager,
  ): Promise<User> {
    return this.inTransaction(async (manager) => {
      const user = await this.load(manager, id);
      const from = effectiveState(user, now);
      checkAllowed(actor, user, transition, from);
      const planned = await plan(user, from, manager);
      const { patch, extra, after } = planned;
      const updated = await this.people.update(manager, actor, user, { ...patch, ...extra }, now, {
        event: eventOf(planned, from),
      });
      if (leavesActive(user, from, patch)) await assertAdministratorRemains(manager, now);
      await after?.(updated);
      return updated;
    }, within);
  }

  private inTransaction<T>(work: (manager: EntityManager) => Promise<T>, within?: EntityManager): Promise<T> {
    return within ? work(within) : this.dataSource.transaction(work);
  }

  private async load(manager: EntityManager, id: number): Promise<User> {
    const user = await manager.findOne(User, { where: { id }, lock: writeLock(this.dataSource) });
    if (!user) throw notFound(id);
    return user;
  }

  private async queue(manager: EntityManager, user: User, emails: AccountEmail[], purpose: string, now: Date): Promise<void> {
    for (const email of emails) {
      await this.mail.enqueue(
        manager,
        { to: user.email!, subject: email.subject, text: email.text, purpose, userId: user.id },
        now,
      );
    }
  }

  private link(page: "confirm-email" | "set-password", token: string): string {
    return `${this.settings.publicUrl}/account/${page}?token=${encodeURIComponent(token)}`;
  }
}

function personActor(user: User): Actor {
  return { type: ActorType.USER, id: user.id, name: user.displayName };
}
