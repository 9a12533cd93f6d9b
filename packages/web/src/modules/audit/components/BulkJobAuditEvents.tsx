import { Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useAuditEventsQuery } from "../../../generated/graphql";
import { CursorPager } from "../../../shared/components/CursorPager";
import { ErrorState } from "../../../shared/components/ErrorState";
import { DEFAULT_PAGE_SIZE, useCursorPaging, type PageSize } from "../../../shared/hooks/use-cursor-paging";
import { missingPermissionHint, usePermission } from "../../auth/hooks/use-permission";
import { AuditEventsTable } from "./AuditEventsTable";

/** The audit events a bulk job wrote, one per person it changed, newest first: what the log groups into one entry. */
export function BulkJobAuditEvents({ jobId }: { jobId: string }) {
  const mayView = usePermission("audit.view");
  const [pageSize, setPageSize] = useState<PageSize>(DEFAULT_PAGE_SIZE);
  const paging = useCursorPaging(JSON.stringify([jobId, pageSize]));
  const { data, previousData, loading, error, refetch } = useAuditEventsQuery({
    variables: { first: pageSize, after: paging.after, bulkJobId: jobId },
    skip: !mayView,
    // A running job adds events: coming back must show them.
    fetchPolicy: "cache-and-network",
  });
  const events = (data ?? previousData)?.auditEvents;

  if (!mayView) {
    return (
      <Text c="dimmed" size="sm" data-testid="bulk-audit-forbidden">
        {missingPermissionHint("audit.view")}
      </Text>
    );
  }
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  return (
    <Stack gap="xs" data-testid="bulk-audit-events">
      <AuditEventsTable records={events?.nodes} fetching={loading} noRecordsText="The job has not changed anyone yet." />
      <CursorPager
        paging={paging}
        pageSize={pageSize}
        onPageSizeChange={setPageSize}
        rowCount={events?.nodes.length}
        totalCount={events?.totalCount}
        pageInfo={events?.pageInfo}
        loading={loading}
      />
    </Stack>
  );
}
