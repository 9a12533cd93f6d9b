import type { ErrorLike } from "@apollo/client";
import { Badge, Button, Card, CloseButton, Group, Progress, Skeleton, Stack, Text, Tooltip } from "@mantine/core";
import { useState } from "react";
import { useCancelBulkJobMutation, useRetryBulkJobMutation, type BulkJobStatus } from "../../../generated/graphql";
import { ErrorState } from "../../../shared/components/ErrorState";
import { FailedJobAlert } from "../../../shared/components/FailedJobAlert";
import { formatCount, humanizeEnum } from "../../../shared/lib/format";
import { missingPermissionHint, usePermission } from "../../auth/hooks/use-permission";
import { useBulkJob } from "../hooks/use-bulk-job";
import { BULK_ACTION_LABELS, peopleCount } from "../lib/bulk-actions";
import { BulkJobReport } from "./BulkJobReport";

const STATUS_COLORS: Record<BulkJobStatus, string> = {
  QUEUED: "gray",
  RUNNING: "blue",
  DONE: "green",
  CANCELLED: "orange",
  FAILED: "red",
};

interface BulkJobPanelProps {
  /** Key the panel by it: one panel follows one job. */
  jobId: string;
  onClose: () => void;
}

/**
 * A bulk job from start to end: a live progress bar and counters, Cancel, then the per-person
 * report. A job that FAILED says why, keeps its counts and offers Retry (or Cancel) until the
 * agent picks one, so it cannot be closed and forgotten.
 */
export function BulkJobPanel({ jobId, onClose }: BulkJobPanelProps) {
  const mayManage = usePermission("people.manage");
  const { job, finished, missing, error, refetch } = useBulkJob(jobId);
  const [cancel, cancelling] = useCancelBulkJobMutation();
  const [cancelError, setCancelError] = useState<ErrorLike | null>(null);
  const [retry, retrying] = useRetryBulkJobMutation();
  const [retryError, setRetryError] = useState<ErrorLike | null>(null);

  if (!job) {
    if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
    if (missing) return <Text c="dimmed">This bulk job no longer exists.</Text>;
    return <Skeleton height={96} />;
  }

  const requestCancel = async () => {
    setCancelError(null);
    try {
      await cancel({ variables: { id: job.id } });
    } catch (caught) {
      setCancelError(caught as ErrorLike);
    }
  };
  const requestRetry = async () => {
    setRetryError(null);
    try {
      await retry({ variables: { id: job.id } });
    } catch (caught) {
      setRetryError(caught as ErrorLike);
    }
  };
  const failed = job.status === "FAILED";
  const percent = Math.round(job.progress * 100);

  return (
    <Card withBorder padding="md" data-testid="bulk-job">
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="xs">
            <Text fw={600}>
              {BULK_ACTION_LABELS[job.action]}: {peopleCount(job.total)}
            </Text>
            <Badge color={STATUS_COLORS[job.status]} variant="light" data-testid="bulk-job-status">
              {humanizeEnum(job.status)}
            </Badge>
          </Group>
          {finished && !failed && <CloseButton aria-label="Close the report" onClick={onClose} data-testid="bulk-job-close" />}
        </Group>
        <Progress
          value={percent}
          animated={!finished}
          striped={!finished}
          color={failed ? "red" : job.failed ? "orange" : undefined}
          aria-label={`${percent}% done`}
          data-testid="bulk-progress"
          data-progress={job.progress}
        />
        <Group justify="space-between">
          <Text size="sm" data-testid="bulk-counters">
            {formatCount(job.processed)} of {formatCount(job.total)} processed · {formatCount(job.succeeded)} done ·{" "}
            {formatCount(job.skipped)} skipped · {formatCount(job.failed)} failed
          </Text>
          {!finished && (
            <Tooltip label={missingPermissionHint("people.manage")} disabled={mayManage} multiline w={260}>
              <Button
                size="xs"
                variant="default"
                color="red"
                onClick={() => void requestCancel()}
                loading={cancelling.loading}
                disabled={!mayManage || job.cancelRequestedAt !== null}
                data-testid="bulk-cancel"
              >
                {job.cancelRequestedAt ? "Stopping after this batch…" : "Cancel"}
              </Button>
            </Tooltip>
          )}
        </Group>
        {job.status === "CANCELLED" && (
          <Text size="sm" c="dimmed">
            Cancelled: what was done before stays done; the others were not touched.
          </Text>
        )}
        {failed && (
          <FailedJobAlert
            title="The bulk job stopped"
            error={job.error}
            kept={`${
              job.processed
                ? `What was done to the ${peopleCount(job.processed)} processed before it stopped stays done.`
                : "It stopped before anyone was processed."
            } Retry carries on with the others; nobody is handled twice.`}
            permission="people.manage"
            allowed={mayManage}
            retrying={retrying.loading}
            busy={cancelling.loading}
            onRetry={() => void requestRetry()}
            retryError={retryError}
            actions={
              <Tooltip label={missingPermissionHint("people.manage")} disabled={mayManage} multiline w={260}>
                <Button
                  size="xs"
                  variant="default"
                  onClick={() => void requestCancel()}
                  loading={cancelling.loading}
                  disabled={!mayManage || retrying.loading}
                  data-testid="bulk-failed-cancel"
                >
                  Cancel
                </Button>
              </Tooltip>
            }
            testId="bulk-failed"
          />
        )}
        {cancelError && <ErrorState error={cancelError} />}
        {/* Only for a job that has ended for good: a retried one would find the report it read here in the cache. */}
        {finished && !failed && <BulkJobReport job={job} />}
      </Stack>
    </Card>
  );
}
