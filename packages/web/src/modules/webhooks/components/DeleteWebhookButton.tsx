import type { ErrorLike } from "@apollo/client";
import { useApolloClient } from "@apollo/client/react";
import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { useNavigate } from "react-router";
import { useDeleteWebhookMutation } from "../../../generated/graphql";
import { ErrorState } from "../../../shared/components/ErrorState";
import { notifyDone } from "../../../shared/lib/notify";

/** "Delete" on a webhook's page: says what goes with it, then back to the list. */
export function DeleteWebhookButton({ webhook }: { webhook: { id: string; url: string } }) {
  const client = useApolloClient();
  const navigate = useNavigate();
  const [opened, setOpened] = useState(false);
  const [error, setError] = useState<ErrorLike | null>(null);
  const [remove, { loading }] = useDeleteWebhookMutation();

  const confirm = async () => {
    setError(null);
    try {
      await remove({ variables: { id: webhook.id } });
      setOpened(false);
      // Gone from the list, and its delivery log with it.
      client.cache.evict({ id: client.cache.identify({ __typename: "Webhook", id: webhook.id }) });
      client.cache.evict({ fieldName: "webhookDeliveries" });
      client.cache.gc();
      notifyDone(`The webhook to ${webhook.url} is deleted.`);
      void navigate("/webhooks", { replace: true });
    } catch (caught) {
      setError(caught as ErrorLike);
    }
  };

  return (
    <>
      <Button
        variant="default"
        color="red"
        leftSection={<IconTrash size={14} />}
        onClick={() => {
          setError(null);
          setOpened(true);
        }}
        data-testid="delete-webhook"
      >
        Delete
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title="Delete this webhook" centered>
        <Stack>
          {error && <ErrorState error={error} />}
          <Text size="sm" style={{ wordBreak: "break-all" }}>
            Nothing more is delivered to {webhook.url}, including deliveries still waiting for a retry. Its delivery log is
            deleted with it. This cannot be undone.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpened(false)}>
              Cancel
            </Button>
            <Button color="red" loading={loading} onClick={() => void confirm()} data-testid="confirm-delete-webhook">
              Delete webhook
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
