import type { ErrorLike } from "@apollo/client";
import { Alert, Button, Group, Text } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { describeError } from "../lib/errors";

interface ErrorStateProps {
  error: ErrorLike;
  onRetry?: () => void;
}

/** A failed request in words: what happened, the server's message, and its code for support. */
export function ErrorState({ error, onRetry }: ErrorStateProps) {
  const { code, title, message } = describeError(error);
  return (
    <Alert color="red" variant="light" title={title} icon={<IconAlertTriangle size={18} />} role="alert">
      <Text size="sm">{message}</Text>
      <Group justify="space-between" mt="xs">
        <Text size="xs" c="dimmed">
          Code: {code}
        </Text>
        {onRetry && (
          <Button size="xs" variant="default" onClick={onRetry}>
            Try again
          </Button>
        )}
      </Group>
    </Alert>
  );
}
