import { Args, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../common/context";
import { Permission } from "../roles/permissions";
import { ChangeEventConnection } from "./change-event.connection";
import { ChangeEvent } from "./change-event.entity";
import { idText } from "./change-recorder";
import { payloadOf } from "./change.service";
import { ChangesArgs } from "./dto/changes.args";

@Resolver(() => ChangeEvent)
export class ChangeResolver {
  @Authorized(Permission.ChangesRead)
  @Query(() => ChangeEventConnection, {
    description:
      "The change feed, in the order changes committed: store `pageInfo.endCursor` and ask again with `after` to get every later change exactly once, across restarts.",
  })
  async changes(
    @Args() { types, first, after }: ChangesArgs,
    @Ctx() { services }: RequestContext,
  ): Promise<ChangeEventConnection> {
    const page = await services.changes.page(types, first, after);
    return ChangeEventConnection.of(page, () => services.changes.count(types));
  }

  @FieldResolver(() => String, { description: "The event's place in the feed: greater for every later change." })
  position(@Root() event: ChangeEvent): string {
    return String(event.position);
  }

  @FieldResolver(() => ID)
  subjectId(@Root() event: ChangeEvent): string {
    return String(event.subjectId);
  }

  @FieldResolver(() => ID, { nullable: true, description: "The person concerned (a communication's author)." })
  personId(@Root() event: ChangeEvent): string | null {
    return idText(event.personId);
  }

  @FieldResolver(() => ID, { nullable: true, description: "The agent, person or API key that made the change." })
  actorId(@Root() event: ChangeEvent): string | null {
    return idText(event.actorId);
  }

  @FieldResolver(() => String, {
    description: "The JSON document a webhook delivers: `{ type, timestamp, data }` (README, Change feed).",
  })
  payload(@Root() event: ChangeEvent): string {
    return payloadOf(event);
  }
}
