/**
 * What a write of a person means in the change feed (modules/changes): the person writer calls
 * these with what it wrote. Only ids, states and field names go in: never a person's data.
 */
import { AuditAction } from "../audit/audit.enums";
import { idText, personChange, type ChangeEntry } from "../changes/change-recorder";
import { ChangeType } from "../changes/change.enums";
import type { AttributeValue, PersonEvent, PersonPatch } from "./person-writer";
import type { User } from "./user.entity";
import type { UserState } from "./user.enums";

/**
 * Columns that are no field of the person to the outside: a secret and the state machine's
 * memory (stateBeforeBan/Trash). The state and the organization have events of their own.
 */
const NOT_UPDATED_FIELDS = new Set(["passwordHash", "stateBeforeBan", "stateBeforeTrash", "state", "organizationId"]);
/** A ban's end and reason belong to the state change that sets them; changed alone, they are an update. */
const STATE_FIELDS = new Set(["bannedUntil", "banReason"]);

export function personCreated(user: Pick<User, "id" | "kind" | "state" | "source" | "organizationId">): ChangeEntry {
  return personChange(ChangeType.PERSON_CREATED, user.id, {
    kind: user.kind,
    state: user.state,
    source: user.source,
    organizationId: idText(user.organizationId),
  });
}

/**
 * The changes of one update, from the person as read (`before`, not yet brought up to date) and
 * the columns that differ. The state is compared as the caller saw it (`event.fromState`: a
 * temporary ban that has ended reads as the state before it).
 */
export function personUpdated(
  before: User,
  changed: PersonPatch,
  attributes: readonly AttributeValue[],
  event: PersonEvent,
): ChangeEntry[] {
  if (event.action === AuditAction.USER_ERASED) return [personChange(ChangeType.PERSON_ERASED, before.id)];
  const entries: ChangeEntry[] = [];
  const from: UserState = event.fromState ?? before.state;
  const to: UserState = changed.state ?? event.toState ?? before.state;
  const stateChanged = from !== to;
  if (stateChanged) entries.push(personChange(ChangeType.PERSON_STATE_CHANGED, before.id, { from, to }));
  if (changed.organizationId !== undefined) {
    entries.push(
      personChange(ChangeType.PERSON_ORGANIZATION_CHANGED, before.id, {
        from: idText(before.organizationId),
        to: idText(changed.organizationId),
      }),
    );
  }
  const fields = [
    ...Object.keys(changed).filter((column) => !NOT_UPDATED_FIELDS.has(column) && !(stateChanged && STATE_FIELDS.has(column))),
    ...attributes
      .filter((attribute) => attribute.before === undefined || (attribute.before ?? "") !== attribute.value)
      .map((attribute) => `attr.${attribute.name}`),
  ];
  if (fields.length) entries.push(personChange(ChangeType.PERSON_UPDATED, before.id, { fields: [...new Set(fields)].sort() }));
  return entries;
}

/** A person's explicit roles changed (role ids, as the API spells them). */
export function rolesChanged(userId: number, added: readonly number[], removed: readonly number[]): ChangeEntry {
  return personChange(ChangeType.PERSON_ROLES_CHANGED, userId, {
    added: added.map(String),
    removed: removed.map(String),
  });
}
