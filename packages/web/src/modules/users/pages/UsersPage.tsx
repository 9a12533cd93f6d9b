import { Alert, Button, Grid, Group, MultiSelect, SegmentedControl, Stack, Title } from "@mantine/core";
import { IconFilter } from "@tabler/icons-react";
import { useState } from "react";
import { useLocation, useNavigate, useSearchParams } from "react-router";
import { useUsersQuery, type PersonRowFragment, type UserState } from "../../../generated/graphql";
import { CursorPager } from "../../../shared/components/CursorPager";
import { ErrorState } from "../../../shared/components/ErrorState";
import { SearchInput } from "../../../shared/components/SearchInput";
import { DEFAULT_PAGE_SIZE, isPageSize, useCursorPaging } from "../../../shared/hooks/use-cursor-paging";
import { useSearchParamPatch } from "../../../shared/hooks/use-search-param-patch";
import { BulkActions } from "../../bulk/components/BulkActions";
import { useBulkSelection } from "../../bulk/hooks/use-bulk-selection";
import type { PeopleView } from "../../bulk/lib/view-target";
import { ExportUsersButton } from "../../exports/components/ExportUsersButton";
import { AppliedSegmentNotice } from "../../segments/components/AppliedSegmentNotice";
import { SegmentPanel } from "../../segments/components/SegmentPanel";
import { SegmentSidebar } from "../../segments/components/SegmentSidebar";
import { useAppliedSegment } from "../../segments/hooks/use-applied-segment";
import { DEFAULT_PEOPLE_SORT, isPeopleSortField, PeopleTable } from "../components/PeopleTable";

// The trash is a view of its own: the people list never mixes trashed people in.
const STATES: { value: UserState; label: string }[] = [
  { value: "ACTIVE", label: "Active" },
  { value: "NOT_ACTIVATED", label: "Not activated" },
  { value: "BANNED", label: "Banned" },
];
const OUTSIDE_TRASH = STATES.map((state) => state.value);
const TRASH: UserState[] = ["TRASHED"];

/** Everyone Roster knows, searched, filtered by state and segment, and sorted; the view lives in the URL. */
export function UsersPage() {
  const [params] = useSearchParams();
  const patch = useSearchParamPatch();
  const inTrash = params.get("view") === "trash";
  const search = params.get("q") ?? "";
  const states = (params.get("states") ?? "")
    .split(",")
    .filter((value): value is UserState => STATES.some((state) => state.value === value));
  const sortField = params.get("sort");
  const sort = isPeopleSortField(sortField)
    ? { field: sortField, direction: params.get("dir") === "desc" ? ("DESC" as const) : ("ASC" as const) }
    : DEFAULT_PEOPLE_SORT;
  const size = Number(params.get("size"));
  const pageSize = isPageSize(size) ? size : DEFAULT_PAGE_SIZE;
  // A query (`segment`) or a saved segment (`segmentId`); it narrows the view, states and all.
  const segment = params.get("segment") || null;
  const segmentId = params.get("segmentId") || null;
  const applied = useAppliedSegment(segment, segmentId);
  const [segmentPanelOpen, setSegmentPanelOpen] = useState(applied !== null);

  const viewStates = inTrash ? TRASH : states.length ? states : OUTSIDE_TRASH;
  // What the list holds; bulk actions on "all matching" and the export act on the same people.
  const view: PeopleView = { states: viewStates, search, segment, segmentId };

  const viewKey = JSON.stringify([inTrash, search, states, sort, pageSize, segment, segmentId]);
  const paging = useCursorPaging(viewKey);
  const selection = useBulkSelection<PersonRowFragment>(JSON.stringify([viewKey, paging.after]));
  const { data, previousData, loading, error, refetch } = useUsersQuery({
    variables: {
      first: pageSize,
      after: paging.after,
      search: search || null,
      states: viewStates,
      sort,
      segment,
      segmentId,
    },
  });
  const users = (data ?? previousData)?.users;
  // A page that sent the agent here after deleting someone says what happened.
  const location = useLocation();
  const navigate = useNavigate();
  const notice = (location.state as { notice?: string } | null)?.notice;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Users</Title>
        <Group gap="sm">
          <ExportUsersButton view={view} totalCount={users?.totalCount} />
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
      <Group align="flex-end" wrap="wrap">
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
            w={300}
          />
        )}
        <Button
          variant={segmentPanelOpen ? "light" : "default"}
          leftSection={<IconFilter size={16} />}
          onClick={() => setSegmentPanelOpen((open) => !open)}
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
      {notice && (
        <Alert
          color="green"
          variant="light"
          withCloseButton
          onClose={() => navigate(location, { replace: true, state: null })}
          data-testid="action-result"
        >
          {notice}
        </Alert>
      )}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, xl: 9 }}>
          {error ? (
            <ErrorState error={error} onRetry={() => void refetch()} />
          ) : (
            <>
              <BulkActions
                selection={selection}
                view={view}
                inTrash={inTrash}
                pageRows={users?.nodes.length ?? 0}
                totalCount={users?.totalCount}
              />
              <PeopleTable
                testId="users-table"
                records={users?.nodes}
                fetching={loading}
                sort={sort}
                onSortChange={(next) =>
                  patch({
                    sort: next.field === DEFAULT_PEOPLE_SORT.field ? null : next.field,
                    dir: next.direction === "DESC" ? "desc" : null,
                  })
                }
                noRecordsText={search || states.length || applied ? "No people match this search and filter." : "No people yet."}
                selectedRecords={selection.selected}
                onSelectedRecordsChange={selection.setSelected}
              />
              <CursorPager
                paging={paging}
                pageSize={pageSize}
                onPageSizeChange={(next) => patch({ size: next === DEFAULT_PAGE_SIZE ? null : String(next) })}
                rowCount={users?.nodes.length}
                totalCount={users?.totalCount}
                pageInfo={users?.pageInfo}
                loading={loading}
              />
            </>
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, xl: 3 }}>
          <SegmentSidebar activeId={segmentId} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
