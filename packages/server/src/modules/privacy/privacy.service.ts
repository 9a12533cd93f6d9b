/**
 * Answering a person's data-protection requests: everything Roster holds about them, as one
 * JSON document; and erasure, which anonymizes the person and the personal data in their
 * communications while keeping the counts (their tickets still happened). Erasure is one
 * transaction with its audit event, and cannot be undone.
 */
import type { DataSource, EntityManager } from "typeorm";
import { DomainError, ErrorCode } from "../../common/errors";
import { writeLock } from "../../database/data-source";
import { ApiKey } from "../api-keys/api-key.entity";
import { UserAttribute } from "../attributes/custom-attribute.entity";
import type { Actor } from "../audit/actor";
import { AuditEvent } from "../audit/audit-event.entity";
import { AuditAction, AuditTarget } from "../audit/audit.enums";
import { Session } from "../auth/session.entity";
import { Communication } from "../communications/communication.entity";
import { OutboxMessage } from "../mail/outbox-message.entity";
import { Organization } from "../organizations/organization.entity";
import type { RoleService } from "../roles/role.service";
import { Segment } from "../segments/segment.entity";
import { UserToken } from "../tokens/user-token.entity";
import type { PersonWriter } from "../users/person-writer";
import { effectiveState } from "../users/user-state";
import { User } from "../users/user.entity";
import { UserKind } from "../users/user.enums";

/** What a person's record holds, minus the password hash (a secret, not data about them). */
function personOf(user: User, now: Date): Record<string, unknown> {
  const { passwordHash: _secret, ...fields } = user;
  return { ...fields, state: effectiveState(user, now) };
}

export class PrivacyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly people: PersonWriter,
    private readonly roles: RoleService,
  ) {}

  async exportPersonalData(id: number, now: Date): Promise<Record<string, unknown>> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id });
    if (!user) throw new DomainError(ErrorCode.NotFound, `There is no person with id ${id}.`, { argument: "userId" });
    const where = { userId: id };
    const [organization, roles, attributes, communications, history, segments, apiKeys, emails] = await Promise.all([
      user.organizationId === null ? null : this.dataSource.getRepository(Organization).findOneBy({ id: user.organizationId }),
      this.roles.rolesOf([user], now),
      this.dataSource.getRepository(UserAttribute).find({ where, order: { name: "ASC" } }),
      this.dataSource.getRepository(Communication).find({ where, order: { occurredAt: "ASC", id: "ASC" } }),
      this.dataSource
        .getRepository(AuditEvent)
        .find({ where: { targetType: AuditTarget.USER, targetId: id }, order: { occurredAt: "ASC", id: "ASC" } }),
      this.dataSource.getRepository(Segment).find({ where: { ownerId: id }, order: { name: "ASC" } }),
      this.dataSource.getRepository(ApiKey).find({ where: { createdById: id }, order: { createdAt: "ASC" } }),
      this.dataSource.getRepository(OutboxMessage).find({ where, order: { createdAt: "ASC" } }),
    ]);
    return {
      exportedAt: now.toISOString(),
      person: personOf(user, now),
      organization: organization && { id: organization.id, name: organization.name },
      roles: roles[0].map((role) => role.name),
      attributes: attributes.map(({ name, type, value }) => ({ name, type, value })),
      communications: communications.map(({ user: _user, agent: _agent, ...communication }) => communication),
      accountHistory: history.map(({ action, actorType, actorName, fromState, toState, reason, occurredAt }) => ({
        action,
        actorType,
        actorName,
        fromState,
        toState,
        reason,
        occurredAt,
      })),
      emailsSent: emails.map(({ toAddress, subject, status, createdAt }) => ({ toAddress, subject, status, createdAt })),
      segmentsOwned: segments.map(({ name, query, shared }) => ({ name, query, shared })),
      apiKeysCreated: apiKeys.map(({ name, prefix, createdAt, revokedAt }) => ({ name, prefix, createdAt, revokedAt })),
    };
  }

  /** Anonymizes a customer for good. Their communications stay, without their words. */
  async erase(actor: Actor, id: number, now: Date): Promise<User> {
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.findOne(User, { where: { id }, lock: writeLock(this.dataSource) });
      if (!user) throw new DomainError(ErrorCode.NotFound, `There is no person with id ${id}.`, { argument: "userId" });
      if (user.kind === UserKind.AGENT) {
        throw new DomainError(
          ErrorCode.InvalidTransition,
          "Agents are not erased: move the agent to the trash and delete them instead.",
        );
      }
      if (await this.wasErased(manager, id)) {
        throw new DomainError(ErrorCode.InvalidTransition, `Person ${id} was already erased.`);
      }
      // The erasure's own event has no details to clear (below).
      const erased = await this.people.update(
        manager,
        actor,
        user,
        {
          displayName: `Erased person ${id}`,
          email: null,
          username: null,
          phone: null,
          timezone: null,
          locale: null,
          passwordHash: null,
          banReason: null,
        },
        now,
        { clearAttributes: true, event: { action: AuditAction.USER_ERASED } },
      );
      await manager.delete(Session, { userId: id });
      await manager.delete(UserToken, { userId: id });
      await manager.delete(OutboxMessage, { userId: id });
      // What they wrote goes; that they wrote, when, and how they rated us stays in the counts.
      await manager.update(Communication, { userId: id }, { subject: null });
      await manager.update(AuditEvent, { targetType: AuditTarget.USER, targetId: id }, { details: null });
      return erased;
    });
  }

  private async wasErased(manager: EntityManager, id: number): Promise<boolean> {
    return (
      (await manager.count(AuditEvent, {
        where: { targetType: AuditTarget.USER, targetId: id, action: AuditAction.USER_ERASED },
      })) > 0
    );
  }
}
