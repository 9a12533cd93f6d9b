import { registerEnumType } from "type-graphql";

/**
 * What happened, as the change feed and webhooks name it. The GraphQL enum is this one's keys;
 * the values are the `type` written in each payload (SPEC §10), so both spellings come from here.
 */
export enum ChangeType {
  PERSON_CREATED = "person.created",
  PERSON_UPDATED = "person.updated",
  PERSON_STATE_CHANGED = "person.state_changed",
  PERSON_ROLES_CHANGED = "person.roles_changed",
  PERSON_ORGANIZATION_CHANGED = "person.organization_changed",
  PERSON_ERASED = "person.erased",
  PERSON_DELETED = "person.deleted",
  ORGANIZATION_CREATED = "organization.created",
  ORGANIZATION_UPDATED = "organization.updated",
  ORGANIZATION_DELETED = "organization.deleted",
  COMMUNICATION_RECORDED = "communication.recorded",
  /** Webhook events only (a webhook's saved segment, webhook-segments.ts): never in `changes()`. */
  SEGMENT_ENTERED = "segment.entered",
  SEGMENT_LEFT = "segment.left",
}

/** What a change is about. */
export enum ChangeSubject {
  PERSON = "PERSON",
  ORGANIZATION = "ORGANIZATION",
  COMMUNICATION = "COMMUNICATION",
}

registerEnumType(ChangeType, {
  name: "ChangeType",
  description: "A kind of change; each payload's `type` is its dotted name (PERSON_STATE_CHANGED is person.state_changed).",
  valuesConfig: {
    SEGMENT_ENTERED: {
      description: "A person started matching a webhook's saved segment. Delivered to webhooks only; `changes` never returns it.",
    },
    SEGMENT_LEFT: {
      description:
        "A person stopped matching a webhook's saved segment (or was deleted). Delivered to webhooks only; `changes` never returns it.",
    },
  },
});
registerEnumType(ChangeSubject, { name: "ChangeSubject" });
