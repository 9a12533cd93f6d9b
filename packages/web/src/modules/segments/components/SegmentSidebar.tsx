import { ActionIcon, Badge, Group, NavLink, Paper, Skeleton, Stack, Text, Title, Tooltip } from "@mantine/core";
import { IconAdjustments } from "@tabler/icons-react";
import { Link } from "react-router";
import { type SegmentSummaryFragment, useSegmentsQuery } from "../../../generated/graphql";
import { ErrorState } from "../../../shared/components/ErrorState";
import { formatCount } from "../../../shared/lib/format";

interface SegmentSidebarProps {
  /** The saved segment the list is filtered by, if any. */
  activeId: string | null;
}

/** Saved segments beside the people list: the shared ones and the agent's own, each with its count. */
export function SegmentSidebar({ activeId }: SegmentSidebarProps) {
  // Counts change with the data, so the list is fetched again whenever the sidebar appears.
  const { data, error, refetch } = useSegmentsQuery({ fetchPolicy: "cache-and-network" });
  const segments = data?.segments;

  return (
    <Paper withBorder p="sm" radius="md" data-testid="segment-sidebar">
      <Title order={3} size="h5" mb="xs">
        Segments
      </Title>
      {error ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : segments ? (
        <Stack gap="sm">
          <SegmentList
            title="Shared"
            segments={segments.filter((segment) => segment.shared)}
            activeId={activeId}
            emptyText="No shared segments yet."
            testId="segment-sidebar-shared"
          />
          <SegmentList
            title="Mine"
            segments={segments.filter((segment) => !segment.shared)}
            activeId={activeId}
            emptyText="Save a query from the Segment panel and it shows up here."
            testId="segment-sidebar-mine"
          />
        </Stack>
      ) : (
        <Skeleton height={120} />
      )}
    </Paper>
  );
}

interface SegmentListProps {
  title: string;
  segments: SegmentSummaryFragment[];
  activeId: string | null;
  emptyText: string;
  testId: string;
}

function SegmentList({ title, segments, activeId, emptyText, testId }: SegmentListProps) {
  return (
    <Stack gap={2} data-testid={testId}>
      <Text size="xs" fw={700} c="dimmed" tt="uppercase">
        {title}
      </Text>
      {segments.length === 0 ? (
        <Text size="sm" c="dimmed">
          {emptyText}
        </Text>
      ) : (
        segments.map((segment) => (
          <Group key={segment.id} gap={2} wrap="nowrap">
            <NavLink
              component={Link}
              to={`/users?segmentId=${segment.id}`}
              label={segment.name}
              description={segment.query}
              active={segment.id === activeId}
              rightSection={
                <Badge variant="light" color="gray" size="sm">
                  {formatCount(segment.count)}
                </Badge>
              }
              styles={{ description: { fontFamily: "var(--mantine-font-family-monospace)", wordBreak: "break-word" } }}
              data-testid={`segment-link-${segment.id}`}
            />
            <Tooltip label="Segment details" openDelay={300}>
              <ActionIcon
                component={Link}
                to={`/segments/${segment.id}`}
                variant="subtle"
                color="gray"
                aria-label={`Details of ${segment.name}`}
              >
                <IconAdjustments size={16} />
              </ActionIcon>
            </Tooltip>
          </Group>
        ))
      )}
    </Stack>
  );
}
