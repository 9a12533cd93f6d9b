import { ArgsType, Field } from "type-graphql";
import { PageArgs } from "../../../common/page.args";
import { ChangeType } from "../change.enums";

@ArgsType()
export class ChangesArgs extends PageArgs {
  @Field(() => [ChangeType], {
    nullable: true,
    description:
      "Only these kinds of change; all of them when absent or empty. SEGMENT_ENTERED and SEGMENT_LEFT are webhook events and never in the feed.",
  })
  types?: ChangeType[] | null;
}
