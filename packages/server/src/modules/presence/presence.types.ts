import { IsInt, IsTimeZone, Matches, Max, Min, ValidateNested } from "class-validator";
import { Field, InputType, Int, ObjectType, registerEnumType } from "type-graphql";

export enum Presence {
  ONLINE = "ONLINE",
  AWAY = "AWAY",
}

registerEnumType(Presence, { name: "Presence", description: "An agent inside or outside their business hours." });

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

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
  timezone: string;

  @Field(() => [OpeningHoursInput])
  @ValidateNested({ each: true })
  intervals: OpeningHoursInput[];
}
