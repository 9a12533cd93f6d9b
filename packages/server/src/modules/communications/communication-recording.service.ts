/**
 * How other services report what people said (SPEC §6): by person id or by email, creating a
 * not-activated person for an unknown email, recording each `externalId` once even under
 * concurrent calls, and refusing banned and trashed people.
 */
import type { DataSource, EntityManager } from "typeorm";
import { DomainError, ErrorCode, badInput, isUniqueViolation } from "../../common/errors";
import { parseId } from "../../common/ids";
import type { Actor } from "../audit/actor";
import { AuditAction } from "../audit/audit.enums";
import type { AuditService } from "../audit/audit.service";
import { communicationRecorded, type ChangeRecorder } from "../changes/change-recorder";
import { storedText, takenField, type PersonWriter } from "../users/person-writer";
import type { UserLifecycleService } from "../users/user-lifecycle.service";
import { effectiveState } from "../users/user-state";
import { User } from "../users/user.entity";
import { UserKind, UserSource, UserState } from "../users/user.enums";
import { addToSummaries } from "./communication-summaries";
import { Communication } from "./communication.entity";
import { CommunicationKind, ModerationStatus } from "./communication.enums";
import type { ModeratePostArgs, RecordCommunicationInput } from "./dto/record-communication.input";

/** The `source` of a person first met through each kind (surveys come in through the API). */
const sourceOf: Record<CommunicationKind, UserSource> = {
  TICKET: UserSource.TICKET,
  CHAT: UserSource.CHAT,
  CALL: UserSource.CALL,
  SURVEY: UserSource.API,
  POST: UserSource.COMMUNITY,
};

export class CommunicationRecordingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly people: PersonWriter,
    private readonly lifecycle: UserLifecycleService,
    private readonly changes: ChangeRecorder,
  ) {}

  async record(actor: Actor, input: RecordCommunicationInput, now: Date): Promise<Communication> {
    checkKindFields(input);
    const person = await this.personFor(actor, input, now);
    const state = effectiveState(person, now);
    if (state === UserState.BANNED) {
      throw new DomainError(
        ErrorCode.UserBanned,
        `${person.displayName} is banned${person.bannedUntil ? ` until ${person.bannedUntil.toISOString()}` : ""}.`,
        {
          bannedUntil: person.bannedUntil?.toISOString() ?? null,
        },
      );
    }
    if (state === UserState.TRASHED) throw new DomainError(ErrorCode.UserTrashed, `${person.displayName} is in the trash.`);

    const externalId = input.externalId?.trim() || null;
    if (externalId) {
      const existing = await this.byExternalId(input.kind, externalId);
      if (existing) return existing;
    }
    const repository = this.dataSource.getRepository(Communication);
    const communication = repository.create({
      kind: input.kind,
      subject: input.subject?.trim() || null,
      status: input.status?.trim().toLowerCase() || null,
      occurredAt: input.occurredAt ?? now,
      userId: person.id,
      agentId: input.agentId ? await this.agentId(input.agentId) : null,
      externalId,
      durationSeconds: input.durationSeconds ?? null,
      direction: input.direction ?? null,
      rating: input.rating ?? null,
      moderation: input.kind === CommunicationKind.POST ? (input.moderation ?? ModerationStatus.PENDING) : null,
      createdAt: now,
    });
    try {
      return await this.dataSource.transaction(async (manager) => {
        const saved = await manager.save(communication);
        await addToSummaries(manager, [saved.id]);
        await this.changes.record(manager, actor, [communicationRecorded(saved)], now);
        return saved;
      });
    } catch (error) {
      // A concurrent call with the same externalId won the race: answer with its record.
      const winner = externalId && isUniqueViolation(error) ? await this.byExternalId(input.kind, externalId) : null;
      if (winner) return winner;
      throw error;
    }
  }

  async moderatePost(actor: Actor, args: ModeratePostArgs, now: Date): Promise<Communication> {
    const id = parseId(args.id, "id");
    if (args.decision === ModerationStatus.PENDING) throw badInput("decision", "decision must be APPROVED or DECLINED.");
    if (args.banDays !== null && args.banDays !== undefined && args.decision !== ModerationStatus.DECLINED) {
      throw badInput("banDays", "banDays goes only with a DECLINED decision.");
    }
    return this.dataSource.transaction(async (manager) => {
      const post = await manager.findOneBy(Communication, { id });
      if (!post) throw new DomainError(ErrorCode.NotFound, `There is no communication with id ${args.id}.`, { argument: "id" });
      if (post.kind !== CommunicationKind.POST)
        throw badInput("id", `Communication ${args.id} is a ${post.kind.toLowerCase()}, not a community post.`);
      await manager.update(Communication, { id }, { moderation: args.decision });
      await this.audit.record(
        manager,
        actor,
        {
          action: AuditAction.POST_MODERATED,
          targetId: post.userId,
          reason: args.reason ?? null,
          details: { postId: id, decision: args.decision },
        },
        now,
      );
      if (args.banDays !== null && args.banDays !== undefined) {
        await this.lifecycle.ban(
          actor,
          post.userId,
          args.banDays || null,
          args.reason ?? "Community post declined",
          now,
          manager,
        );
      }
      return Object.assign(post, { moderation: args.decision });
    });
  }

  private async personFor(actor: Actor, input: RecordCommunicationInput, now: Date): Promise<User> {
    const users = this.dataSource.getRepository(User);
    if (Boolean(input.userId) === Boolean(input.email)) throw badInput("userId", "Give exactly one of userId and email.");
    if (input.userId) {
      const person = await users.findOneBy({ id: parseId(input.userId, "userId") });
      if (!person)
        throw new DomainError(ErrorCode.NotFound, `There is no person with id ${input.userId}.`, { argument: "userId" });
      return person;
    }
    const email = storedText("email", input.email!)!;
    const known = await users.findOneBy({ email });
    if (known) return known;
    try {
      return await this.dataSource.transaction((manager) => this.createFromEmail(manager, actor, email, input, now));
    } catch (error) {
      // Created meanwhile by a concurrent call for the same new address: the writer found it
      // taken, or the database's unique index refused the second insert.
      const raced = isUniqueViolation(error) || takenField(error) === "email";
      const created = raced ? await users.findOneBy({ email }) : null;
      if (created) return created;
      throw error;
    }
  }

  private async createFromEmail(
    manager: EntityManager,
    actor: Actor,
    email: string,
    input: RecordCommunicationInput,
    now: Date,
  ): Promise<User> {
    return this.people.create(
      manager,
      actor,
      {
        email,
        // A blank name is no name: the writer names the person after their email.
        displayName: input.displayName?.trim() || null,
        kind: UserKind.CUSTOMER,
        state: UserState.NOT_ACTIVATED,
        source: sourceOf[input.kind],
      },
      now,
      { details: { from: input.kind } },
    );
  }

  private byExternalId(kind: CommunicationKind, externalId: string): Promise<Communication | null> {
    return this.dataSource.getRepository(Communication).findOneBy({ kind, externalId });
  }

  private async agentId(id: string): Promise<number> {
    const agentId = parseId(id, "agentId");
    const agent = await this.dataSource.getRepository(User).findOneBy({ id: agentId });
    if (agent?.kind !== UserKind.AGENT) throw badInput("agentId", `agentId: ${id} is not an agent.`);
    return agentId;
  }
}

/** Fields that belong to one kind are refused on the others, so a typo in a service is caught. */
function checkKindFields(input: RecordCommunicationInput): void {
  const misplaced: [keyof RecordCommunicationInput, CommunicationKind[]][] = [
    ["rating", [CommunicationKind.SURVEY]],
    ["direction", [CommunicationKind.CALL]],
    ["durationSeconds", [CommunicationKind.CALL, CommunicationKind.CHAT]],
    ["moderation", [CommunicationKind.POST]],
  ];
  for (const [field, kinds] of misplaced) {
    if (input[field] !== null && input[field] !== undefined && !kinds.includes(input.kind)) {
      throw badInput(field, `${field} applies to ${kinds.map((kind) => kind.toLowerCase() + "s").join(" and ")} only.`);
    }
  }
}
