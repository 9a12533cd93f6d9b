/**
 * Saved views of the people list: checking what a view holds against the list's own rules,
 * keeping it, and counting the people it shows. A view's count is the people list's
 * totalCount for the same arguments: both read userFilterOf and UserService's counting.
 */
import { tableColumns } from "@roster/person";
import { Brackets, Not, type DataSource } from "typeorm";
import { badInput, DomainError, ErrorCode } from "../../common/errors";
import { parseId } from "../../common/ids";
import type { Viewer } from "../auth/viewer";
import type { RoleService } from "../roles/role.service";
import type { SegmentService } from "../segments/segment.service";
import { userFilterOf, type UserListArgs } from "../users/user-filter";
import { UserState } from "../users/user.enums";
import type { UserService } from "../users/user.service";
import type { SavedViewInput } from "./dto/saved-view.input";
import { assertMayChange, assertMayHold, maySee, ownerIdOf } from "./saved-view-access";
import { SavedView } from "./saved-view.entity";

/** The column a view always shows: a row must say whom it is about. */
export const REQUIRED_COLUMN = "displayName";
const TABLE_COLUMNS: ReadonlySet<string> = new Set(tableColumns.map((column) => column.name));
/** What the people list shows without a state filter: everyone but the trash, which is a view of its own. */
const OUTSIDE_TRASH = [UserState.ACTIVE, UserState.NOT_ACTIVATED, UserState.BANNED];

/** What a view holds, checked and in its stored form. */
type ViewFields = Omit<SavedView, "id" | "ownerId" | "owner" | "role" | "savedSegment" | "version" | "createdAt" | "updatedAt">;

/** The `users(...)` arguments of the list a view shows, as the Users page sends them. */
export function listArgsOf(
  view: Pick<SavedView, "search" | "states" | "trash" | "roleId" | "segment" | "segmentId">,
): UserListArgs {
  return {
    search: view.search,
    states: view.trash ? [UserState.TRASHED] : view.states.length ? view.states : OUTSIDE_TRASH,
    roleId: view.roleId === null ? null : String(view.roleId),
    segment: view.segment,
    segmentId: view.segmentId === null ? null : String(view.segmentId),
  };
}

export class SavedViewService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UserService,
    private readonly roles: RoleService,
    private readonly segments: SegmentService,
  ) {}

  /** The viewer's own views first, then the shared ones of others; each part by name. */
  visibleTo(viewer: Viewer): Promise<SavedView[]> {
    const ownerId = ownerIdOf(viewer);
    const query = this.dataSource.getRepository(SavedView).createQueryBuilder("v");
    if (ownerId === null)
      return query.where("v.shared = :shared", { shared: true }).orderBy("v.name").addOrderBy("v.id").getMany();
    return query
      .where(new Brackets((where) => where.where("v.shared = :shared", { shared: true }).orWhere("v.ownerId = :ownerId")))
      .setParameter("ownerId", ownerId)
      .orderBy("CASE WHEN v.ownerId = :ownerId THEN 0 ELSE 1 END")
      .addOrderBy("v.name")
      .addOrderBy("v.id")
      .getMany();
  }

  async findVisible(id: number, viewer: Viewer): Promise<SavedView | null> {
    const view = await this.dataSource.getRepository(SavedView).findOneBy({ id });
    return view && maySee(viewer, view) ? view : null;
  }

  async create(viewer: Viewer, input: SavedViewInput, now: Date): Promise<SavedView> {
    assertMayHold(viewer, input.shared);
    const fields = await this.checked(viewer, input, null);
    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(SavedView);
      return repository.save(repository.create({ ...fields, ownerId: ownerIdOf(viewer), createdAt: now, updatedAt: now }));
    });
  }

  /** Replaces what the view holds. Refused with CONFLICT when `version` is not the stored one. */
  async update(viewer: Viewer, id: number, version: number, input: SavedViewInput, now: Date): Promise<SavedView> {
    const view = await this.visibleOrNotFound(id, viewer);
    assertMayChange(viewer, view);
    if (input.shared !== view.shared) assertMayHold(viewer, input.shared);
    const fields = await this.checked(viewer, input, view);
    // A view made private belongs to whoever made it so.
    const ownerId = !input.shared && view.shared ? ownerIdOf(viewer) : view.ownerId;
    const changes = { ...fields, ownerId, version: version + 1, updatedAt: now };
    const result = await this.dataSource.getRepository(SavedView).update({ id, version }, changes);
    if (!result.affected) throw stale(view);
    return Object.assign(view, changes);
  }

  /** With `version`, refused with CONFLICT when the view changed since it was read. */
  async delete(viewer: Viewer, id: number, version: number | null): Promise<boolean> {
    const view = await this.visibleOrNotFound(id, viewer);
    assertMayChange(viewer, view);
    const result = await this.dataSource.getRepository(SavedView).delete(version === null ? { id } : { id, version });
    if (!result.affected) throw stale(view);
    return true;
  }

  /**
   * The people each view shows now, in order: its list's filter (userFilterOf, as `users` builds
   * it) counted by UserService in one statement for the batch. A view whose filter no longer
   * holds (its segment was made private) gets the error the list would answer.
   */
  async counts(views: readonly SavedView[], viewer: Viewer, now: Date): Promise<(number | Error)[]> {
    const services = { roles: this.roles, segments: this.segments };
    const filters = await Promise.allSettled(views.map((view) => userFilterOf(listArgsOf(view), services, viewer, now)));
    const countable = filters.flatMap((filter) => (filter.status === "fulfilled" ? [filter.value] : []));
    const totals = await this.users.counts(countable, now);
    let next = 0;
    return filters.map((filter) =>
      filter.status === "fulfilled"
        ? totals[next++]
        : filter.reason instanceof Error
          ? filter.reason
          : new Error(String(filter.reason)),
    );
  }

  /** The input checked against the people list's rules, in its stored form. */
  private async checked(viewer: Viewer, input: SavedViewInput, current: SavedView | null): Promise<ViewFields> {
    const name = input.name.trim();
    if (!name) throw badInput("name", "name must not be blank.");
    await this.assertNameFree(viewer, name, input.shared, current);
    const states = [...new Set(input.states)];
    if (states.includes(UserState.TRASHED)) {
      throw badInput("states", "states: the trash is a view of its own; set trash instead of the TRASHED state.");
    }
    if (input.trash && states.length) throw badInput("states", "states: a view of the trash has no state filter.");
    return {
      name,
      shared: input.shared,
      search: input.search?.trim() || null,
      states,
      trash: input.trash,
      roleId: await this.checkedRole(input.roleId),
      segment: input.segment ? this.canonicalSegment(input.segment) : null,
      segmentId: await this.checkedSegment(viewer, input.segmentId, input.shared),
      sortField: input.sortField,
      sortDirection: input.sortDirection,
      columns: checkedColumns(input.columns),
      pageSize: input.pageSize,
    };
  }

  /** Names are unique, ignoring case, among the owner's private views and among the shared ones. */
  private async assertNameFree(viewer: Viewer, name: string, shared: boolean, current: SavedView | null): Promise<void> {
    const ownerId = shared ? null : ownerIdOf(viewer);
    const query = this.dataSource
      .getRepository(SavedView)
      .createQueryBuilder("v")
      .where("LOWER(v.name) = LOWER(:name)", { name })
      .andWhere("v.shared = :shared", { shared });
    if (ownerId !== null) query.andWhere("v.ownerId = :ownerId", { ownerId });
    if (current) query.andWhere({ id: Not(current.id) });
    const taken = await query.getOne();
    if (taken) {
      throw new DomainError(
        ErrorCode.Conflict,
        `There is already ${shared ? "a shared view" : "a view of yours"} named ${taken.name}.`,
        { argument: "name" },
      );
    }
  }

  private async checkedRole(roleId: string | null | undefined): Promise<number | null> {
    if (!roleId) return null;
    const role = await this.roles.findById(parseId(roleId, "roleId"));
    if (!role) throw badInput("roleId", `roleId: there is no role with id ${roleId}.`);
    return role.id;
  }

  private canonicalSegment(text: string): string {
    const { valid, canonical, errors } = this.segments.validate(text);
    if (valid && canonical !== null) return canonical;
    const first = errors[0];
    throw new DomainError(
      ErrorCode.BadUserInput,
      `segment: ${first?.message ?? "not a valid segment"}${first ? ` (line ${first.line}, column ${first.column})` : ""}`,
      { argument: "segment", segmentErrors: errors },
    );
  }

  /** The saved segment must be one the viewer sees, and a shared view needs a shared segment (others see only those). */
  private async checkedSegment(viewer: Viewer, segmentId: string | null | undefined, shared: boolean): Promise<number | null> {
    if (!segmentId) return null;
    const segment = await this.segments.findVisible(parseId(segmentId, "segmentId"), viewer);
    if (!segment) throw badInput("segmentId", `segmentId: there is no segment ${segmentId} you can see.`);
    if (shared && !segment.shared) {
      throw badInput("segmentId", `segmentId: the segment ${segment.name} is private; a shared view needs a shared segment.`);
    }
    return segment.id;
  }

  private async visibleOrNotFound(id: number, viewer: Viewer): Promise<SavedView> {
    const view = await this.findVisible(id, viewer);
    if (!view) throw new DomainError(ErrorCode.NotFound, `There is no saved view ${id} you can see.`);
    return view;
  }
}

function stale(view: SavedView): DomainError {
  return new DomainError(
    ErrorCode.Conflict,
    `The view "${view.name}" was changed by someone else meanwhile (now version ${view.version}). Reload and make your change again.`,
    { currentVersion: view.version },
  );
}

/** The columns in order: known, each once, displayName among them. */
function checkedColumns(columns: readonly string[]): string[] {
  const unknown = columns.filter((column) => !TABLE_COLUMNS.has(column));
  if (unknown.length) {
    throw badInput(
      "columns",
      `columns: ${unknown.join(", ")} ${unknown.length === 1 ? "is not a column" : "are not columns"} of the people list.`,
    );
  }
  const repeated = columns.filter((column, index) => columns.indexOf(column) !== index);
  if (repeated.length) throw badInput("columns", `columns: ${[...new Set(repeated)].join(", ")} is chosen more than once.`);
  if (!columns.includes(REQUIRED_COLUMN)) throw badInput("columns", `columns: ${REQUIRED_COLUMN} is always shown.`);
  return [...columns];
}
