/** A person's state as segments read it (`state = banned`, `bannedUntil`): see segments/segment-columns.ts. */
import type { SegmentColumns } from "../segments/segment-columns";
import { effectiveStateSql } from "./user-state";
import type { UserState } from "./user.enums";

export const userSegmentColumns: Pick<SegmentColumns, "effectiveState"> = {
  // The language spells states in lower case, the users table in upper case.
  effectiveState: (alias, state) => effectiveStateSql(alias, state.toUpperCase() as UserState),
};
