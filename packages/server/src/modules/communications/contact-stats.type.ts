import { Field, Float, Int, ObjectType } from "type-graphql";
import type { CommunicationOwner } from "./communication.service";

@ObjectType({
  description: "What a person or an organization's members said to the support team, trashed people excluded.",
})
export class ContactStats {
  @Field(() => Int)
  totalCount = 0;

  @Field(() => Int)
  ticketCount = 0;

  @Field(() => Int)
  chatCount = 0;

  @Field(() => Int)
  callCount = 0;

  @Field(() => Int)
  surveyCount = 0;

  @Field(() => Int)
  postCount = 0;

  @Field(() => Int, { description: "Tickets whose status is new, open or pending." })
  openTicketCount = 0;

  @Field(() => Int, { description: "Total time on calls, in seconds." })
  totalCallSeconds = 0;

  @Field(() => Float, { nullable: true, description: "Average survey rating (1 to 5); null without surveys." })
  averageRating: number | null = null;

  @Field(() => Date, { nullable: true })
  firstContactAt: Date | null = null;

  @Field(() => Date, { nullable: true })
  lastContactAt: Date | null = null;

  /** Whose stats these are: `lastAgent` is read for them only when a client asks for it. */
  constructor(
    readonly owner: CommunicationOwner,
    readonly ownerId: number,
  ) {}
}
