/** A person's state and attribute types as segments read them (`state = banned`, `attr.x = true`): see segments/segment-columns.ts. */
import type { SegmentColumns } from "../segments/segment-columns";
import { effectiveStateSql } from "./user-state";
import { AttributeType, type UserState } from "./user.enums";

export const userSegmentColumns: Pick<SegmentColumns, "effectiveState" | "attributeTypes"> = {
  // The language spells states in lower case, the users table in upper case.
  effectiveState: (alias, state) => effectiveStateSql(alias, state.toUpperCase() as UserState),
  // A person's attribute values are typed (user_attributes.type); segments compare each kind of value with its own type.
  attributeTypes: {
    string: AttributeType.STRING,
    number: AttributeType.NUMBER,
    boolean: AttributeType.BOOLEAN,
    date: AttributeType.DATE,
  },
};
