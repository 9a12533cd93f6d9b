import { ArgsType, Field } from "type-graphql";
import { PageArgs } from "../../../common/page.args";
import { CommunicationKind } from "../communication.enums";

@ArgsType()
export class TimelineArgs extends PageArgs {
  @Field(() => [CommunicationKind], { nullable: true, description: "Only these kinds; all kinds when absent." })
  kinds?: CommunicationKind[] | null;
}
