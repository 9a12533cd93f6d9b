import { ArrayMaxSize, IsOptional } from "class-validator";
import { ArgsType, Field, ID, InputType, Int } from "type-graphql";
import { PageArgs } from "../../../common/page.args";
import { Width, WIDTH } from "../../../common/widths";
import { ChangeType } from "../../changes/change.enums";

const EVENT_TYPES = Object.keys(ChangeType).length;

@InputType()
export class CreateWebhookInput {
  @Field({ description: "Where to POST: an absolute http(s) URL on a public address." })
  @Width(WIDTH.webhook.url, { min: 1 })
  url: string;

  @Field(() => [ChangeType], { description: "The kinds of change to deliver; at least one." })
  @ArrayMaxSize(EVENT_TYPES)
  events: ChangeType[];

  @Field(() => ID, {
    nullable: true,
    description: "A saved segment: SEGMENT_ENTERED / SEGMENT_LEFT are delivered when a person starts or stops matching it.",
  })
  @IsOptional()
  segmentId?: string | null;
}

@InputType()
export class UpdateWebhookInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Width(WIDTH.webhook.url, { min: 1 })
  url?: string | null;

  @Field(() => [ChangeType], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(EVENT_TYPES)
  events?: ChangeType[] | null;

  @Field(() => ID, { nullable: true, description: "A saved segment; null removes it." })
  @IsOptional()
  segmentId?: string | null;

  @Field(() => Boolean, { nullable: true, description: "true turns a disabled webhook back on; its waiting deliveries go out." })
  @IsOptional()
  active?: boolean | null;
}

@ArgsType()
export class WebhookDeliveriesArgs extends PageArgs {
  @Field(() => ID)
  webhookId: string;
}

@ArgsType()
export class RotateWebhookSecretArgs {
  @Field(() => ID)
  id: string;

  @Field(() => Int, {
    defaultValue: 24,
    description: "How many hours deliveries carry the old secret's signature beside the new one's (0 to 168).",
  })
  overlapHours: number;
}

@ArgsType()
export class RedeliverWebhookRangeArgs {
  @Field(() => ID)
  webhookId: string;

  @Field(() => Date, { description: "Deliveries queued from this instant, inclusive." })
  from: Date;

  @Field(() => Date, { description: "Before this instant, exclusive." })
  to: Date;
}
