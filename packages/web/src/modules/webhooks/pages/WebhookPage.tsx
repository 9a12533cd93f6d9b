import type { ErrorLike } from "@apollo/client";
import { Anchor, Button, Card, Group, SimpleGrid, Skeleton, Stack, Text, Title } from "@mantine/core";
import { IconArrowLeft, IconPencil } from "@tabler/icons-react";
import { useState, type ReactNode } from "react";
import { Link, useParams } from "react-router";
import { useUpdateWebhookMutation, useWebhooksQuery } from "../../../generated/graphql";
import { ErrorState } from "../../../shared/components/ErrorState";
import { Timestamp } from "../../../shared/components/Timestamp";
import { notifyDone } from "../../../shared/lib/notify";
import { NotFoundPage } from "../../../shared/pages/NotFoundPage";
import { usePermission } from "../../auth/hooks/use-permission";
import { DeleteWebhookButton } from "../components/DeleteWebhookButton";
import { RotateSecretButton } from "../components/RotateSecretButton";
import { WebhookDeliveries } from "../components/WebhookDeliveries";
import { WebhookFormModal, type WebhookFormValues } from "../components/WebhookFormModal";
import { WebhookEvents } from "../components/WebhookEvents";
import { WebhookStatus } from "../components/WebhookStatus";
import { WebhooksForbidden } from "../components/WebhooksForbidden";
import { useSegmentChoices } from "../hooks/use-segment-choices";
import { WEBHOOKS_MANAGE } from "../lib/permissions";

const STATUS_POLL_MS = 5000;

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      {children}
    </Stack>
  );
}

/** Whether the previous secret still signs: the webhook keeps the date once it has passed. */
function stillSigning(until: string | null): boolean {
  return until !== null && new Date(until).getTime() > Date.now();
}

/** One webhook: what it delivers and where, its actions, and its delivery log. */
export function WebhookPage() {
  const { id = "" } = useParams();
  const mayManage = usePermission(WEBHOOKS_MANAGE);
  // The server lists webhooks but has no query for one: the list is small and usually cached.
  // Read again as the delivery log is, so a webhook Roster disables shows Disabled without a reload.
  const { data, error, refetch } = useWebhooksQuery({ skip: !mayManage, pollInterval: STATUS_POLL_MS });
  const webhook = data?.webhooks.find((candidate) => candidate.id === id);
  const segment = useSegmentChoices(webhook?.segmentId ?? null);
  const [editing, setEditing] = useState(false);
  const [failure, setFailure] = useState<ErrorLike | null>(null);
  const [updateWebhook, updated] = useUpdateWebhookMutation();

  if (!mayManage) return <WebhooksForbidden title="Webhook" />;
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (data && !webhook) return <NotFoundPage />;

  const save = async (values: WebhookFormValues) => {
    if (!webhook) return;
    setFailure(null);
    try {
      await updateWebhook({ variables: { id: webhook.id, input: values } });
      setEditing(false);
      notifyDone(values.active ? "The webhook is saved and active." : "The webhook is saved and turned off.");
    } catch (caught) {
      setFailure(caught as ErrorLike);
    }
  };

  return (
    <Stack>
      <Anchor component={Link} to="/webhooks" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          All webhooks
        </Group>
      </Anchor>
      <Card withBorder padding="lg">
        {webhook ? (
          <Stack>
            <Group justify="space-between" align="flex-start">
              <Stack gap={2} maw="100%" style={{ wordBreak: "break-all" }}>
                <Text size="sm" c="dimmed">
                  Webhook
                </Text>
                <Title order={1} size="h3" tabIndex={-1} data-testid="webhook-url-heading">
                  {webhook.url}
                </Title>
              </Stack>
              <Group gap="xs">
                <Button
                  variant="default"
                  leftSection={<IconPencil size={14} />}
                  onClick={() => {
                    setFailure(null);
                    setEditing(true);
                  }}
                  data-testid="edit-webhook"
                >
                  Edit
                </Button>
                <RotateSecretButton webhookId={webhook.id} />
                <DeleteWebhookButton webhook={webhook} />
              </Group>
            </Group>
            <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
              <Detail label="Status">
                <WebhookStatus webhook={webhook} />
              </Detail>
              <Detail label="Events">
                <WebhookEvents webhook={webhook} />
              </Detail>
              <Detail label="Saved segment">
                <Text size="sm" data-testid="webhook-segment-name">
                  {segment.selectedName ?? "None"}
                </Text>
              </Detail>
              <Detail label="Created">
                <Timestamp value={webhook.createdAt} />
              </Detail>
            </SimpleGrid>
            {stillSigning(webhook.previousSecretUntil) && (
              <Text size="sm" c="dimmed">
                Deliveries also carry the previous secret&apos;s signature until <Timestamp value={webhook.previousSecretUntil} />
                .
              </Text>
            )}
          </Stack>
        ) : (
          <Skeleton height={120} />
        )}
      </Card>
      <WebhookDeliveries webhookId={id} webhookActive={webhook?.active ?? true} />

      {editing && webhook && (
        <WebhookFormModal
          webhook={webhook}
          busy={updated.loading}
          error={failure}
          onSubmit={(values) => void save(values)}
          onClose={() => setEditing(false)}
        />
      )}
    </Stack>
  );
}
