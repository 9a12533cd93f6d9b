import { Anchor, Badge, Box, SegmentedControl, Stack, Text } from "@mantine/core";
import { DataTable } from "mantine-datatable";
import { useState } from "react";
import { Link } from "react-router";
import { useBulkJobResultsQuery, type BulkJobProgressFragment, type BulkOutcome } from "../../../generated/graphql";
import { CursorPager } from "../../../shared/components/CursorPager";
import { ErrorState } from "../../../shared/components/ErrorState";
import { DEFAULT_PAGE_SIZE, useCursorPaging, type PageSize } from "../../../shared/hooks/use-cursor-paging";
import { formatCount } from "../../../shared/lib/format";
import { BULK_OUTCOME_COLORS, BULK_OUTCOME_LABELS } from "../lib/bulk-actions";

const OUTCOMES: BulkOutcome[] = ["DONE", "SKIPPED", "FAILED"];
const ALL = "ALL";

interface BulkJobReportProps {
  job: BulkJobProgressFragment;
}

function isOutcome(value: string): value is BulkOutcome {
  return OUTCOMES.some((outcome) => outcome === value);
}

/** What a finished job did to each person, by outcome, with the reason for those it skipped or failed. */
export function BulkJobReport({ job }: BulkJobReportProps) {
  const counts: Record<BulkOutcome, number> = { DONE: job.succeeded, SKIPPED: job.skipped, FAILED: job.failed };
  // The people who need a second look come first when there are any.
  const [outcome, setOutcome] = useState<BulkOutcome | null>(job.failed ? "FAILED" : job.skipped ? "SKIPPED" : null);
  const [pageSize, setPageSize] = useState<PageSize>(DEFAULT_PAGE_SIZE);
  const paging = useCursorPaging(JSON.stringify([outcome, pageSize]));
  const { data, previousData, loading, error, refetch } = useBulkJobResultsQuery({
    variables: { id: job.id, first: pageSize, after: paging.after, outcome },
  });
  const results = (data ?? previousData)?.bulkJob?.results;
  // Deleted people have no profile left to open.
  const linkable = (result: { outcome: BulkOutcome }) => !(job.action === "DELETE" && result.outcome === "DONE");

  return (
    <Stack gap="xs" data-testid="bulk-report">
      <SegmentedControl
        size="xs"
        value={outcome ?? ALL}
        onChange={(value) => setOutcome(isOutcome(value) ? value : null)}
        data={[
          { value: ALL, label: `All (${formatCount(job.processed)})` },
          ...OUTCOMES.map((value) => ({ value, label: `${BULK_OUTCOME_LABELS[value]} (${formatCount(counts[value])})` })),
        ]}
        data-testid="bulk-report-outcome"
        style={{ alignSelf: "flex-start" }}
      />
      {error ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : (
        <Box>
          <DataTable
            withTableBorder
            borderRadius="md"
            striped
            minHeight={results?.nodes.length ? undefined : 120}
            // Scrolls within itself, so a long report does not push the people list out of sight.
            maxHeight={420}
            records={results ? [...results.nodes] : []}
            idAccessor="userId"
            fetching={loading}
            noRecordsText="Nobody with this outcome."
            columns={[
              {
                accessor: "displayName",
                title: "Person",
                render: (result) =>
                  linkable(result) ? (
                    <Anchor component={Link} to={`/users/${result.userId}`} size="sm">
                      {result.displayName}
                    </Anchor>
                  ) : (
                    result.displayName
                  ),
              },
              {
                accessor: "outcome",
                title: "Outcome",
                render: (result) => (
                  <Badge variant="light" color={BULK_OUTCOME_COLORS[result.outcome]} data-testid="bulk-result-outcome">
                    {BULK_OUTCOME_LABELS[result.outcome]}
                  </Badge>
                ),
              },
              {
                accessor: "reason",
                title: "Reason",
                render: (result) => result.reason ?? <Text c="dimmed">—</Text>,
              },
            ]}
          />
          <CursorPager
            paging={paging}
            pageSize={pageSize}
            onPageSizeChange={setPageSize}
            rowCount={results?.nodes.length}
            totalCount={results?.totalCount}
            pageInfo={results?.pageInfo}
            loading={loading}
          />
        </Box>
      )}
    </Stack>
  );
}
