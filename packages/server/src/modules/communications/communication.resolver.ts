import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../common/context";
import { actorOf } from "../audit/actor";
import { Permission } from "../roles/permissions";
import { ModeratePostArgs, RecordCommunicationInput } from "./dto/record-communication.input";
import { User } from "../users/user.entity";
import { Communication } from "./communication.entity";
import { ContactStats } from "./contact-stats.type";

@Resolver(() => Communication)
export class CommunicationResolver {
  @Authorized(Permission.CommunicationsRecord)
  @Mutation(() => Communication, {
    description:
      "Records what a person said, by userId or email (an unknown email creates a NOT_ACTIVATED person). The same kind and externalId twice records once. USER_BANNED / USER_TRASHED when the person may not.",
  })
  recordCommunication(
    @Arg("input") input: RecordCommunicationInput,
    @Ctx() { services, viewer, now }: RequestContext,
  ): Promise<Communication> {
    return services.recording.record(actorOf(viewer), input, now);
  }

  @Authorized(Permission.PeopleManage)
  @Mutation(() => Communication, {
    description: "Approves or declines a community post; declining can ban its author (banDays).",
  })
  moderatePost(@Args() args: ModeratePostArgs, @Ctx() { services, viewer, now }: RequestContext): Promise<Communication> {
    return services.recording.moderatePost(actorOf(viewer), args, now);
  }

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
  async lastAgent(@Root() stats: ContactStats, @Ctx() { loaders }: RequestContext): Promise<User | null> {
    const agentId = await loaders.lastAgent.load({ owner: stats.owner, id: stats.ownerId });
    return agentId === null ? null : loaders.user.load(agentId);
  }
}
