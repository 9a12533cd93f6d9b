import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../common/context";
import { parseId } from "../../common/ids";
import { Permission } from "../roles/permissions";
import { User } from "../users/user.entity";
import { CreateSegmentInput, UpdateSegmentInput } from "./dto/segment.inputs";
import { Segment } from "./segment.entity";
import { SegmentField, SegmentValidation } from "./segment.types";

@Resolver(() => Segment)
export class SegmentResolver {
  @Authorized(Permission.PeopleView)
  @Query(() => [Segment], { description: "Shared segments and your own private ones, by name." })
  segments(@Ctx() { services, viewer }: RequestContext): Promise<Segment[]> {
    return services.segments.visibleTo(viewer!);
  }

  @Authorized(Permission.PeopleView)
  @Query(() => Segment, { nullable: true, description: "A segment you can see; null otherwise." })
  segment(@Arg("id", () => ID) id: string, @Ctx() { services, viewer }: RequestContext): Promise<Segment | null> {
    return services.segments.findVisible(parseId(id, "id"), viewer!);
  }

  @Authorized(Permission.PeopleView)
  @Query(() => SegmentValidation, { description: "Checks a query: its problems with line and column, or its canonical text." })
  validateSegment(@Arg("query") query: string, @Ctx() { services }: RequestContext): SegmentValidation {
    return services.segments.validate(query);
  }

  @Authorized(Permission.PeopleView)
  @Query(() => [SegmentField], { description: "Every field the segment language knows, with its type and operators." })
  segmentFields(@Ctx() { services }: RequestContext): SegmentField[] {
    return services.segments.fields();
  }

  @Authorized(Permission.PeopleView)
  @Mutation(() => Segment, { description: "Saves a query. A private one is yours; a shared one needs segments.manage." })
  createSegment(@Arg("input") input: CreateSegmentInput, @Ctx() { services, viewer, now }: RequestContext): Promise<Segment> {
    return services.segments.create(viewer!, input, now);
  }

  @Authorized(Permission.PeopleView)
  @Mutation(() => Segment, {
    description: "Private segments: their owner only; shared ones: segments.manage. A stale version is CONFLICT.",
  })
  updateSegment(
    @Arg("id", () => ID) id: string,
    @Arg("input") input: UpdateSegmentInput,
    @Ctx() { services, viewer, now }: RequestContext,
  ): Promise<Segment> {
    return services.segments.update(viewer!, parseId(id, "id"), input, now);
  }

  @Authorized(Permission.PeopleView)
  @Mutation(() => Boolean, { description: "Private segments: their owner only; shared ones: segments.manage." })
  deleteSegment(@Arg("id", () => ID) id: string, @Ctx() { services, viewer }: RequestContext): Promise<boolean> {
    return services.segments.delete(viewer!, parseId(id, "id"));
  }

  @FieldResolver(() => Int, { description: "How many people match now." })
  count(@Root() segment: Segment, @Ctx() { loaders }: RequestContext): Promise<number> {
    return loaders.segmentCount.load(segment);
  }

  @FieldResolver(() => User, { nullable: true, description: "Who owns a private segment; null for one a service created." })
  owner(@Root() segment: Segment, @Ctx() { loaders }: RequestContext): Promise<User | null> | null {
    return segment.ownerId === null ? null : loaders.user.load(segment.ownerId);
  }
}
