/**
 * Who may read a person's personal data (email, phone): callers with people.view, and the
 * person themself (an agent reading `me`). Everyone else gets null.
 */
import { DomainError, ErrorCode } from "../../common/errors";
import type { Viewer } from "../auth/viewer";
import { Permission } from "../roles/permissions";
import type { User } from "./user.entity";

export const PERSONAL_DATA_FIELDS = ["email", "phone"] as const;

export function mayReadPersonalData(viewer: Viewer | null, person: Pick<User, "id">): boolean {
  if (!viewer) return false;
  return viewer.permissions.has(Permission.PeopleView) || (viewer.kind === "agent" && viewer.user.id === person.id);
}

/**
 * For fields an agent needs about themself to work (their own `permissions`, so the SPA can hide
 * what they may not do) but that are nobody else's business without people.view.
 */
export function assertMayReadAccount(viewer: Viewer | null, person: Pick<User, "id">): void {
  if (!viewer) throw new DomainError(ErrorCode.Unauthenticated, "Sign in first.");
  if (!mayReadPersonalData(viewer, person)) {
    throw new DomainError(ErrorCode.Forbidden, `This needs the ${Permission.PeopleView} permission.`, {
      missingPermissions: [Permission.PeopleView],
    });
  }
}
