import { ArgsType, Field, ID } from "type-graphql";
import { PageArgs } from "../../../common/page.args";
import { ActorType, AuditAction, AuditTarget } from "../audit.enums";

@ArgsType()
export class AuditEventsArgs extends PageArgs {
  @Field(() => ActorType, { nullable: true, description: "Only what this kind of actor did." })
  actorType?: ActorType | null;

  @Field(() => ID, { nullable: true, description: "Only what this agent, person or API key did (with actorType)." })
  actorId?: string | null;

  @Field(() => [AuditAction], { nullable: true, description: "Only these actions." })
  actions?: AuditAction[] | null;

  @Field(() => AuditTarget, { nullable: true })
  targetType?: AuditTarget | null;

  @Field(() => ID, { nullable: true, description: "Only what was done to this person or role (with targetType)." })
  targetId?: string | null;

  @Field(() => Date, { nullable: true, description: "From this instant, inclusive." })
  since?: Date | null;

  @Field(() => Date, { nullable: true, description: "Before this instant, exclusive." })
  until?: Date | null;

  @Field(() => ID, { nullable: true, description: "Only the events this bulk job wrote, one per person it changed." })
  bulkJobId?: string | null;

  @Field({
    defaultValue: true,
    description:
      "One entry per bulk job instead of one per person it changed: the job's first event that the other filters keep, with `bulkJob` set. Applies only without targetId and bulkJobId, which list every event.",
  })
  groupBulkJobs: boolean;
}
