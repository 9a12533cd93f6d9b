/**
 * Who may read a person's personal data (email, phone): callers with people.view, and the
 * person themself (an agent reading `me`). Everyone else gets null.
 */
import type { Viewer } from "../auth/viewer";
import { Permission } from "../roles/permissions";
import type { User } from "./user.entity";

export const PERSONAL_DATA_FIELDS = ["email", "phone"] as const;

export function mayReadPersonalData(viewer: Viewer | null, person: Pick<User, "id">): boolean {
  if (!viewer) return false;
  return viewer.permissions.has(Permission.PeopleView) || (viewer.kind === "agent" && viewer.user.id === person.id);
}
