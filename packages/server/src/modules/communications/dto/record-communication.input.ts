import { IsEmail, IsInt, IsOptional, Max, Min } from "class-validator";
import { ArgsType, Field, ID, InputType, Int } from "type-graphql";
import { Width, WIDTH } from "../../../common/widths";
import { CallDirection, CommunicationKind, ModerationStatus } from "../communication.enums";

@InputType({ description: "Something a person said, reported by the service that received it." })
export class RecordCommunicationInput {
  @Field(() => ID, { nullable: true, description: "The person; or give their email." })
  userId?: string | null;

  @Field(() => String, { nullable: true, description: "An unknown email creates a not-activated person." })
  @IsOptional()
  @IsEmail({}, { message: "email must be an email address" })
  @Width(WIDTH.user.email)
  email?: string | null;

  @Field(() => String, { nullable: true, description: "For a person created from the email. Default: the email's local part." })
  @IsOptional()
  @Width(WIDTH.user.displayName, { min: 1 })
  displayName?: string | null;

  @Field(() => CommunicationKind)
  kind: CommunicationKind;

  @Field(() => String, { nullable: true, description: "The sending service's id: the same one twice records once." })
  @IsOptional()
  @Width(WIDTH.communication.externalId, { min: 1 })
  externalId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Width(WIDTH.communication.subject)
  subject?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The service's own status word (tickets: new, open, pending count as open).",
  })
  @IsOptional()
  @Width(WIDTH.communication.status)
  status?: string | null;

  @Field(() => Date, { nullable: true, description: "Default: now." })
  occurredAt?: Date | null;

  @Field(() => ID, { nullable: true, description: "The agent who handled it." })
  agentId?: string | null;

  @Field(() => Int, { nullable: true, description: "Calls and chats." })
  @IsOptional()
  @IsInt()
  @Min(0, { message: "durationSeconds cannot be negative" })
  @Max(7 * 86_400, { message: "durationSeconds must be at most a week" })
  durationSeconds?: number | null;

  @Field(() => CallDirection, { nullable: true, description: "Calls." })
  direction?: CallDirection | null;

  @Field(() => Int, { nullable: true, description: "Surveys: 1 to 5." })
  @IsOptional()
  @IsInt()
  @Min(1, { message: "rating must be 1 to 5" })
  @Max(5, { message: "rating must be 1 to 5" })
  rating?: number | null;

  @Field(() => ModerationStatus, { nullable: true, description: "Posts. Default: PENDING." })
  moderation?: ModerationStatus | null;
}

@ArgsType()
export class ModeratePostArgs {
  @Field(() => ID)
  id: string;

  @Field(() => ModerationStatus, { description: "APPROVED or DECLINED." })
  decision: ModerationStatus;

  @Field(() => Int, {
    nullable: true,
    description: "Declining only: also ban the author, for this many days; 0 bans permanently; absent does not ban.",
  })
  @IsOptional()
  @IsInt()
  @Min(0, { message: "banDays must be 0 (permanent) or more" })
  @Max(3650, { message: "banDays must be at most 3650" })
  banDays?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Width(WIDTH.user.banReason)
  reason?: string | null;
}
