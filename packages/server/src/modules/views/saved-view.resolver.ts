import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../../common/context";
import { DomainError } from "../../common/errors";
import { parseId } from "../../common/ids";
import { Permission } from "../roles/permissions";
import { User } from "../users/user.entity";
import { SavedViewInput } from "./dto/saved-view.input";
import { mayChange } from "./saved-view-access";
import { SavedView } from "./saved-view.entity";

@Resolver(() => SavedView)
export class SavedViewResolver {
  @Authorized(Permission.PeopleView)
  @Query(() => [SavedView], { description: "Your own views, then the shared ones of others; each part by name." })
  savedViews(@Ctx() { services, viewer }: RequestContext): Promise<SavedView[]> {
    return services.views.visibleTo(viewer!);
  }

  @Authorized(Permission.PeopleView)
  @Query(() => SavedView, { nullable: true, description: "A view you can see; null otherwise." })
  savedView(@Arg("id", () => ID) id: string, @Ctx() { services, viewer }: RequestContext): Promise<SavedView | null> {
    return services.views.findVisible(parseId(id, "id"), viewer!);
  }

  @Authorized(Permission.PeopleView)
  @Mutation(() => SavedView, {
    description: "Saves a view of the people list. A private one is yours; a shared one needs segments.manage.",
  })
  createSavedView(@Arg("input") input: SavedViewInput, @Ctx() { services, viewer, now }: RequestContext): Promise<SavedView> {
    return services.views.create(viewer!, input, now);
  }

  @Authorized(Permission.PeopleView)
  @Mutation(() => SavedView, {
    description: "Replaces what a view holds. Its owner, or segments.manage for a shared one. A stale version is CONFLICT.",
  })
  updateSavedView(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int, { description: "The version you last read." }) version: number,
    @Arg("input") input: SavedViewInput,
    @Ctx() { services, viewer, now }: RequestContext,
  ): Promise<SavedView> {
    return services.views.update(viewer!, parseId(id, "id"), version, input, now);
  }

  @Authorized(Permission.PeopleView)
  @Mutation(() => Boolean, { description: "Its owner, or segments.manage for a shared one. With a stale version, CONFLICT." })
  deleteSavedView(
    @Arg("id", () => ID) id: string,
    @Arg("version", () => Int, { nullable: true, description: "The version you last read, to refuse deleting a newer one." })
    version: number | null,
    @Ctx() { services, viewer }: RequestContext,
  ): Promise<boolean> {
    return services.views.delete(viewer!, parseId(id, "id"), version ?? null);
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description:
      "How many people the view shows now: the list's totalCount. Null when the view no longer holds for you (its saved segment was made private); opening it says why.",
  })
  async count(@Root() view: SavedView, @Ctx() { loaders, viewer }: RequestContext): Promise<number | null> {
    try {
      return await loaders.savedViewCount.load({ view, viewer: viewer! });
    } catch (error) {
      // One view that cannot be counted must not take the whole list of views down with it.
      if (error instanceof DomainError) return null;
      throw error;
    }
  }

  @FieldResolver(() => Boolean, { description: "Whether you may rename, change or delete it." })
  editable(@Root() view: SavedView, @Ctx() { viewer }: RequestContext): boolean {
    return mayChange(viewer!, view);
  }

  @FieldResolver(() => User, { nullable: true, description: "Who owns the view; null for a shared one a service created." })
  owner(@Root() view: SavedView, @Ctx() { loaders }: RequestContext): Promise<User | null> | null {
    return view.ownerId === null ? null : loaders.user.load(view.ownerId);
  }
}
