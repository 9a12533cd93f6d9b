import { Alert, Button, CopyButton, Group, Modal, Stack, TextInput } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import type { ReactNode } from "react";

export interface CopyableValue {
  label: string;
  value: string;
  /** On the read-only field; its Copy button gets `copy-<testId>`. */
  testId: string;
}

interface ShownOnceModalProps {
  title: string;
  /** Why it must be stored now, and how the receiving side uses it. */
  warning: ReactNode;
  /** The secret, and whatever the receiver needs with it, each copyable on its own. */
  values: readonly CopyableValue[];
  /** Notes between the warning and the values: where they go, what happens to a previous secret. */
  children?: ReactNode;
  doneTestId: string;
  onClose: () => void;
}

/**
 * A secret shown this once (an API key, a webhook's signing secret): Roster answers it to no
 * later request, so a stray click outside must not close the dialog before it is stored.
 */
export function ShownOnceModal({ title, warning, values, children, doneTestId, onClose }: ShownOnceModalProps) {
  return (
    <Modal opened onClose={onClose} title={title} centered size="lg" closeOnClickOutside={false}>
      <Stack>
        <Alert color="yellow" icon={<IconAlertTriangle size={18} />}>
          {warning}
        </Alert>
        {children}
        {values.map(({ label, value, testId }) => (
          <Group key={testId} align="flex-end" gap="xs" wrap="nowrap">
            <TextInput
              label={label}
              value={value}
              readOnly
              flex={1}
              styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
              data-testid={testId}
            />
            <CopyButton value={value}>
              {({ copied, copy }) => (
                <Button
                  variant="light"
                  color={copied ? "teal" : undefined}
                  onClick={copy}
                  aria-label={`Copy ${label.toLowerCase()}`}
                  data-testid={`copy-${testId}`}
                >
                  {copied ? "Copied" : "Copy"}
                </Button>
              )}
            </CopyButton>
          </Group>
        ))}
        <Group justify="flex-end">
          <Button onClick={onClose} data-testid={doneTestId}>
            Done
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
