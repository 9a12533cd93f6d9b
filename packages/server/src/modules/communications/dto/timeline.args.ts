import { ArgsType, Field, Int } from "type-graphql";
import { CommunicationKind } from "../communication.enums";

@ArgsType()
export class TimelinePageArgs {
  @Field(() => Int, { defaultValue: 20, description: "Page size, 1 to 100." })
  first: number;

  @Field(() => String, { nullable: true, description: "The endCursor of the previous page." })
  after?: string | null;
}

@ArgsType()
export class TimelineArgs extends TimelinePageArgs {
  @Field(() => [CommunicationKind], { nullable: true, description: "Only these kinds; all kinds when absent." })
  kinds?: CommunicationKind[] | null;
}
