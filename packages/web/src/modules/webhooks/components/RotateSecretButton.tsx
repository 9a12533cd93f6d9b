import type { ErrorLike } from "@apollo/client";
import { Button, Group, Modal, NumberInput, Stack, Text } from "@mantine/core";
import { IconRefresh } from "@tabler/icons-react";
import { useState } from "react";
import { useRotateWebhookSecretMutation, type RotateWebhookSecretMutation } from "../../../generated/graphql";
import { ErrorState } from "../../../shared/components/ErrorState";
import { WebhookSecretModal } from "./WebhookSecretModal";

// The server's bounds for overlapHours: up to a week of signing with both secrets.
const MAX_OVERLAP_HOURS = 168;

type Rotated = RotateWebhookSecretMutation["rotateWebhookSecret"];

/**
 * "Rotate secret": a new signing secret, shown once, while the current one keeps signing beside it
 * for the hours chosen, so the receiver can switch over without refusing a delivery.
 */
export function RotateSecretButton({ webhookId }: { webhookId: string }) {
  const [opened, setOpened] = useState(false);
  const [overlapHours, setOverlapHours] = useState(24);
  const [error, setError] = useState<ErrorLike | null>(null);
  const [rotated, setRotated] = useState<Rotated | null>(null);
  const [rotate, { loading }] = useRotateWebhookSecretMutation();

  const confirm = async () => {
    setError(null);
    try {
      const result = await rotate({ variables: { id: webhookId, overlapHours } });
      setOpened(false);
      setRotated(result.data?.rotateWebhookSecret ?? null);
    } catch (caught) {
      setError(caught as ErrorLike);
    }
  };

  return (
    <>
      <Button
        variant="default"
        leftSection={<IconRefresh size={14} />}
        onClick={() => {
          setError(null);
          setOpened(true);
        }}
        data-testid="rotate-webhook-secret"
      >
        Rotate secret
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title="Rotate the signing secret" centered>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void confirm();
          }}
        >
          <Stack>
            {error && <ErrorState error={error} />}
            <Text size="sm">
              Roster signs with a new secret from now on, shown once. Meanwhile deliveries carry a second signature made with the
              current secret, so the receiver can switch over without refusing any.
            </Text>
            <NumberInput
              label="Hours the current secret keeps signing"
              description={`0 to ${MAX_OVERLAP_HOURS}; 0 stops it at once.`}
              min={0}
              max={MAX_OVERLAP_HOURS}
              allowDecimal={false}
              allowNegative={false}
              clampBehavior="strict"
              value={overlapHours}
              onChange={(value) => setOverlapHours(typeof value === "number" ? value : 0)}
              data-testid="rotate-overlap-hours"
              data-autofocus
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpened(false)}>
                Cancel
              </Button>
              <Button type="submit" loading={loading} data-testid="confirm-rotate-secret">
                Rotate secret
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      {rotated && (
        <WebhookSecretModal
          secret={rotated.secret}
          previousSecretUntil={rotated.webhook.previousSecretUntil}
          onClose={() => setRotated(null)}
        />
      )}
    </>
  );
}
