import type { ErrorLike } from "@apollo/client";
import { Alert, Button, Group, Stack, Text, Tooltip } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { missingPermissionHint } from "../../modules/auth/hooks/use-permission";
import { ErrorState } from "./ErrorState";

interface FailedJobAlertProps {
  title: string;
  /** The job's `error`: why it stopped. */
  error: string | null;
  /** What the job had done when it stopped, which stays done, and what Retry will do. */
  kept: ReactNode;
  /** The permission retrying needs; without it Retry is disabled and says so on hover. */
  permission: string;
  allowed: boolean;
  retrying: boolean;
  /** Another action on the job is under way (a Cancel): Retry waits for it. */
  busy?: boolean;
  onRetry: () => void;
  /** Why the last Retry was refused, if it was. */
  retryError: ErrorLike | null;
  /** Other ways out of the failure, beside Retry (a bulk job's Cancel). */
  actions?: ReactNode;
  testId: string;
}

/**
 * A background job (bulk action, import) that stopped on an error it could not get past: the
 * error, what was kept, and Retry, which carries the job on from its last whole batch.
 */
export function FailedJobAlert({
  title,
  error,
  kept,
  permission,
  allowed,
  retrying,
  busy = false,
  onRetry,
  retryError,
  actions,
  testId,
}: FailedJobAlertProps) {
  return (
    <Stack gap="xs">
      <Alert color="red" variant="light" title={title} icon={<IconAlertTriangle size={18} />} role="alert" data-testid={testId}>
        <Stack gap="xs">
          <Text size="sm" fw={500} data-testid={`${testId}-error`}>
            {error ?? "The server could not go on with the job."}
          </Text>
          <Text size="sm">{kept}</Text>
          <Group justify="flex-end" gap="xs">
            {actions}
            <Tooltip label={missingPermissionHint(permission)} disabled={allowed} multiline w={260}>
              <Button
                size="xs"
                color="red"
                onClick={onRetry}
                loading={retrying}
                disabled={!allowed || retrying || busy}
                data-testid={`${testId}-retry`}
              >
                Retry
              </Button>
            </Tooltip>
          </Group>
        </Stack>
      </Alert>
      {retryError && <ErrorState error={retryError} />}
    </Stack>
  );
}
