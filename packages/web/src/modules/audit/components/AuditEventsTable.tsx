import { ActionIcon, Anchor, Badge, Box, Code, Group, Stack, Text } from "@mantine/core";
import { IconChevronDown, IconChevronRight } from "@tabler/icons-react";
import { DataTable } from "mantine-datatable";
import { useState } from "react";
import { Link } from "react-router";
import type { AuditEventsQuery, AuditTarget } from "../../../generated/graphql";
import { Timestamp } from "../../../shared/components/Timestamp";
import { humanizeEnum } from "../../../shared/lib/format";
import { BULK_ACTION_LABELS, peopleCount } from "../../bulk/lib/bulk-actions";
import { ACTION_LABELS, ACTOR_TYPE_LABELS } from "../lib/audit-labels";

export type AuditEventRow = AuditEventsQuery["auditEvents"]["nodes"][number];

interface AuditEventsTableProps {
  records: readonly AuditEventRow[] | undefined;
  fetching: boolean;
  noRecordsText: string;
  /**
   * The server grouped the log (no person or job filter): an event with a `bulkJob` then stands
   * for the whole job, and its row leads to the job's report instead of to one person.
   */
  grouped?: boolean;
}

/** Where a target's name leads: people and organizations have a page each, roles share one. */
const TARGET_PATHS: Record<AuditTarget, (id: number) => string> = {
  USER: (id) => `/users/${id}`,
  ORGANIZATION: (id) => `/organizations/${id}`,
  ROLE: () => "/roles",
};

const TARGET_LABELS: Record<AuditTarget, string> = { USER: "Person", ORGANIZATION: "Organization", ROLE: "Role" };

// After these the target has no page left to open.
const DELETIONS = new Set(["USER_DELETED", "ROLE_DELETED", "ORGANIZATION_DELETED"]);

// The server stores details as a JSON string; one that does not parse is still worth showing as is.
function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function Actor({ event }: { event: AuditEventRow }) {
  // Agents and people have a profile; API keys and Roster itself do not.
  const profileId = (event.actorType === "AGENT" || event.actorType === "USER") && event.actorId !== null ? event.actorId : null;
  return (
    <Group gap="xs" wrap="nowrap">
      {profileId === null ? (
        <Text size="sm">{event.actorName}</Text>
      ) : (
        <Anchor component={Link} to={`/users/${profileId}`} size="sm">
          {event.actorName}
        </Anchor>
      )}
      <Badge size="xs" variant="light" color={event.actorType === "AGENT" ? "indigo" : "gray"}>
        {ACTOR_TYPE_LABELS[event.actorType]}
      </Badge>
    </Group>
  );
}

function Target({ event }: { event: AuditEventRow }) {
  // A name the server no longer knows (a deletion that recorded none) still says what it was.
  const name = event.targetName ?? `${TARGET_LABELS[event.targetType]} ${event.targetId}`;
  if (DELETIONS.has(event.action)) return <Text size="sm">{name}</Text>;
  return (
    <Anchor component={Link} to={TARGET_PATHS[event.targetType](event.targetId)} size="sm" data-testid="audit-target">
      {name}
    </Anchor>
  );
}

/** A bulk job's one entry: how many people it changed, leading to its report. */
function BulkJobTarget({ job }: { job: NonNullable<AuditEventRow["bulkJob"]> }) {
  return (
    <Anchor component={Link} to={`/bulk-jobs/${job.id}`} size="sm" data-testid="audit-bulk-job">
      {peopleCount(job.succeeded)} changed (of {job.total})
    </Anchor>
  );
}

function StateChange({ event }: { event: AuditEventRow }) {
  if (!event.fromState && !event.toState) return <Text c="dimmed">—</Text>;
  return (
    <Text size="sm">
      {event.fromState ? humanizeEnum(event.fromState) : "—"} → {event.toState ? humanizeEnum(event.toState) : "—"}
    </Text>
  );
}

/** Audit events, newest first; a row with details expands to show them as JSON. */
export function AuditEventsTable({ records, fetching, noRecordsText, grouped = false }: AuditEventsTableProps) {
  const [expandedIds, setExpandedIds] = useState<unknown[]>([]);
  const jobOf = (event: AuditEventRow) => (grouped ? event.bulkJob : null);
  // A job's entry is its first person's event: that person's details would read as the job's.
  const expandable = (event: AuditEventRow) => event.details !== null && !jobOf(event);
  const toggle = (id: string) =>
    setExpandedIds((current) => (current.includes(id) ? current.filter((other) => other !== id) : [...current, id]));

  return (
    <Box data-testid="audit-table">
      <DataTable<AuditEventRow>
        withTableBorder
        borderRadius="md"
        striped
        minHeight={records?.length ? undefined : 180}
        records={records ? [...records] : []}
        fetching={fetching}
        noRecordsText={noRecordsText}
        customRowAttributes={() => ({ "data-testid": "audit-row" })}
        // Expanded by the row's own button rather than a click anywhere, so links in the row
        // stay plain links and the keyboard can reach the toggle.
        rowExpansion={{
          trigger: "never",
          allowMultiple: true,
          expandable: ({ record }) => expandable(record),
          expanded: { recordIds: expandedIds, onRecordIdsChange: setExpandedIds },
          content: ({ record }) => (
            <Stack gap={4} p="sm" data-testid="audit-details">
              <Text size="xs" c="dimmed">
                Details
              </Text>
              <Code block>{record.details === null ? "" : prettyJson(record.details)}</Code>
            </Stack>
          ),
        }}
        columns={[
          {
            accessor: "expand",
            title: "",
            width: 44,
            render: (event) =>
              expandable(event) && (
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="sm"
                  onClick={() => toggle(event.id)}
                  aria-expanded={expandedIds.includes(event.id)}
                  aria-label={expandedIds.includes(event.id) ? "Hide details" : "Show details"}
                  data-testid="audit-row-toggle"
                >
                  {expandedIds.includes(event.id) ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
                </ActionIcon>
              ),
          },
          {
            accessor: "occurredAt",
            title: "When",
            render: (event) => <Timestamp value={jobOf(event)?.startedAt ?? event.occurredAt} />,
          },
          { accessor: "actorName", title: "Actor", render: (event) => <Actor event={event} /> },
          {
            accessor: "action",
            title: "Action",
            render: (event) => {
              const job = jobOf(event);
              return job ? `Bulk: ${BULK_ACTION_LABELS[job.action]}` : ACTION_LABELS[event.action];
            },
          },
          {
            accessor: "targetId",
            title: "Target",
            render: (event) => {
              const job = jobOf(event);
              return job ? <BulkJobTarget job={job} /> : <Target event={event} />;
            },
          },
          { accessor: "state", title: "State", render: (event) => <StateChange event={event} /> },
          {
            accessor: "reason",
            title: "Reason",
            render: (event) => event.reason ?? <Text c="dimmed">—</Text>,
          },
        ]}
      />
    </Box>
  );
}
