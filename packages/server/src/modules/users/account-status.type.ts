import { Field, ObjectType } from "type-graphql";
import { UserState } from "./user.enums";

/**
 * What the public account links (confirm email, set password) answer: enough for the portal to
 * say what happened, and nothing of the person's record that a token holder should not read.
 */
@ObjectType()
export class AccountStatus {
  @Field()
  displayName: string;

  @Field(() => UserState)
  state: UserState;

  @Field({ description: "The email address is confirmed." })
  verified: boolean;
}
