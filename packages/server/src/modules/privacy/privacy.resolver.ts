import { GraphQLJSONObject } from "graphql-scalars";
import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { RequestContext } from "../../common/context";
import { parseId } from "../../common/ids";
import { actorOf } from "../audit/actor";
import { Permission } from "../roles/permissions";
import { User } from "../users/user.entity";

@Resolver()
export class PrivacyResolver {
  @Authorized(Permission.PeopleExport)
  @Query(() => GraphQLJSONObject, {
    description: "Everything Roster holds about a person, as one JSON document: for a data-protection request.",
  })
  exportPersonalData(
    @Arg("userId", () => ID) userId: string,
    @Ctx() { services, now }: RequestContext,
  ): Promise<Record<string, unknown>> {
    return services.privacy.exportPersonalData(parseId(userId, "userId"), now);
  }

  @Authorized(Permission.PeopleDelete)
  @Mutation(() => User, {
    description:
      "IRREVERSIBLE. Anonymizes a customer: name, contact details, attributes, sessions and the words of their communications are erased; counts, dates and ratings stay. Audited.",
  })
  eraseUser(@Arg("userId", () => ID) userId: string, @Ctx() { services, viewer, now }: RequestContext): Promise<User> {
    return services.privacy.erase(actorOf(viewer), parseId(userId, "userId"), now);
  }
}
