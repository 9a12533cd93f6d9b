import { Alert, Button, CopyButton, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { formatDateTime } from "../../../shared/lib/format";

interface WebhookSecretModalProps {
  secret: string;
  /** After a rotation: until when deliveries also carry the previous secret's signature. */
  previousSecretUntil?: string | null;
  onClose: () => void;
}

/**
 * A webhook's signing secret, shown this once (after creating the webhook or rotating its secret):
 * Roster answers it to no later request, so it must be stored now.
 */
export function WebhookSecretModal({ secret, previousSecretUntil, onClose }: WebhookSecretModalProps) {
  return (
    <Modal opened onClose={onClose} title="Store this signing secret now" centered size="lg" closeOnClickOutside={false}>
      <Stack>
        <Alert color="yellow" icon={<IconAlertTriangle size={18} />}>
          This is the only time the secret is shown. The receiver verifies each delivery&apos;s webhook-signature with it
          (Standard Webhooks).
        </Alert>
        {previousSecretUntil !== undefined && (
          <Text size="sm" data-testid="previous-secret-until">
            {previousSecretUntil
              ? `Deliveries are also signed with the previous secret until ${formatDateTime(previousSecretUntil)}: switch the receiver over before then.`
              : "The previous secret no longer signs anything: the receiver needs the new one now."}
          </Text>
        )}
        <TextInput
          label="Signing secret"
          value={secret}
          readOnly
          styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
          data-testid="webhook-secret"
        />
        <Group justify="flex-end">
          <CopyButton value={secret}>
            {({ copied, copy }) => (
              <Button variant="light" color={copied ? "teal" : undefined} onClick={copy} data-testid="copy-webhook-secret">
                {copied ? "Copied" : "Copy"}
              </Button>
            )}
          </CopyButton>
          <Button onClick={onClose} data-testid="webhook-secret-done">
            Done
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
