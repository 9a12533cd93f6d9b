import { Anchor, Box, Group, Text } from "@mantine/core";
import { DataTable, type DataTableSortStatus } from "mantine-datatable";
import { Link } from "react-router";
import type { PersonRowFragment, SortDirection, UserSortField } from "../../../generated/graphql";
import { Timestamp } from "../../../shared/components/Timestamp";
import { PresenceBadge } from "./PresenceBadge";
import { StateBadge } from "./StateBadge";

/** The columns the server can sort by, keyed by the table's column accessor. */
const SORTABLE: Record<string, UserSortField> = {
  displayName: "DISPLAY_NAME",
  username: "USERNAME",
  email: "EMAIL",
  lastLoginAt: "LAST_LOGIN_AT",
};

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
            field: SORTABLE[String(columnAccessor)] ?? "DISPLAY_NAME",
            direction: direction === "desc" ? "DESC" : "ASC",
          })
        }
        columns={[
          {
            accessor: "displayName",
            title: "Display Name",
            sortable: true,
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
            sortable: true,
            render: (person) => person.username ?? <Text c="dimmed">—</Text>,
          },
          { accessor: "email", title: "Email", sortable: true, render: (person) => person.email ?? <Text c="dimmed">—</Text> },
          {
            accessor: "lastLoginAt",
            title: "Last Login",
            sortable: true,
            render: (person) => <Timestamp value={person.lastLoginAt} fallback={person.withoutLogin ? "Never signed in" : "—"} />,
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
        ]}
      />
    </Box>
  );
}
