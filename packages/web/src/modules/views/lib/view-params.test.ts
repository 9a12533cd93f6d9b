import { defaultTableColumns, tableColumns } from "@roster/person";
import type { SavedViewSummaryFragment } from "../../../generated/graphql";
import {
  listStateOf,
  listStateOfView,
  readColumns,
  savedViewInputOf,
  searchParamsOf,
  viewHref,
  type ListState,
} from "./view-params";

const DEFAULT_STATE: ListState = {
  search: null,
  states: [],
  trash: false,
  roleId: null,
  segment: null,
  segmentId: null,
  sortField: "DISPLAY_NAME",
  sortDirection: "ASC",
  columns: [...defaultTableColumns],
  pageSize: 25,
};

const view = (fields: Partial<SavedViewSummaryFragment>): SavedViewSummaryFragment => ({
  __typename: "SavedView",
  id: "7",
  name: "Emails",
  shared: false,
  version: 1,
  count: 3,
  editable: true,
  ...DEFAULT_STATE,
  ...fields,
});

test("the default list is an empty query string, and an empty query string is the default list", () => {
  expect(searchParamsOf(DEFAULT_STATE).toString()).toBe("");
  expect(listStateOf(new URLSearchParams())).toEqual(DEFAULT_STATE);
});

test.each<[string, Partial<ListState>]>([
  ["a search", { search: "acme corp" }],
  ["states", { states: ["BANNED", "NOT_ACTIVATED"] }],
  ["the trash", { trash: true, search: "old" }],
  ["a role and a segment", { roleId: "4", segment: 'email ends with "@acme.com"' }],
  ["a saved segment", { segmentId: "12" }],
  ["a sort", { sortField: "EMAIL", sortDirection: "DESC" }],
  ["a page size", { pageSize: 100 }],
  ["chosen columns", { columns: ["displayName", "email", "state"] }],
  [
    "everything",
    { search: "x", states: ["ACTIVE"], roleId: "2", sortField: "LAST_LOGIN_AT", pageSize: 50, columns: ["displayName", "phone"] },
  ],
])("a view with %s survives the round trip through the URL", (_name, fields) => {
  const saved = view(fields);
  const href = viewHref(saved);
  const params = new URLSearchParams(href.slice(href.indexOf("?") + 1));
  expect(params.get("viewId")).toBe("7");
  const state = listStateOf(params);
  expect(state).toEqual(listStateOfView(saved));
  expect(savedViewInputOf(state, "Emails", false)).toEqual({ ...DEFAULT_STATE, ...fields, name: "Emails", shared: false });
});

test("a URL survives the round trip through a view, less the page cursor and the view id", () => {
  const url = "q=acme&states=BANNED&role=3&sort=EMAIL&dir=desc&size=50&cols=displayName%2Cemail%2Cstate&after=abc&viewId=9";
  const kept = new URLSearchParams(url);
  kept.delete("after");
  kept.delete("viewId");
  expect(searchParamsOf(listStateOf(new URLSearchParams(url))).toString()).toBe(kept.toString());
});

test("the brief's example: columns and a sort, in the contract's spelling", () => {
  const state = listStateOf(new URLSearchParams("cols=displayName,email,state&sort=EMAIL"));
  expect(state).toEqual({ ...DEFAULT_STATE, columns: ["displayName", "email", "state"], sortField: "EMAIL" });
  expect(decodeURIComponent(searchParamsOf(state).toString())).toBe("sort=EMAIL&cols=displayName,email,state");
});

test("what the URL cannot mean reads as the default", () => {
  const state = listStateOf(new URLSearchParams("states=TRASHED,ASLEEP,BANNED,BANNED&sort=PASSWORD&dir=up&size=7&cols=password"));
  expect(state).toEqual({ ...DEFAULT_STATE, states: ["BANNED"] });
  // The trash has no state filter.
  expect(listStateOf(new URLSearchParams("view=trash&states=ACTIVE"))).toMatchObject({ trash: true, states: [] });
});

test("columns are read in the table's order, the display name always first, each once", () => {
  expect(readColumns("email,state,email")).toEqual([
    "displayName",
    ...tableColumns.map((f) => f.name).filter((n) => n === "email" || n === "state"),
  ]);
  expect(readColumns("")).toEqual([...defaultTableColumns]);
  // Chosen columns equal to the defaults are left out of the URL.
  expect(searchParamsOf({ ...DEFAULT_STATE, columns: [...defaultTableColumns].reverse() }).has("cols")).toBe(false);
});
