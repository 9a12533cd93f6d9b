import { Anchor, Box, Group, Text } from "@mantine/core";
import { constantCase, sortFields } from "@roster/person";
import { DataTable, type DataTableColumn, type DataTableSortStatus } from "mantine-datatable";
import { Link } from "react-router";
import type { PersonRowFragment, SortDirection, UserSortField } from "../../../generated/graphql";
import { Timestamp } from "../../../shared/components/Timestamp";
import { PresenceBadge } from "./PresenceBadge";
import { StateBadge } from "./StateBadge";

/**
 * What the server can sort by (the person's fields marked `sort`), keyed by field name, which is
 * also the table's column accessor: `lastLoginAt` sorts by `LAST_LOGIN_AT`.
 */
const SORTABLE: Record<string, UserSortField> = Object.fromEntries(
  sortFields.map((field) => [field.name, constantCase(field.name) as UserSortField]),
);

const isSortable = (accessor: string): boolean => Object.hasOwn(SORTABLE, accessor);

export interface PeopleSort {
  field: UserSortField;
  direction: SortDirection;
}

export const DEFAULT_PEOPLE_SORT: PeopleSort = { field: "DISPLAY_NAME", direction: "ASC" };

export function isPeopleSortField(value: string | null): value is UserSortField {
  return Object.values(SORTABLE).some((field) => field === value);
}

interface PeopleTableProps {
  testId: string;
  records: readonly PersonRowFragment[] | undefined;
  fetching: boolean;
  sort: PeopleSort;
  onSortChange: (sort: PeopleSort) => void;
  noRecordsText: string;
  /** Hidden on an organization's members, where it would repeat the page's subject. */
  showOrganization?: boolean;
  /** Ticked rows, for bulk actions; without it the table has no checkboxes. */
  selectedRecords?: PersonRowFragment[];
  onSelectedRecordsChange?: (records: PersonRowFragment[]) => void;
}

/** People in a table: the Users list and an organization's members. Sorting happens on the server. */
export function PeopleTable({
  testId,
  records,
  fetching,
  sort,
  onSortChange,
  noRecordsText,
  showOrganization = true,
  selectedRecords,
  onSelectedRecordsChange,
}: PeopleTableProps) {
  const sortStatus: DataTableSortStatus<PersonRowFragment> = {
    columnAccessor: Object.keys(SORTABLE).find((accessor) => SORTABLE[accessor] === sort.field) ?? "displayName",
    direction: sort.direction === "DESC" ? "desc" : "asc",
  };
  return (
    <Box data-testid={testId}>
      <DataTable<PersonRowFragment>
        withTableBorder
        borderRadius="md"
        highlightOnHover
        striped
        minHeight={records?.length ? undefined : 180}
        records={records ? [...records] : []}
        fetching={fetching}
        noRecordsText={noRecordsText}
        selectedRecords={selectedRecords}
        onSelectedRecordsChange={onSelectedRecordsChange}
        allRecordsSelectionCheckboxProps={{ "aria-label": "Select everyone on this page" }}
        getRecordSelectionCheckboxProps={(person) => ({ "aria-label": `Select ${person.displayName}` })}
        sortStatus={sortStatus}
        onSortStatusChange={({ columnAccessor, direction }) =>
          onSortChange({
            field: SORTABLE[String(columnAccessor)] ?? DEFAULT_PEOPLE_SORT.field,
            direction: direction === "desc" ? "DESC" : "ASC",
          })
        }
        // Sortable: whatever the server sorts by (SORTABLE), nothing else.
        columns={(
          [
            {
              accessor: "displayName",
              title: "Display Name",
              render: (person) => (
                <Group gap="xs" wrap="nowrap">
                  <Anchor component={Link} to={`/users/${person.id}`} fw={500} size="sm">
                    {person.displayName}
                  </Anchor>
                  <PresenceBadge presence={person.presence} />
                </Group>
              ),
            },
            {
              accessor: "username",
              title: "Username",
              render: (person) => person.username ?? <Text c="dimmed">—</Text>,
            },
            { accessor: "email", title: "Email", render: (person) => person.email ?? <Text c="dimmed">—</Text> },
            {
              accessor: "lastLoginAt",
              title: "Last Login",
              render: (person) => (
                <Timestamp value={person.lastLoginAt} fallback={person.withoutLogin ? "Never signed in" : "—"} />
              ),
            },
            {
              accessor: "state",
              title: "State",
              // A badge is the first to give way when the table is tight (it truncates): keep room for the state's name.
              render: (person) => (
                <Box miw={110}>
                  <StateBadge state={person.state} bannedUntil={person.bannedUntil} />
                </Box>
              ),
            },
            {
              accessor: "organization",
              title: "Organization",
              hidden: !showOrganization,
              render: (person) =>
                person.organization ? (
                  <Anchor component={Link} to={`/organizations/${person.organization.id}`} size="sm">
                    {person.organization.name}
                  </Anchor>
                ) : (
                  <Text c="dimmed">—</Text>
                ),
            },
          ] satisfies DataTableColumn<PersonRowFragment>[]
        ).map((column) => ({ ...column, sortable: isSortable(String(column.accessor)) }))}
      />
    </Box>
  );
}
