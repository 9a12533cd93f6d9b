import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../common/context";
import { User } from "../users/user.entity";
import { Communication } from "./communication.entity";
import { ContactStats } from "./contact-stats.type";

@Resolver(() => Communication)
export class CommunicationResolver {
  @FieldResolver(() => User, { description: "The person who said it." })
  async user(@Root() communication: Communication, @Ctx() { loaders }: RequestContext): Promise<User> {
    return (await loaders.user.load(communication.userId))!;
  }

  @FieldResolver(() => User, { nullable: true, description: "The agent who handled it." })
  agent(@Root() communication: Communication, @Ctx() { loaders }: RequestContext): Promise<User | null> | null {
    return communication.agentId === null ? null : loaders.user.load(communication.agentId);
  }
}

@Resolver(() => ContactStats)
export class ContactStatsResolver {
  @FieldResolver(() => User, { nullable: true, description: "The agent of the latest communication that had one." })
  lastAgent(@Root() stats: ContactStats, @Ctx() { loaders }: RequestContext): Promise<User | null> | null {
    return stats.lastAgentId === null ? null : loaders.user.load(stats.lastAgentId);
  }
}
