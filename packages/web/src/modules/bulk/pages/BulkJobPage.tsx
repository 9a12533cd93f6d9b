import { Badge, Card, Group, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useParams } from "react-router";
import { ErrorState } from "../../../shared/components/ErrorState";
import { formatCount, humanizeEnum } from "../../../shared/lib/format";
import { NotFoundPage } from "../../../shared/pages/NotFoundPage";
import { BulkJobAuditEvents } from "../../audit/components/BulkJobAuditEvents";
import { BulkJobReport } from "../components/BulkJobReport";
import { useBulkJob } from "../hooks/use-bulk-job";
import { BULK_ACTION_LABELS, peopleCount } from "../lib/bulk-actions";

/** `/bulk-jobs/:id`, where the audit log's entry for a job leads: its report and the events it wrote. */
export function BulkJobPage() {
  const { id = "" } = useParams();
  // Keyed: the progress hook follows one job for its whole life.
  return <BulkJobDetails key={id} jobId={id} />;
}

function BulkJobDetails({ jobId }: { jobId: string }) {
  const { job, finished, missing, error, refetch } = useBulkJob(jobId);

  if (error && !job) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (missing) return <NotFoundPage />;

  return (
    <Stack>
      <Card withBorder padding="lg">
        {job ? (
          <Stack gap="xs">
            <Group gap="xs">
              <Title order={1} size="h2" tabIndex={-1} data-testid="bulk-job-title">
                Bulk job: {BULK_ACTION_LABELS[job.action]}
              </Title>
              <Badge variant="light" data-testid="bulk-job-status">
                {humanizeEnum(job.status)}
              </Badge>
            </Group>
            <Text size="sm" data-testid="bulk-counters">
              {peopleCount(job.total)} · {formatCount(job.succeeded)} done · {formatCount(job.skipped)} skipped ·{" "}
              {formatCount(job.failed)} failed
            </Text>
            {/* The report reads the final counts: until then, the counters above move. */}
            {finished ? (
              <BulkJobReport job={job} />
            ) : (
              <Text size="sm" c="dimmed">
                Running: {formatCount(job.processed)} of {formatCount(job.total)} processed.
              </Text>
            )}
          </Stack>
        ) : (
          <Skeleton height={120} />
        )}
      </Card>
      <Title order={3}>Audit events</Title>
      <BulkJobAuditEvents jobId={jobId} />
    </Stack>
  );
}
