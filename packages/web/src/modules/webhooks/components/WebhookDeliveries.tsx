import type { ErrorLike } from "@apollo/client";
import { Badge, Button, Card, Code, Group, Skeleton, Stack, Table, Text, Title, VisuallyHidden } from "@mantine/core";
import { IconRefresh } from "@tabler/icons-react";
import { useState } from "react";
import {
  useRedeliverWebhookMutation,
  useWebhookDeliveriesQuery,
  type WebhookDeliveryFieldsFragment,
  type WebhookDeliveryStatus,
} from "../../../generated/graphql";
import { ErrorState } from "../../../shared/components/ErrorState";
import { Timestamp } from "../../../shared/components/Timestamp";
import { useLoadMore } from "../../../shared/hooks/use-load-more";
import { formatCount, humanizeEnum } from "../../../shared/lib/format";
import { notifyDone, notifyFailed } from "../../../shared/lib/notify";
import { eventName } from "../lib/event-types";

const PAGE_SIZE = 25;
// Deliveries go out in the background within a second or two of a change: the newest page is read
// again this often, so a delivery is seen arriving and settling without reloading.
const POLL_MS = 3000;

const STATUS_COLORS: Record<WebhookDeliveryStatus, string> = { DELIVERED: "green", PENDING: "yellow", FAILED: "red" };

interface WebhookDeliveriesProps {
  webhookId: string;
  /** An inactive webhook sends nothing, a redelivered one included, until it is turned back on. */
  webhookActive: boolean;
}

/** A webhook's delivery log, newest first: how each delivery went, and sending one again. */
export function WebhookDeliveries({ webhookId, webhookActive }: WebhookDeliveriesProps) {
  // Polling reads the first page only, which would drop the pages loaded after it: once the agent
  // loads more, the list holds still until Refresh.
  const [pagedBack, setPagedBack] = useState(false);
  const result = useWebhookDeliveriesQuery({
    variables: { webhookId, first: PAGE_SIZE },
    pollInterval: pagedBack ? 0 : POLL_MS,
  });
  // The cache appends a page fetched with `after` (app/apollo-client.ts).
  const log = useLoadMore(
    {
      ...result,
      fetchMore: (options) => {
        setPagedBack(true);
        return result.fetchMore(options);
      },
    },
    (data) => data.webhookDeliveries,
  );
  const [redeliver] = useRedeliverWebhookMutation();
  const [redelivering, setRedelivering] = useState<string | null>(null);
  const nodes = log.connection?.nodes ?? [];

  const send = async (delivery: WebhookDeliveryFieldsFragment) => {
    setRedelivering(delivery.id);
    try {
      // The answer updates the row in the cache: PENDING, and due now.
      await redeliver({ variables: { deliveryId: delivery.id } });
      notifyDone(
        webhookActive
          ? `${delivery.messageId} is sent again, with the same webhook-id.`
          : `${delivery.messageId} is queued again; it goes out once the webhook is active.`,
      );
    } catch (caught) {
      notifyFailed(caught as ErrorLike);
    } finally {
      setRedelivering(null);
    }
  };

  return (
    <Card withBorder padding="md" data-testid="webhook-deliveries">
      <Group justify="space-between" mb="md">
        <Title order={2} size="h4">
          Deliveries
        </Title>
        <Button
          variant="default"
          size="xs"
          leftSection={<IconRefresh size={14} />}
          onClick={() => {
            setPagedBack(false);
            void result.refetch().catch(() => undefined);
          }}
          data-testid="refresh-deliveries"
        >
          Refresh
        </Button>
      </Group>
      {log.error && <ErrorState error={log.error} onRetry={log.retry} />}
      {log.initialLoading && <Skeleton height={120} />}
      {log.connection && nodes.length === 0 && (
        <Text c="dimmed" size="sm" py="md" ta="center">
          No deliveries yet: the next change this webhook subscribes to appears here.
        </Text>
      )}
      {nodes.length > 0 && (
        <Table.ScrollContainer minWidth={960}>
          <Table striped verticalSpacing="xs" data-testid="deliveries-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Status</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th>Attempts</Table.Th>
                <Table.Th>Response</Table.Th>
                <Table.Th>Time</Table.Th>
                <Table.Th>Last attempt</Table.Th>
                <Table.Th>Next attempt</Table.Th>
                <Table.Th>Error</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {nodes.map((delivery) => (
                <Table.Tr key={delivery.id} data-testid="delivery-row">
                  <Table.Td>
                    <Badge color={STATUS_COLORS[delivery.status]} variant="light" data-testid="delivery-status">
                      {humanizeEnum(delivery.status)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={0}>
                      <Text size="sm" data-testid="delivery-type">
                        {eventName(delivery.type)}
                      </Text>
                      <Code fz="xs" w="fit-content">
                        {delivery.messageId}
                      </Code>
                    </Stack>
                  </Table.Td>
                  <Table.Td data-testid="delivery-attempts">{formatCount(delivery.attempts)}</Table.Td>
                  <Table.Td data-testid="delivery-response">{delivery.responseStatus ?? "—"}</Table.Td>
                  <Table.Td>{delivery.responseTimeMs === null ? "—" : `${formatCount(delivery.responseTimeMs)} ms`}</Table.Td>
                  <Table.Td>
                    <Timestamp value={delivery.lastAttemptAt} fallback="Not yet" />
                  </Table.Td>
                  <Table.Td>
                    <Timestamp value={delivery.status === "PENDING" ? delivery.nextAttemptAt : null} />
                  </Table.Td>
                  <Table.Td maw={280}>
                    <Text size="xs" lineClamp={3} title={delivery.error ?? undefined} data-testid="delivery-error">
                      {delivery.error ?? "—"}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {/* On a pending one too: it is tried at once instead of at its next attempt. */}
                    <Button
                      size="xs"
                      variant="subtle"
                      loading={redelivering === delivery.id}
                      onClick={() => void send(delivery)}
                      aria-label={`Redeliver ${delivery.messageId}`}
                      data-testid="redeliver"
                    >
                      Redeliver
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {log.connection && nodes.length > 0 && (
        <Group justify="space-between" mt="md">
          <Text size="xs" c="dimmed" data-testid="deliveries-count">
            Showing {formatCount(nodes.length)} of {formatCount(log.connection.totalCount)}
          </Text>
          {log.connection.pageInfo.hasNextPage && (
            <Button
              variant="default"
              size="xs"
              loading={log.loadingMore}
              onClick={log.loadMore}
              data-testid="load-more-deliveries"
            >
              Load more
            </Button>
          )}
        </Group>
      )}
    </Card>
  );
}
