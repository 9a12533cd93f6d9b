/**
 * What a segment's fields mean in SQL where another module owns the meaning: each module
 * declares its part (users/user-segment-columns.ts, roles/role-segment-columns.ts,
 * communications/communication-segment-columns.ts) and services.ts gives them to the segments
 * module, so the compiler (segment-sql.ts) reads no other module's internals.
 */
import type { ActivityKind, PersonState } from "@roster/segments";

export interface SegmentColumns {
  /** SQL for "the person aliased `alias` reads `state` now"; binds `:now`. */
  effectiveState(alias: string, state: PersonState): string;
  /**
   * SQL selecting, as `id`, every member of the roles whose name column (given to `nameMatches`)
   * matches, whether they hold the role explicitly or implicitly.
   */
  roleMembers(nameMatches: (nameColumn: string) => string): string;
  /** The `communication_summaries.kind` of each activity's summary rows (`communications` has one of its own). */
  activityKinds: Readonly<Record<ActivityKind, string>>;
  /** The stored `user_attributes.type` of each kind of attribute value. */
  attributeTypes: Readonly<Record<"string" | "number" | "boolean" | "date", string>>;
}
