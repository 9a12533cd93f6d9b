import {
  Anchor,
  Badge,
  Button,
  Card,
  Chip,
  Group,
  Rating,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  Timeline,
  Title,
} from "@mantine/core";
import { IconPhoneIncoming, IconPhoneOutgoing } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { Link } from "react-router";
import type { CommunicationKind, TimelineItemFragment } from "../../../generated/graphql";
import { ErrorState } from "../../../shared/components/ErrorState";
import { Timestamp } from "../../../shared/components/Timestamp";
import type { LoadMoreList } from "../../../shared/hooks/use-load-more";
import { formatCount, formatDuration, humanizeEnum } from "../../../shared/lib/format";
import { COMMUNICATION_KINDS, KIND_ORDER } from "../lib/communication-kinds";

interface CommunicationTimelineProps {
  list: LoadMoreList<TimelineItemFragment>;
  /** Kinds shown; empty means every kind. */
  kinds: CommunicationKind[];
  onKindsChange: (kinds: CommunicationKind[]) => void;
  /** On an organization's timeline, say whose communication each one is. */
  showPerson?: boolean;
}

const MODERATION_COLORS = { PENDING: "yellow", APPROVED: "green", DECLINED: "red" } as const;

function ItemDetails({ item, showPerson }: { item: TimelineItemFragment; showPerson: boolean }) {
  const details: ReactNode[] = [<Timestamp key="date" value={item.occurredAt} size="xs" c="dimmed" />];
  if (showPerson) {
    details.push(
      <Anchor key="person" component={Link} to={`/users/${item.user.id}`} size="xs">
        {item.user.displayName}
      </Anchor>,
    );
  }
  if (item.agent) {
    details.push(
      <Text key="agent" size="xs" c="dimmed">
        Agent{" "}
        <Anchor component={Link} to={`/users/${item.agent.id}`} size="xs">
          {item.agent.displayName}
        </Anchor>
      </Text>,
    );
  }
  if (item.direction) {
    const Icon = item.direction === "INBOUND" ? IconPhoneIncoming : IconPhoneOutgoing;
    details.push(
      <Group key="direction" gap={4} wrap="nowrap">
        <Icon size={12} aria-hidden />
        <Text size="xs" c="dimmed">
          {humanizeEnum(item.direction)}
        </Text>
      </Group>,
    );
  }
  if (item.durationSeconds !== null) {
    details.push(
      <Text key="duration" size="xs" c="dimmed">
        Duration {formatDuration(item.durationSeconds)}
      </Text>,
    );
  }
  if (item.rating !== null) {
    details.push(
      <Group key="rating" gap={4} wrap="nowrap">
        <Rating value={item.rating} readOnly size="xs" aria-hidden />
        <Text size="xs" c="dimmed">
          {item.rating}/5
        </Text>
      </Group>,
    );
  }
  return (
    <Group gap="sm" mt={2} wrap="wrap">
      {details}
    </Group>
  );
}

function TimelineSkeleton() {
  return (
    <Stack gap="lg" aria-busy="true" aria-label="Loading communications">
      {[0, 1, 2].map((row) => (
        <Group key={row} gap="sm" wrap="nowrap" align="flex-start">
          <Skeleton circle height={28} />
          <Stack gap={6} style={{ flex: 1 }}>
            <Skeleton height={14} width="50%" />
            <Skeleton height={10} width="30%" />
          </Stack>
        </Group>
      ))}
    </Stack>
  );
}

/** Every communication of a person or an organization, newest first, filterable by kind. */
export function CommunicationTimeline({ list, kinds, onKindsChange, showPerson = false }: CommunicationTimelineProps) {
  const { connection, initialLoading, refreshing, loadingMore, error } = list;
  const nodes = connection?.nodes ?? [];
  const filtered = kinds.length > 0;

  return (
    <Card withBorder padding="md" data-testid="communication-timeline">
      <Group justify="space-between" mb="md" wrap="wrap">
        <Title order={3} size="h4">
          Communications
          {connection && (
            <Text span c="dimmed" size="sm" ml="xs">
              {formatCount(connection.totalCount)}
            </Text>
          )}
        </Title>
        <Chip.Group multiple value={kinds} onChange={onKindsChange}>
          <Group gap={6} role="group" aria-label="Filter communications by kind">
            {KIND_ORDER.map((kind) => (
              <Chip key={kind} value={kind} size="xs" variant="light" color={COMMUNICATION_KINDS[kind].color}>
                {COMMUNICATION_KINDS[kind].plural}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      </Group>

      {error && <ErrorState error={error} onRetry={list.retry} />}
      {initialLoading && <TimelineSkeleton />}
      {connection && nodes.length === 0 && (
        <Text c="dimmed" size="sm" py="md" ta="center">
          {filtered ? "No communications of these kinds." : "No communications yet."}
        </Text>
      )}
      {nodes.length > 0 && (
        // Dim rather than hide the old list while a new filter loads: nothing jumps.
        <Timeline bulletSize={28} lineWidth={2} style={{ opacity: refreshing ? 0.5 : 1 }} aria-busy={refreshing}>
          {nodes.map((item) => {
            const meta = COMMUNICATION_KINDS[item.kind];
            return (
              <Timeline.Item
                key={item.id}
                bullet={
                  <ThemeIcon size={28} radius="xl" variant="light" color={meta.color} role="img" aria-label={meta.label}>
                    <meta.icon size={16} />
                  </ThemeIcon>
                }
                title={
                  <Group gap="xs" wrap="wrap">
                    <Text size="sm" fw={500} c={item.subject ? undefined : "dimmed"}>
                      {item.subject ?? `${meta.label} without subject`}
                    </Text>
                    {item.status && (
                      <Badge size="xs" variant="outline" color="gray">
                        {item.status}
                      </Badge>
                    )}
                    {item.moderation && (
                      <Badge size="xs" variant="light" color={MODERATION_COLORS[item.moderation]}>
                        {humanizeEnum(item.moderation)}
                      </Badge>
                    )}
                  </Group>
                }
              >
                <ItemDetails item={item} showPerson={showPerson} />
              </Timeline.Item>
            );
          })}
        </Timeline>
      )}

      {connection && nodes.length > 0 && (
        <Group justify="space-between" mt="md">
          <Text size="xs" c="dimmed">
            Showing {formatCount(nodes.length)} of {formatCount(connection.totalCount)}
          </Text>
          {connection.pageInfo.hasNextPage && (
            <Button variant="default" size="xs" loading={loadingMore} onClick={list.loadMore}>
              Load more
            </Button>
          )}
        </Group>
      )}
    </Card>
  );
}
