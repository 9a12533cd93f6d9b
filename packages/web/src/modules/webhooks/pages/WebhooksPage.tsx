import type { ErrorLike } from "@apollo/client";
import { Anchor, Button, Group, Skeleton, Stack, Table, Text, Title } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "react-router";
import { useCreateWebhookMutation, useWebhooksQuery } from "../../../generated/graphql";
import { ErrorState } from "../../../shared/components/ErrorState";
import { Timestamp } from "../../../shared/components/Timestamp";
import { usePermission } from "../../auth/hooks/use-permission";
import { WebhookFormModal, type WebhookFormValues } from "../components/WebhookFormModal";
import { WebhookSecretModal } from "../components/WebhookSecretModal";
import { WebhookEvents } from "../components/WebhookEvents";
import { WebhookStatus } from "../components/WebhookStatus";
import { WebhooksForbidden } from "../components/WebhooksForbidden";
import { WEBHOOKS_MANAGE } from "../lib/permissions";

/** Where Roster POSTs changes for other services: each subscription, its state, and a new one. */
export function WebhooksPage() {
  const mayManage = usePermission(WEBHOOKS_MANAGE);
  const { data, error, refetch } = useWebhooksQuery({ skip: !mayManage });
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [failure, setFailure] = useState<ErrorLike | null>(null);
  const [createWebhook, created] = useCreateWebhookMutation({ refetchQueries: ["Webhooks"] });

  if (!mayManage) return <WebhooksForbidden title="Webhooks" />;
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;

  const create = async ({ url, events, segmentId }: WebhookFormValues) => {
    setFailure(null);
    try {
      const result = await createWebhook({ variables: { input: { url, events, segmentId } } });
      setCreating(false);
      setSecret(result.data?.createWebhook.secret ?? null);
    } catch (caught) {
      setFailure(caught as ErrorLike);
    }
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2" tabIndex={-1}>
          Webhooks
        </Title>
        <Button
          leftSection={<IconPlus size={16} />}
          onClick={() => {
            setFailure(null);
            setCreating(true);
          }}
          data-testid="new-webhook"
        >
          New webhook
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        Roster POSTs the changes each webhook subscribes to, signed per Standard Webhooks, and retries a failed delivery for 24
        hours before disabling the webhook.
      </Text>
      {data ? (
        <Table withTableBorder striped data-testid="webhooks-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>URL</Table.Th>
              <Table.Th>Events</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Created</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.webhooks.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={4}>
                  <Text size="sm" c="dimmed" ta="center">
                    No webhooks yet.
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
            {data.webhooks.map((webhook) => (
              <Table.Tr key={webhook.id} data-testid="webhook-row">
                <Table.Td style={{ wordBreak: "break-all" }}>
                  <Anchor component={Link} to={`/webhooks/${webhook.id}`} size="sm" data-testid="webhook-link">
                    {webhook.url}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <WebhookEvents webhook={webhook} />
                </Table.Td>
                <Table.Td>
                  <WebhookStatus webhook={webhook} />
                </Table.Td>
                <Table.Td>
                  <Timestamp value={webhook.createdAt} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : (
        <Skeleton height={160} />
      )}

      {creating && (
        <WebhookFormModal
          busy={created.loading}
          error={failure}
          onSubmit={(values) => void create(values)}
          onClose={() => setCreating(false)}
        />
      )}
      {secret && <WebhookSecretModal secret={secret} onClose={() => setSecret(null)} />}
    </Stack>
  );
}
