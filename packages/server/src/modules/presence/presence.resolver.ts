import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../../common/context";
import { checkPageSize } from "../../common/pagination";
import { parseId } from "../../common/ids";
import { Permission } from "../roles/permissions";
import { User } from "../users/user.entity";
import { BusinessHoursInput, BusinessHoursSchedule } from "./presence.types";

@Resolver()
export class PresenceResolver {
  @Authorized(Permission.PeopleView)
  @Query(() => [User], { description: "Agents online now, fewest open tickets first: for automatic assignment." })
  availableAgents(
    @Arg("first", () => Int, { defaultValue: 10 }) first: number,
    @Ctx() { services, now }: RequestContext,
  ): Promise<User[]> {
    checkPageSize(first);
    return services.presence.availableAgents(now, first);
  }

  @Authorized(Permission.PeopleView)
  @Query(() => BusinessHoursSchedule, { description: "The default schedule, or the one an agent follows." })
  async businessHours(
    @Arg("agentId", () => ID, { nullable: true }) agentId: string | null,
    @Ctx() { services }: RequestContext,
  ): Promise<BusinessHoursSchedule> {
    if (!agentId) return services.presence.defaultSchedule();
    const [schedule] = await services.presence.schedulesOf([parseId(agentId, "agentId")]);
    return schedule;
  }

  @Authorized(Permission.PeopleManage)
  @Mutation(() => BusinessHoursSchedule, { description: "Sets the default schedule, or an agent's own with agentId." })
  setBusinessHours(
    @Arg("input") input: BusinessHoursInput,
    @Arg("agentId", () => ID, { nullable: true }) agentId: string | null,
    @Ctx() { services, now }: RequestContext,
  ): Promise<BusinessHoursSchedule> {
    return services.presence.setSchedule(agentId ? parseId(agentId, "agentId") : null, input, now);
  }

  @Authorized(Permission.PeopleManage)
  @Mutation(() => Boolean, { description: "The agent follows the default schedule again." })
  async resetBusinessHours(@Arg("agentId", () => ID) agentId: string, @Ctx() { services }: RequestContext): Promise<boolean> {
    await services.presence.resetSchedule(parseId(agentId, "agentId"));
    return true;
  }
}
