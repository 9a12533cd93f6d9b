import type { ErrorLike } from "@apollo/client";
import { Alert, Anchor, Badge, Button, Group, Progress, Skeleton, Stack, Text } from "@mantine/core";
import { IconDownload, IconUsers } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "react-router";
import { useRetryImportJobMutation, type ImportStatus } from "../../../generated/graphql";
import { ErrorState } from "../../../shared/components/ErrorState";
import { FailedJobAlert } from "../../../shared/components/FailedJobAlert";
import { formatCount, humanizeEnum } from "../../../shared/lib/format";
import { usePermission } from "../../auth/hooks/use-permission";
import { useImportJob } from "../hooks/use-import-job";
import { rejectedRowsUrl } from "../lib/import-api";
import { ImportCounts } from "./ImportCounts";
import { ImportRejectionsTable } from "./ImportRejectionsTable";

const STATUS_COLORS: Record<ImportStatus, string> = { QUEUED: "gray", RUNNING: "blue", DONE: "green", FAILED: "red" };

/** Everyone an import created or updated carries this source. */
const IMPORTED_PEOPLE = `/users?${new URLSearchParams({ segment: "source = import" }).toString()}`;

interface ImportProgressStepProps {
  /** Key the step by it: one step follows one import. */
  jobId: string;
  onStartOver: () => void;
}

/**
 * The import running on the server: a progress bar and live counts, then the outcome and where
 * to go next. An import that FAILED says why and offers Retry, which carries on with the file.
 */
export function ImportProgressStep({ jobId, onStartOver }: ImportProgressStepProps) {
  const mayImport = usePermission("people.import");
  const { job, finished, missing, error, refetch } = useImportJob(jobId);
  const [retry, retrying] = useRetryImportJobMutation();
  const [retryError, setRetryError] = useState<ErrorLike | null>(null);

  if (!job) {
    if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
    if (missing) return <Text c="dimmed">This import no longer exists.</Text>;
    return <Skeleton height={120} />;
  }

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
    <Stack>
      <Group gap="xs">
        <Text fw={600}>{job.fileName}</Text>
        <Badge color={STATUS_COLORS[job.status]} variant="light" data-testid="import-status">
          {humanizeEnum(job.status)}
        </Badge>
      </Group>
      <Progress
        value={percent}
        animated={!finished}
        striped={!finished}
        color={failed ? "red" : undefined}
        aria-label={`${percent}% of the file read`}
        data-testid="import-progress"
        data-progress={job.progress}
      />
      <Text size="sm" c="dimmed">
        {formatCount(job.processedRows)} rows handled
      </Text>
      <ImportCounts
        counts={[
          { key: "created", label: "Created", value: job.created, color: "green" },
          { key: "updated", label: "Updated", value: job.updated, color: "blue" },
          { key: "unchanged", label: "Unchanged", value: job.unchanged },
          { key: "rejected", label: "Rejected", value: job.rejected, color: "red" },
        ]}
      />
      {failed && (
        <FailedJobAlert
          title="The import stopped"
          error={job.error}
          kept={`${
            job.processedRows
              ? `What was imported from the ${formatCount(job.processedRows)} rows handled before it stopped stays imported.`
              : "It stopped before any row was handled."
          } Retry carries on with the rest of the file; no row is imported twice.`}
          permission="people.import"
          allowed={mayImport}
          retrying={retrying.loading}
          onRetry={() => void requestRetry()}
          retryError={retryError}
          testId="import-failed"
        />
      )}
      {/* Only for an import that has ended for good: a retried one would find the rejections read here in the cache. */}
      {finished && !failed && (
        <Stack data-testid="import-done">
          {job.status === "DONE" && (
            <Alert color="green" variant="light" title="Import finished">
              {formatCount(job.created)} created, {formatCount(job.updated)} updated, {formatCount(job.unchanged)} unchanged and{" "}
              {formatCount(job.rejected)} rejected.
            </Alert>
          )}
          <Group>
            <Anchor component={Link} to={IMPORTED_PEOPLE} data-testid="import-show-people">
              <Group gap={4}>
                <IconUsers size={16} />
                Show imported people
              </Group>
            </Anchor>
            {job.rejected > 0 && (
              <Anchor href={rejectedRowsUrl(job.id)} download data-testid="import-download-rejected">
                <Group gap={4}>
                  <IconDownload size={16} />
                  Download the {formatCount(job.rejected)} rejected rows
                </Group>
              </Anchor>
            )}
          </Group>
          {job.rejected > 0 && <ImportRejectionsTable jobId={job.id} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onStartOver}>
              Import another file
            </Button>
          </Group>
        </Stack>
      )}
    </Stack>
  );
}
