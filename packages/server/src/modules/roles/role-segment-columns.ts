/** Role membership as segments read it (`role = "Moderator"`): see segments/segment-columns.ts. */
import type { SegmentColumns } from "../segments/segment-columns";
import { implicitRoleSql } from "./role-membership";
import { SystemRole } from "./role.enums";

export const roleSegmentColumns: Pick<SegmentColumns, "roleMembers"> = {
  // Explicit members from user_roles, and the members of a system role by the same rule as
  // everywhere else.
  roleMembers: (nameMatches) => {
    const explicit = `SELECT ur.userId AS id FROM user_roles ur INNER JOIN roles r ON r.id = ur.roleId WHERE ${nameMatches("r.name")}`;
    const implicit = Object.values(SystemRole).flatMap((role) => {
      const sql = implicitRoleSql("m", role);
      return sql === null
        ? []
        : [`SELECT m.id FROM users m INNER JOIN roles r ON r.systemKey = '${role}' WHERE ${nameMatches("r.name")} AND ${sql}`];
    });
    return [explicit, ...implicit].join(" UNION ALL ");
  },
};
