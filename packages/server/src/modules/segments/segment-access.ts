/**
 * The object-level rules of segments: a private segment is its owner's alone (others do not
 * even see it); a shared one is everyone's to use, and changing it needs segments.manage.
 */
import { DomainError, ErrorCode } from "../../common/errors";
import type { Viewer } from "../auth/viewer";
import { Permission } from "../roles/permissions";
import type { Segment } from "./segment.entity";

export function ownerIdOf(viewer: Viewer): number | null {
  return viewer.kind === "agent" ? viewer.user.id : null;
}

export function maySee(viewer: Viewer, segment: Pick<Segment, "shared" | "ownerId">): boolean {
  return segment.shared || (segment.ownerId !== null && segment.ownerId === ownerIdOf(viewer));
}

/** Making or keeping a segment shared needs segments.manage; a private one needs an agent to own it. */
export function assertMayHold(viewer: Viewer, shared: boolean): void {
  if (shared && !viewer.permissions.has(Permission.SegmentsManage)) {
    throw new DomainError(ErrorCode.Forbidden, `Shared segments need the ${Permission.SegmentsManage} permission.`, {
      missingPermissions: [Permission.SegmentsManage],
    });
  }
  if (!shared && ownerIdOf(viewer) === null) {
    throw new DomainError(ErrorCode.Forbidden, "A service (API key) owns no private segments: make the segment shared.");
  }
}

export function assertMayChange(viewer: Viewer, segment: Pick<Segment, "shared" | "ownerId">): void {
  if (segment.shared) assertMayHold(viewer, true);
  else if (segment.ownerId !== ownerIdOf(viewer)) {
    throw new DomainError(ErrorCode.Forbidden, "Only its owner can change a private segment.");
  }
}
