/**
 * The one translation of the people list's arguments (`users(search:, states:, roleId:, …)`)
 * into the filter UserService reads. The list and anything that must agree with its
 * totalCount (a saved view's count) go through it, so they cannot drift apart.
 */
import { badInput } from "../../common/errors";
import { parseId } from "../../common/ids";
import type { Viewer } from "../auth/viewer";
import type { Services } from "../../services";
import type { UsersArgs } from "./dto/users.args";
import type { UserFilter } from "./user.service";

export type UserListArgs = Pick<UsersArgs, "search" | "states" | "roleId" | "kind" | "organizationId" | "segment" | "segmentId">;

export async function userFilterOf(
  args: UserListArgs,
  services: Pick<Services, "roles" | "segments">,
  viewer: Viewer,
  now: Date,
): Promise<UserFilter> {
  const role = args.roleId ? await services.roles.findById(parseId(args.roleId, "roleId")) : null;
  if (args.roleId && !role) throw badInput("roleId", `roleId: there is no role with id ${args.roleId}.`);
  const segmentId = args.segmentId ? parseId(args.segmentId, "segmentId") : null;
  return {
    search: args.search,
    states: args.states,
    role,
    kind: args.kind,
    organizationId: args.organizationId ? parseId(args.organizationId, "organizationId") : null,
    segments: (await services.segments.filterFor(args.segment, segmentId, viewer, now)).conditions,
  };
}
