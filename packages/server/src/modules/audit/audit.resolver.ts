import { Args, Authorized, Ctx, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../../common/context";
import { badInput } from "../../common/errors";
import { parseId } from "../../common/ids";
import { Permission } from "../roles/permissions";
import { AuditEventConnection } from "./audit-event.connection";
import { AuditEventsArgs } from "./dto/audit-events.args";

@Resolver()
export class AuditResolver {
  @Authorized(Permission.AuditView)
  @Query(() => AuditEventConnection, { description: "The audit log, newest first, filtered by actor, action, target and time." })
  async auditEvents(@Args() args: AuditEventsArgs, @Ctx() { services }: RequestContext): Promise<AuditEventConnection> {
    if (args.since && args.until && args.since.getTime() >= args.until.getTime()) {
      throw badInput("until", "until must be after since.");
    }
    const filter = {
      actorType: args.actorType,
      actorId: args.actorId ? parseId(args.actorId, "actorId") : null,
      actions: args.actions,
      targetType: args.targetType,
      targetId: args.targetId ? parseId(args.targetId, "targetId") : null,
      since: args.since,
      until: args.until,
    };
    const page = await services.audit.page(filter, args.first, args.after);
    return AuditEventConnection.of(page, () => services.audit.count(filter));
  }
}
