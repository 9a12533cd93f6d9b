import { Anchor, Box, Group, Text, VisuallyHidden } from "@mantine/core";
import { constantCase, defaultTableColumns, sortFields, tableColumns, type TableColumn } from "@roster/person";
import { DataTable, type DataTableColumn, type DataTableSortStatus } from "mantine-datatable";
import { useRef, type ReactNode } from "react";
import { Link } from "react-router";
import type { PersonRowFragment, SortDirection, UserSortField } from "../../../generated/graphql";
import { Timestamp } from "../../../shared/components/Timestamp";
import { formatCount, humanizeEnum } from "../../../shared/lib/format";
import type { PersonActions } from "../hooks/use-person-actions";
import { useRowKeyboard } from "../hooks/use-row-keyboard";
import { PresenceBadge } from "./PresenceBadge";
import { RowActionsMenu } from "./RowActionsMenu";
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

const none = (
  <Text span c="dimmed">
    —
  </Text>
);

interface ColumnSpec {
  title: string;
  /** Fixed widths keep every row one line high (36 px) and the default columns within 1280 px. */
  width: number;
  render: (person: PersonRowFragment) => ReactNode;
}

/**
 * How each column a view can choose (the person fields marked `table`) is shown. Typed by
 * `TableColumn`, so a field marked `table` without a way to show it does not compile.
 */
const COLUMNS: Record<TableColumn, ColumnSpec> = {
  displayName: {
    title: "Display Name",
    width: 190,
    render: (person) => (
      <Group gap={6} wrap="nowrap">
        <Anchor component={Link} to={`/users/${person.id}`} fw={500} size="sm" truncate="end" title={person.displayName}>
          {person.displayName}
        </Anchor>
        <PresenceBadge presence={person.presence} compact />
      </Group>
    ),
  },
  username: { title: "Username", width: 120, render: (person) => person.username ?? none },
  email: { title: "Email", width: 190, render: (person) => person.email ?? none },
  lastLoginAt: {
    title: "Last Login",
    width: 110,
    render: (person) => <Timestamp value={person.lastLoginAt} fallback={person.withoutLogin ? "Never" : "—"} />,
  },
  state: {
    title: "State",
    // Room for the longest badge ("Not activated", "Banned until 10 Dec 2026") at full length.
    width: 160,
    render: (person) => <StateBadge state={person.state} bannedUntil={person.bannedUntil} />,
  },
  organization: {
    title: "Organization",
    width: 140,
    render: (person) =>
      person.organization ? (
        <Anchor component={Link} to={`/organizations/${person.organization.id}`} size="sm" title={person.organization.name}>
          {person.organization.name}
        </Anchor>
      ) : (
        none
      ),
  },
  phone: { title: "Phone", width: 130, render: (person) => person.phone ?? none },
  kind: { title: "Kind", width: 90, render: (person) => humanizeEnum(person.kind) },
  source: { title: "Source", width: 110, render: (person) => humanizeEnum(person.source) },
  verified: { title: "Verified", width: 80, render: (person) => (person.verified ? "Yes" : "No") },
  loginCount: { title: "Logins", width: 80, render: (person) => formatCount(person.loginCount) },
  timezone: { title: "Time zone", width: 150, render: (person) => person.timezone ?? none },
  locale: { title: "Locale", width: 80, render: (person) => person.locale ?? none },
  createdAt: { title: "Created", width: 120, render: (person) => <Timestamp value={person.createdAt} /> },
  id: { title: "ID", width: 70, render: (person) => person.id },
};

/** The column chooser's choices, in the table's order (the definitions' order). */
export const COLUMN_CHOICES = tableColumns.map((field) => ({ value: field.name, label: COLUMNS[field.name].title }));

interface PeopleTableProps {
  testId: string;
  records: readonly PersonRowFragment[] | undefined;
  fetching: boolean;
  sort: PeopleSort;
  onSortChange: (sort: PeopleSort) => void;
  noRecordsText: string;
  /** The columns shown, in `tableColumns` order (views/lib/view-params.ts `readColumns`); the defaults when not given. */
  columns?: readonly TableColumn[];
  /** Hidden on an organization's members, where it would repeat the page's subject. */
  showOrganization?: boolean;
  /** Ticked rows, for bulk actions; without it the table has no checkboxes. */
  selectedRecords?: PersonRowFragment[];
  onSelectedRecordsChange?: (records: PersonRowFragment[]) => void;
  /** A row's account actions (a menu at the end of each row); none without it. */
  actions?: PersonActions;
  /** Opens a person (a click anywhere on the row, or Enter on the focused row). */
  onOpen: (person: PersonRowFragment) => void;
  /** The row to focus once shown: the person the agent came back from. */
  focusId?: string | null;
}

/**
 * People in a dense table: the Users list and an organization's members. Sorting happens on the
 * server. Rows are one line high, open the person on a click, and take the list's keys
 * (`shared/lib/shortcuts.ts`: j/k or arrows, Enter, x, `.`).
 */
export function PeopleTable({
  testId,
  records,
  fetching,
  sort,
  onSortChange,
  noRecordsText,
  columns = defaultTableColumns,
  showOrganization = true,
  selectedRecords,
  onSelectedRecordsChange,
  actions,
  onOpen,
  focusId = null,
}: PeopleTableProps) {
  const rows = records ?? [];
  const containerRef = useRef<HTMLDivElement>(null);
  const keyboard = useRowKeyboard({
    containerRef,
    rows,
    focusId,
    onOpen,
    onToggle: onSelectedRecordsChange
      ? (person) => {
          const selected = selectedRecords ?? [];
          const ticked = selected.some((record) => record.id === person.id);
          onSelectedRecordsChange(ticked ? selected.filter((record) => record.id !== person.id) : [...selected, person]);
        }
      : undefined,
    menuSelector: actions ? "[data-testid='row-actions']" : undefined,
  });
  const sortStatus: DataTableSortStatus<PersonRowFragment> = {
    columnAccessor: Object.keys(SORTABLE).find((accessor) => SORTABLE[accessor] === sort.field) ?? "displayName",
    direction: sort.direction === "DESC" ? "desc" : "asc",
  };
  const shown = columns.filter((column) => showOrganization || column !== "organization");
  const tableColumnsShown: DataTableColumn<PersonRowFragment>[] = shown.map((column) => ({
    accessor: column,
    title: COLUMNS[column].title,
    width: COLUMNS[column].width,
    ellipsis: true,
    sortable: isSortable(column),
    render: COLUMNS[column].render,
  }));
  if (actions) {
    tableColumnsShown.push({
      accessor: "actions",
      title: <VisuallyHidden>Actions</VisuallyHidden>,
      width: 48,
      textAlign: "right",
      render: (person) => <RowActionsMenu person={person} actions={actions} />,
    });
  }

  return (
    <Box data-testid={testId} ref={containerRef}>
      <DataTable<PersonRowFragment>
        withTableBorder
        borderRadius="md"
        highlightOnHover
        striped
        verticalSpacing={4}
        // The checkbox column has its own, larger padding: it would make rows 41 px instead of 36.
        selectionColumnStyle={{ paddingBlock: 4 }}
        horizontalSpacing="xs"
        fz="sm"
        minHeight={rows.length ? undefined : 180}
        records={[...rows]}
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
        onRowClick={({ record, event }) => {
          // Links, checkboxes and the actions menu do their own thing.
          if ((event.target as Element).closest("a, button, input, label, [role='menu']")) return;
          onOpen(record);
        }}
        customRowAttributes={keyboard.rowAttributes}
        rowStyle={(person, index) => ({ cursor: "pointer", ...keyboard.rowStyle(person, index) })}
        columns={tableColumnsShown}
      />
    </Box>
  );
}
