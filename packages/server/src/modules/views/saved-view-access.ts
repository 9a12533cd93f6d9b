/**
 * Who may do what with a saved view: the rules of saved segments (segment-access.ts). A
 * private view is its owner's alone; a shared one is everyone's to use, and sharing one needs
 * segments.manage. Changing a shared view: its owner, or an agent with segments.manage.
 */
import { DomainError, ErrorCode } from "../../common/errors";
import type { Viewer } from "../auth/viewer";
import { Permission } from "../roles/permissions";
import { ownerIdOf } from "../segments/segment-access";
import type { SavedView } from "./saved-view.entity";

export { maySee, ownerIdOf } from "../segments/segment-access";

export function assertMayHold(viewer: Viewer, shared: boolean): void {
  if (shared && !viewer.permissions.has(Permission.SegmentsManage)) {
    throw new DomainError(ErrorCode.Forbidden, `Sharing a view needs the ${Permission.SegmentsManage} permission.`, {
      missingPermissions: [Permission.SegmentsManage],
    });
  }
  if (!shared && ownerIdOf(viewer) === null) {
    throw new DomainError(ErrorCode.Forbidden, "A service (API key) owns no private views: make the view shared.");
  }
}

export function mayChange(viewer: Viewer, view: Pick<SavedView, "shared" | "ownerId">): boolean {
  const owns = view.ownerId !== null && view.ownerId === ownerIdOf(viewer);
  return owns || (view.shared && viewer.permissions.has(Permission.SegmentsManage));
}

export function assertMayChange(viewer: Viewer, view: Pick<SavedView, "shared" | "ownerId">): void {
  if (mayChange(viewer, view)) return;
  throw new DomainError(
    ErrorCode.Forbidden,
    view.shared
      ? `Only its owner or an agent with ${Permission.SegmentsManage} can change a shared view.`
      : "Only its owner can change a private view.",
    view.shared ? { missingPermissions: [Permission.SegmentsManage] } : {},
  );
}
