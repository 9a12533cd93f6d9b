// A saved view and the Users page's URL are two spellings of one list state. The URL's
// parameters (the contract with the Users page): `q`, `states`, `view=trash`, `role`, `segment`,
// `segmentId`, `sort` + `dir=desc`, `size`, `cols`; defaults are left out so links stay short.
// `after` (the page cursor) and `viewId` (the view being shown) are in the URL but not in a view.
import { constantCase, defaultTableColumns, sortFields, tableColumns, type TableColumn } from "@roster/person";
import type {
  SavedViewInput,
  SavedViewSummaryFragment,
  SortDirection,
  UserSortField,
  UserState,
} from "../../../generated/graphql";
import { DEFAULT_PAGE_SIZE, isPageSize } from "../../../shared/lib/page-sizes";

/** What a saved view holds of the people list. */
export interface ListState {
  search: string | null;
  /** Empty: everyone outside the trash. */
  states: UserState[];
  trash: boolean;
  roleId: string | null;
  segment: string | null;
  segmentId: string | null;
  sortField: UserSortField;
  sortDirection: SortDirection;
  columns: TableColumn[];
  pageSize: number;
}

/** The states the list filters by; the trash is `view=trash`, never a state in the filter. */
export const LIST_STATES: readonly UserState[] = ["ACTIVE", "NOT_ACTIVATED", "BANNED"];
export const DEFAULT_SORT_FIELD: UserSortField = "DISPLAY_NAME";
const SORT_FIELDS = sortFields.map((field) => constantCase(field.name) as UserSortField);
const ALWAYS_SHOWN: TableColumn = "displayName";

/** The parameters that are the list's state, and the two that are not (a view never keeps them). */
export const PAGE_CURSOR_PARAM = "after";
export const VIEW_ID_PARAM = "viewId";

/**
 * The columns in a `cols` parameter: known ones only, in the table's order, the display name
 * always first; the default columns when none is known.
 */
export function readColumns(value: string | null): TableColumn[] {
  const chosen = new Set((value ?? "").split(","));
  const known = tableColumns.map((field) => field.name).filter((name) => chosen.has(name));
  if (!known.length) return [...defaultTableColumns];
  return [ALWAYS_SHOWN, ...known.filter((name) => name !== ALWAYS_SHOWN)];
}

const sameColumns = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((name, i) => name === b[i]);

/** The `cols` parameter for these columns: none for the default ones. */
export function columnsParam(columns: readonly string[]): string | null {
  const read = readColumns(columns.join(","));
  return sameColumns(read, defaultTableColumns) ? null : read.join(",");
}

/** The list state a URL holds; anything unknown in it reads as the default. */
export function listStateOf(params: URLSearchParams): ListState {
  const trash = params.get("view") === "trash";
  const states = (params.get("states") ?? "")
    .split(",")
    .filter((value): value is UserState => LIST_STATES.includes(value as UserState));
  const sort = params.get("sort");
  const size = Number(params.get("size"));
  return {
    search: params.get("q")?.trim() || null,
    states: trash ? [] : [...new Set(states)],
    trash,
    roleId: params.get("role") || null,
    segment: params.get("segment") || null,
    segmentId: params.get("segmentId") || null,
    sortField: SORT_FIELDS.find((field) => field === sort) ?? DEFAULT_SORT_FIELD,
    sortDirection: params.get("dir") === "desc" ? "DESC" : "ASC",
    columns: readColumns(params.get("cols")),
    pageSize: isPageSize(size) ? size : DEFAULT_PAGE_SIZE,
  };
}

/** The URL parameters of a list state, defaults left out. */
export function searchParamsOf(state: Omit<ListState, "columns"> & { columns: readonly string[] }): URLSearchParams {
  const params = new URLSearchParams();
  const set = (key: string, value: string | null) => {
    if (value) params.set(key, value);
  };
  set("q", state.search);
  set("view", state.trash ? "trash" : null);
  set("states", state.trash ? null : state.states.join(","));
  set("role", state.roleId);
  set("segment", state.segment);
  set("segmentId", state.segmentId);
  set("sort", state.sortField === DEFAULT_SORT_FIELD ? null : state.sortField);
  set("dir", state.sortDirection === "DESC" ? "desc" : null);
  set("size", state.pageSize === DEFAULT_PAGE_SIZE ? null : String(state.pageSize));
  set("cols", columnsParam(state.columns));
  return params;
}

/** Where a saved view opens: the Users page with its state, and its id so the navigation marks it. */
export function viewHref(view: SavedViewSummaryFragment): string {
  const params = searchParamsOf(view);
  params.set(VIEW_ID_PARAM, view.id);
  return `/users?${params.toString()}`;
}

/** The input that saves `state` under a name. */
export function savedViewInputOf(state: ListState, name: string, shared: boolean): SavedViewInput {
  return { ...state, name, shared };
}

/** A saved view as the list state it holds (its columns read as the table reads them). */
export function listStateOfView(view: SavedViewSummaryFragment): ListState {
  const { search, states, trash, roleId, segment, segmentId, sortField, sortDirection, pageSize } = view;
  return {
    search,
    states,
    trash,
    roleId,
    segment,
    segmentId,
    sortField,
    sortDirection,
    pageSize,
    columns: readColumns(view.columns.join(",")),
  };
}
