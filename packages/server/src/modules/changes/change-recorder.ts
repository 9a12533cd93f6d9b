/**
 * The one way a change reaches the feed: each writer (people, roles, organizations,
 * communications) records its changes through the caller's transaction, so a change and its
 * event commit together or not at all. Payloads hold ids, states and changed field names only,
 * never a person's data, so the feed never has to forget anyone (see README, "Change feed").
 */
import type { EntityManager } from "typeorm";
import { insertMany } from "../../database/sql";
import type { Actor } from "../audit/actor";
import { ChangeEvent } from "./change-event.entity";
import { ChangeSubject, ChangeType } from "./change.enums";

export interface ChangeEntry {
  type: ChangeType;
  subjectType: ChangeSubject;
  subjectId: number;
  /** The person concerned; a person's own events default to the subject. */
  personId?: number | null;
  /** The payload's `data`; `id` (the subject's, as a GraphQL ID) is added first. */
  data?: Record<string, unknown>;
}

export class ChangeRecorder {
  /** Records the entries in one statement (a chunk of rows at a time) through the caller's transaction. */
  async record(manager: EntityManager, actor: Actor, entries: readonly ChangeEntry[], now: Date): Promise<void> {
    if (entries.length === 0) return;
    await insertMany(
      manager,
      ChangeEvent,
      entries.map((entry) => ({
        position: null,
        type: entry.type,
        subjectType: entry.subjectType,
        subjectId: entry.subjectId,
        personId:
          entry.personId !== undefined ? entry.personId : entry.subjectType === ChangeSubject.PERSON ? entry.subjectId : null,
        data: JSON.stringify({ id: String(entry.subjectId), ...entry.data }),
        occurredAt: now,
        actorType: actor.type,
        actorId: actor.id,
      })),
    );
  }
}

/** A person's change (`data` beside the person's id). */
export function personChange(type: ChangeType, personId: number, data?: Record<string, unknown>): ChangeEntry {
  return { type, subjectType: ChangeSubject.PERSON, subjectId: personId, data };
}

/** An organization's change. */
export function organizationChange(type: ChangeType, organizationId: number, data?: Record<string, unknown>): ChangeEntry {
  return { type, subjectType: ChangeSubject.ORGANIZATION, subjectId: organizationId, data };
}

/** An id as the API spells it, or null. */
export function idText(id: number | null | undefined): string | null {
  return id === null || id === undefined ? null : String(id);
}

/** A communication recorded on a person (its kind; never its subject). */
export function communicationRecorded(communication: { id: number; kind: string; userId: number }): ChangeEntry {
  return {
    type: ChangeType.COMMUNICATION_RECORDED,
    subjectType: ChangeSubject.COMMUNICATION,
    subjectId: communication.id,
    personId: communication.userId,
    data: { kind: communication.kind, userId: String(communication.userId) },
  };
}
