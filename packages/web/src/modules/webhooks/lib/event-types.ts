// The kinds of change a webhook can subscribe to, as receivers see them: each payload's `type` is
// the enum's dotted name (PERSON_STATE_CHANGED is person.state_changed).
import type { ChangeType } from "../../../generated/graphql";

// A Record, so a kind the server adds fails the type check here rather than going unoffered.
const EVENT_GROUPS: Record<ChangeType, string> = {
  PERSON_CREATED: "People",
  PERSON_UPDATED: "People",
  PERSON_STATE_CHANGED: "People",
  PERSON_ROLES_CHANGED: "People",
  PERSON_ORGANIZATION_CHANGED: "People",
  PERSON_ERASED: "People",
  PERSON_DELETED: "People",
  ORGANIZATION_CREATED: "Organizations",
  ORGANIZATION_UPDATED: "Organizations",
  ORGANIZATION_DELETED: "Organizations",
  COMMUNICATION_RECORDED: "Communications",
  // Only for a webhook with a saved segment: a person starting or stopping to match it.
  SEGMENT_ENTERED: "Saved segment",
  SEGMENT_LEFT: "Saved segment",
};

/** PERSON_STATE_CHANGED → "person.state_changed". */
export function eventName(type: ChangeType): string {
  return type.toLowerCase().replace("_", ".");
}

const TYPES = Object.keys(EVENT_GROUPS) as ChangeType[];

/** The choices of an event picker, grouped by what changed. */
export const EVENT_OPTIONS = [...new Set(Object.values(EVENT_GROUPS))].map((group) => ({
  group,
  items: TYPES.filter((type) => EVENT_GROUPS[type] === group).map((type) => ({ value: type, label: eventName(type) })),
}));
