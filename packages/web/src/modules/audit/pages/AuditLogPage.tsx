import { Button, Group, MultiSelect, Select, Stack, Text, Title } from "@mantine/core";
import { useSearchParams } from "react-router";
import { useAuditEventsQuery } from "../../../generated/graphql";
import { CursorPager } from "../../../shared/components/CursorPager";
import { ErrorState } from "../../../shared/components/ErrorState";
import { DEFAULT_PAGE_SIZE, isPageSize, useCursorPaging } from "../../../shared/hooks/use-cursor-paging";
import { useSearchParamPatch } from "../../../shared/hooks/use-search-param-patch";
import { missingPermissionHint, usePermission } from "../../auth/hooks/use-permission";
import { AuditEventsTable } from "../components/AuditEventsTable";
import { FilterInput } from "../components/FilterInput";
import { ACTION_LABELS, ACTOR_TYPE_LABELS, isActorType, isAuditAction } from "../lib/audit-labels";

const ACTION_OPTIONS = Object.entries(ACTION_LABELS).map(([value, label]) => ({ value, label }));
const ACTOR_TYPE_OPTIONS = Object.entries(ACTOR_TYPE_LABELS).map(([value, label]) => ({ value, label }));
// The parameters the filters own; "Clear filters" drops them and keeps the page size.
const FILTER_PARAMS = ["actions", "actor", "person", "since", "until"] as const;

const DATE_INPUT_VALUE = /^\d{4}-\d{2}-\d{2}$/;
const PERSON_ID = /^[1-9]\d*$/;

/** A `YYYY-MM-DD` parameter as a date input gives it; anything else reads as no date. */
function readDate(params: URLSearchParams, key: string): string {
  const value = params.get(key) ?? "";
  return DATE_INPUT_VALUE.test(value) && !Number.isNaN(new Date(`${value}T00:00`).getTime()) ? value : "";
}

/**
 * Midnight starting a picked day, `days` later, as an instant. Read in the browser's time zone:
 * the agent picking "3 March" means their own 3 March.
 */
function startOfDay(date: string, days = 0): string {
  const day = new Date(`${date}T00:00`);
  day.setDate(day.getDate() + days);
  return day.toISOString();
}

/** Who did what to whom, newest first, filtered by action, actor type, person and dates; the view lives in the URL. */
export function AuditLogPage() {
  const mayView = usePermission("audit.view");
  const [params] = useSearchParams();
  const patch = useSearchParamPatch();
  const actions = (params.get("actions") ?? "").split(",").filter(isAuditAction);
  const actorParam = params.get("actor");
  const actorType = isActorType(actorParam) ? actorParam : null;
  const person = params.get("person") ?? "";
  const since = readDate(params, "since");
  const until = readDate(params, "until");
  const size = Number(params.get("size"));
  const pageSize = isPageSize(size) ? size : DEFAULT_PAGE_SIZE;

  const personInvalid = person !== "" && !PERSON_ID.test(person);
  // ISO dates compare as strings; the "To" day is included, so the same day on both ends is fine.
  const rangeInvalid = since !== "" && until !== "" && until < since;
  // Not sent to the server, which would only refuse it: the input in question says what is wrong.
  const invalid = personInvalid || rangeInvalid;
  const filtered = actions.length > 0 || actorType !== null || person !== "" || since !== "" || until !== "";

  const paging = useCursorPaging(JSON.stringify([actions, actorType, person, since, until, pageSize]));
  const { data, previousData, loading, error, refetch } = useAuditEventsQuery({
    variables: {
      first: pageSize,
      after: paging.after,
      actions: actions.length ? actions : null,
      actorType,
      targetType: person ? "USER" : null,
      targetId: person || null,
      since: since ? startOfDay(since) : null,
      // The server's `until` is exclusive: the next midnight keeps the whole "To" day.
      until: until ? startOfDay(until, 1) : null,
    },
    skip: !mayView || invalid,
    // Every action elsewhere in the app adds to the log: coming back here must show it.
    fetchPolicy: "cache-and-network",
  });
  const events = invalid ? undefined : (data ?? previousData)?.auditEvents;

  if (!mayView) {
    return (
      <Stack>
        <Title order={1} size="h2" tabIndex={-1}>
          Audit log
        </Title>
        <Text c="dimmed" data-testid="audit-forbidden">
          {missingPermissionHint("audit.view")}
        </Text>
      </Stack>
    );
  }

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2" tabIndex={-1}>
          Audit log
        </Title>
        {filtered && (
          <Button
            variant="subtle"
            onClick={() => patch(Object.fromEntries(FILTER_PARAMS.map((key) => [key, null])))}
            data-testid="audit-clear-filters"
          >
            Clear filters
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        Everything done to people, organizations and roles: who did it, when, the state before and after, and why. A bulk job is
        one entry; open it for what it did to each person.
      </Text>
      <Group align="flex-start" wrap="wrap" data-testid="audit-filters">
        <MultiSelect
          label="Action"
          placeholder={actions.length ? undefined : "Any action"}
          data={ACTION_OPTIONS}
          value={actions}
          onChange={(value) => patch({ actions: value.join(",") })}
          searchable
          clearable
          w={280}
          data-testid="audit-filter-action"
        />
        <Select
          label="Actor"
          placeholder="Anyone"
          data={ACTOR_TYPE_OPTIONS}
          value={actorType}
          onChange={(value) => patch({ actor: value })}
          clearable
          w={150}
          data-testid="audit-filter-actor"
        />
        <FilterInput
          label="Person ID"
          placeholder="Any person"
          inputMode="numeric"
          value={person}
          onCommit={(value) => patch({ person: value })}
          error={personInvalid ? "A number, as in /users/42." : undefined}
          w={140}
          data-testid="audit-filter-person"
        />
        <FilterInput
          type="date"
          label="From"
          value={since}
          max={until || undefined}
          onCommit={(value) => patch({ since: value })}
          w={160}
          data-testid="audit-filter-since"
        />
        <FilterInput
          type="date"
          label="To"
          value={until}
          min={since || undefined}
          onCommit={(value) => patch({ until: value })}
          error={rangeInvalid ? "Pick a day on or after the start." : undefined}
          w={160}
          data-testid="audit-filter-until"
        />
      </Group>
      {error ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : (
        <>
          <AuditEventsTable
            records={events?.nodes}
            // The server groups bulk jobs unless the log is one person's history.
            grouped={!person}
            fetching={loading}
            noRecordsText={
              invalid
                ? "Correct the filters above to see events."
                : filtered
                  ? "No events match these filters."
                  : "Nothing has been recorded yet."
            }
          />
          <CursorPager
            paging={paging}
            pageSize={pageSize}
            onPageSizeChange={(next) => patch({ size: next === DEFAULT_PAGE_SIZE ? null : String(next) })}
            rowCount={events?.nodes.length}
            totalCount={events?.totalCount}
            pageInfo={events?.pageInfo}
            loading={loading}
          />
        </>
      )}
    </Stack>
  );
}
