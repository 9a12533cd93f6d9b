import { Button, Group, MultiSelect, SegmentedControl, Select, Stack, Title } from "@mantine/core";
import type { TableColumn } from "@roster/person";
import { IconFilter } from "@tabler/icons-react";
import { useCallback, useEffect, useRef, useState } from "react";
import { useLocation, useSearchParams } from "react-router";
import {
  useRoleChoicesQuery,
  useUsersCountQuery,
  useUsersQuery,
  type PersonRowFragment,
  type UserState,
} from "../../../generated/graphql";
import { CursorPager } from "../../../shared/components/CursorPager";
import { ErrorState } from "../../../shared/components/ErrorState";
import { SearchInput } from "../../../shared/components/SearchInput";
import { DEFAULT_PAGE_SIZE, isPageSize, useUrlCursorPaging } from "../../../shared/hooks/use-cursor-paging";
import { useSearchParamPatch, type SearchParamPatch } from "../../../shared/hooks/use-search-param-patch";
import { formatCount, humanizeEnum } from "../../../shared/lib/format";
import { BulkActions } from "../../bulk/components/BulkActions";
import { useBulkSelection } from "../../bulk/hooks/use-bulk-selection";
import type { PeopleView } from "../../bulk/lib/view-target";
import { ExportUsersButton } from "../../exports/components/ExportUsersButton";
import { AppliedSegmentNotice } from "../../segments/components/AppliedSegmentNotice";
import { SegmentPanel } from "../../segments/components/SegmentPanel";
import { useAppliedSegment } from "../../segments/hooks/use-applied-segment";
import { ColumnChooser } from "../components/ColumnChooser";
import { SaveViewButton } from "../../views/components/SaveViewButton";
import { columnsParam, DEFAULT_SORT_FIELD, LIST_STATES, listStateOf, readColumns } from "../../views/lib/view-params";
import { PeopleTable } from "../components/PeopleTable";
import { TransitionDialog } from "../components/TransitionDialog";
import { usePersonActions } from "../hooks/use-person-actions";
import { useOpenPerson } from "../hooks/use-open-person";
import type { ListHistoryState } from "../lib/list-return";

// The trash is a view of its own: the people list never mixes trashed people in.
const STATES = LIST_STATES.map((value) => ({ value, label: humanizeEnum(value) }));
const TRASH: UserState[] = ["TRASHED"];

/**
 * Everyone Roster knows, searched, filtered by state, role and segment, sorted, in the chosen
 * columns. The whole view lives in the URL (docs/DEVELOPING.md, "The Users list's URL"; read by
 * views/lib/view-params.ts, which saved views share), page included, so Back, a reload, a saved
 * view and a shared link all show the same list.
 */
export function UsersPage() {
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const patchParams = useSearchParamPatch();
  // Any change to what the list holds starts again from its first page.
  const patch = useCallback((changes: SearchParamPatch) => patchParams({ ...changes, after: null, page: null }), [patchParams]);

  // Quick toggles must all count: react-router hands a functional update the params of the last
  // render, not those of a navigation still pending, so two clicks before a render would both
  // start from the same columns and one would be lost. Each toggle starts from the last one's.
  const latestParams = useRef(params);
  useEffect(() => {
    latestParams.current = params;
  }, [params]);
  const toggleColumn = useCallback(
    (column: TableColumn, shown: boolean) => {
      const next = new URLSearchParams(latestParams.current);
      const columns = readColumns(next.get("cols")).filter((name) => name !== column);
      const cols = columnsParam(shown ? [...columns, column] : columns);
      if (cols) next.set("cols", cols);
      else next.delete("cols");
      latestParams.current = next;
      setParams(next, { replace: true });
    },
    [setParams],
  );

  const list = listStateOf(params);
  const { trash: inTrash, states, roleId, columns, segment, segmentId } = list;
  const search = list.search ?? "";
  const sort = { field: list.sortField, direction: list.sortDirection };
  const pageSize = isPageSize(list.pageSize) ? list.pageSize : DEFAULT_PAGE_SIZE;
  const applied = useAppliedSegment(segment, segmentId);
  const [segmentPanelOpen, setSegmentPanelOpen] = useState(applied !== null);

  const roles = useRoleChoicesQuery().data?.roles ?? [];
  const everyone = roles.find((role) => role.systemKey === "EVERYONE");
  const role = roles.find((candidate) => candidate.id === roleId) ?? null;

  const viewStates = inTrash ? TRASH : states.length ? states : [...LIST_STATES];
  // What the list holds; bulk actions on "all matching" and the export act on the same people.
  const view: PeopleView = { states: viewStates, search, segment, segmentId, sort, role };

  const paging = useUrlCursorPaging();
  const viewKey = JSON.stringify([inTrash, search, states, roleId, sort, pageSize, segment, segmentId]);
  const selection = useBulkSelection<PersonRowFragment>(JSON.stringify([viewKey, paging.after]));
  const actions = usePersonActions();
  const openPerson = useOpenPerson();
  const { data, previousData, loading, error, refetch } = useUsersQuery({
    variables: {
      first: pageSize,
      after: paging.after,
      search: search || null,
      states: viewStates,
      roleId,
      sort,
      segment,
      segmentId,
    },
  });
  const users = (data ?? previousData)?.users;
  const counted = useUsersCountQuery({
    variables: { search: search || null, states: viewStates, roleId, segment, segmentId },
    // Counted again when the filters change or the list is opened again, not when paging.
    fetchPolicy: "cache-and-network",
  });
  const totalCount = (counted.data ?? counted.previousData)?.users.totalCount;
  const focusId = (location.state as ListHistoryState | null)?.focusId ?? null;

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={1} size="h2" tabIndex={-1}>
          Users
        </Title>
        <Group gap="sm">
          <SaveViewButton params={params} />
          <ExportUsersButton view={view} totalCount={totalCount} />
          <SegmentedControl
            data={[
              { value: "people", label: "People" },
              { value: "trash", label: "Trash" },
            ]}
            value={inTrash ? "trash" : "people"}
            onChange={(value) => patch({ view: value === "trash" ? "trash" : null, states: null })}
          />
        </Group>
      </Group>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <SearchInput
          label="Search"
          placeholder="Name, username, email or organization"
          value={search}
          onSearch={(value) => patch({ q: value })}
          slashToFocus
        />
        {!inTrash && (
          <MultiSelect
            label="State"
            placeholder={states.length ? undefined : "Any state"}
            data={STATES}
            value={states}
            onChange={(value) => patch({ states: value.join(",") })}
            clearable
            w={220}
          />
        )}
        <Select
          label="Role"
          data-testid="role-filter"
          data={roles.map((choice) => ({ value: choice.id, label: `${choice.name} (${formatCount(choice.memberCount)})` }))}
          // "Everyone" is the list without a role filter: the same people, and the default.
          value={role?.id ?? everyone?.id ?? null}
          onChange={(value) => patch({ role: value === everyone?.id ? null : value })}
          allowDeselect={false}
          searchable
          w={220}
        />
        {/* Columns change what is shown, not which people: the page stays. */}
        <ColumnChooser columns={columns} onToggle={toggleColumn} />
        <Button
          variant={segmentPanelOpen ? "light" : "default"}
          leftSection={<IconFilter size={16} />}
          onClick={() => setSegmentPanelOpen((opened) => !opened)}
          aria-expanded={segmentPanelOpen}
          data-testid="segment-toggle"
        >
          Segment
        </Button>
      </Group>
      {segmentPanelOpen && (
        <SegmentPanel applied={applied?.query ?? ""} onApply={(query) => patch({ segment: query, segmentId: null })} />
      )}
      {applied && <AppliedSegmentNotice applied={applied} onClear={() => patch({ segment: null, segmentId: null })} />}
      {error ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : (
        <>
          <BulkActions
            selection={selection}
            view={view}
            inTrash={inTrash}
            pageRows={users?.nodes.length ?? 0}
            totalCount={totalCount}
          />
          <PeopleTable
            testId="users-table"
            records={users?.nodes}
            fetching={loading}
            sort={sort}
            columns={columns}
            onSortChange={(next) =>
              patch({
                sort: next.field === DEFAULT_SORT_FIELD ? null : next.field,
                dir: next.direction === "DESC" ? "desc" : null,
              })
            }
            noRecordsText={
              search || states.length || roleId || applied ? "No people match this search and filter." : "No people yet."
            }
            selectedRecords={selection.selected}
            onSelectedRecordsChange={selection.setSelected}
            actions={actions}
            onOpen={(person) => openPerson(person.id, users?.nodes)}
            focusId={focusId}
          />
          <CursorPager
            paging={paging}
            pageSize={pageSize}
            onPageSizeChange={(next) => patch({ size: next === DEFAULT_PAGE_SIZE ? null : String(next) })}
            rowCount={users?.nodes.length}
            totalCount={totalCount}
            pageInfo={users?.pageInfo}
            loading={loading}
          />
        </>
      )}
      <TransitionDialog actions={actions} />
    </Stack>
  );
}
