import { ArrayMaxSize, IsInt, IsTimeZone, Matches, Max, Min, ValidateNested } from "class-validator";
import { Field, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { Width, WIDTH } from "../../common/widths";

export enum Presence {
  ONLINE = "ONLINE",
  AWAY = "AWAY",
}

registerEnumType(Presence, { name: "Presence", description: "An agent inside or outside their business hours." });

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * Every half hour of a week. The intervals are kept as JSON in a `text` column (TEXT_BYTES):
 * one is at most 40 bytes (`{"day":6,"start":"23:30","end":"23:59"},`), 336 at most 13,442.
 */
export const MAX_OPENING_INTERVALS = 7 * 48;

@ObjectType()
export class OpeningHours {
  @Field(() => Int, { description: "0 = Sunday … 6 = Saturday." })
  day: number;

  @Field({ description: "HH:MM in the schedule's time zone." })
  start: string;

  @Field({ description: "HH:MM, after start." })
  end: string;
}

@ObjectType({ description: "A weekly schedule: the default one, or an agent's own." })
export class BusinessHoursSchedule {
  @Field()
  timezone: string;

  @Field(() => [OpeningHours])
  intervals: OpeningHours[];

  @Field({ description: "False for an agent following the default schedule." })
  own: boolean;
}

@InputType()
export class OpeningHoursInput {
  @Field(() => Int)
  @IsInt()
  @Min(0, { message: "day is 0 (Sunday) to 6 (Saturday)" })
  @Max(6, { message: "day is 0 (Sunday) to 6 (Saturday)" })
  day: number;

  @Field()
  @Matches(TIME, { message: "start must be HH:MM" })
  start: string;

  @Field()
  @Matches(TIME, { message: "end must be HH:MM" })
  end: string;
}

@InputType()
export class BusinessHoursInput {
  @Field()
  @IsTimeZone({ message: "timezone must be an IANA time zone such as Europe/Paris" })
  @Width(WIDTH.businessHours.timezone)
  timezone: string;

  @Field(() => [OpeningHoursInput])
  @ArrayMaxSize(MAX_OPENING_INTERVALS, { message: `intervals: at most ${MAX_OPENING_INTERVALS} (every half hour of a week)` })
  @ValidateNested({ each: true })
  intervals: OpeningHoursInput[];
}
