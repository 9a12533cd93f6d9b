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
}
