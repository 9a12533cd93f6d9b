import { Field, ID, ObjectType } from "type-graphql";

@ObjectType({ description: "A browser the agent is signed in on." })
export class AgentSession {
  @Field(() => ID)
  id: string;

  @Field()
  createdAt: Date;

  @Field()
  expiresAt: Date;

  @Field({ description: "This very browser: the session of the request." })
  current: boolean;
}
