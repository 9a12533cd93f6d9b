import { Text } from "@mantine/core";
import { ShownOnceModal } from "../../../shared/components/ShownOnceModal";
import { formatDateTime } from "../../../shared/lib/format";

interface WebhookSecretModalProps {
  secret: string;
  /** After a rotation: until when deliveries also carry the previous secret's signature. */
  previousSecretUntil?: string | null;
  onClose: () => void;
}

/** A webhook's signing secret, shown this once: after creating the webhook or rotating its secret. */
export function WebhookSecretModal({ secret, previousSecretUntil, onClose }: WebhookSecretModalProps) {
  return (
    <ShownOnceModal
      title="Store this signing secret now"
      warning={
        <>
          This is the only time the secret is shown. The receiver verifies each delivery&apos;s webhook-signature with it
          (Standard Webhooks).
        </>
      }
      values={[{ label: "Signing secret", value: secret, testId: "webhook-secret" }]}
      doneTestId="webhook-secret-done"
      onClose={onClose}
    >
      {previousSecretUntil !== undefined && (
        <Text size="sm" data-testid="previous-secret-until">
          {previousSecretUntil
            ? `Deliveries are also signed with the previous secret until ${formatDateTime(previousSecretUntil)}: switch the receiver over before then.`
            : "The previous secret no longer signs anything: the receiver needs the new one now."}
        </Text>
      )}
    </ShownOnceModal>
  );
}
