import { Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../common/context";
import { badInput } from "../../common/errors";
import { parseId } from "../../common/ids";
import { BulkJob } from "../bulk-jobs/bulk-job.entity";
import { Permission } from "../roles/permissions";
import { AuditEventConnection } from "./audit-event.connection";
import { AuditEvent } from "./audit-event.entity";
import { AuditEventsArgs } from "./dto/audit-events.args";

@Resolver(() => AuditEvent)
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
      bulkJobId: args.bulkJobId ? parseId(args.bulkJobId, "bulkJobId") : null,
      groupBulkJobs: args.groupBulkJobs,
    };
    const page = await services.audit.page(filter, args.first, args.after);
    return AuditEventConnection.of(page, () => services.audit.count(filter));
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      "The target's name now; for a deleted person, organization or role, the name its event recorded; null when neither is known.",
  })
  async targetName(@Root() event: AuditEvent, @Ctx() { loaders }: RequestContext): Promise<string | null> {
    const current = await loaders.auditTargetName.load({ type: event.targetType, id: event.targetId });
    return current ?? recordedName(event.details);
  }

  @FieldResolver(() => BulkJob, {
    nullable: true,
    description:
      "The bulk job that wrote this event, if one did. In a grouped log (groupBulkJobs, the default) such an entry stands for the whole job: `bulkJob.action`, `startedAt` and `succeeded` (people changed) describe it, and `auditEvents(bulkJobId:)` lists its per-person events. Null as well once the job's record is gone.",
  })
  bulkJob(@Root() event: AuditEvent, @Ctx() { loaders }: RequestContext): Promise<BulkJob | null> | null {
    return event.bulkJobId === null ? null : loaders.bulkJob.load(event.bulkJobId);
  }
}

/** The name a deletion recorded in its details (`displayName` of a person, `name` of a role or organization). */
function recordedName(details: string | null): string | null {
  if (!details) return null;
  try {
    const parsed = JSON.parse(details) as Record<string, unknown>;
    const name = parsed.displayName ?? parsed.name;
    return typeof name === "string" ? name : null;
  } catch {
    return null;
  }
}
