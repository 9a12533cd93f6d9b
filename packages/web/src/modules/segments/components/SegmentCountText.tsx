import { Group, Loader, Text } from "@mantine/core";
import { describeError } from "../../../shared/lib/errors";
import { formatCount } from "../../../shared/lib/format";
import type { SegmentCount } from "../hooks/use-segment-count";

function describeCount(count: number): string {
  return count === 1 ? "1 person matches" : `${formatCount(count)} people match`;
}

/** The live count under the editor, in words; the line keeps its place while counting. */
export function SegmentCountText({ count }: { count: SegmentCount }) {
  switch (count.status) {
    case "empty":
      return (
        <Text size="sm" c="dimmed" data-testid="segment-count">
          Write a query to see how many people it picks.
        </Text>
      );
    case "invalid":
      return (
        <Text size="sm" c="dimmed" data-testid="segment-count">
          Fix the query to see how many people match.
        </Text>
      );
    case "counting":
      return (
        <Group gap={6} data-testid="segment-count">
          <Loader size={14} />
          <Text size="sm" c="dimmed">
            Counting…
          </Text>
        </Group>
      );
    case "failed":
      return (
        <Text size="sm" c="red" data-testid="segment-count">
          Could not count: {describeError(count.error).message}
        </Text>
      );
    case "counted":
      return (
        <Text size="sm" fw={500} data-testid="segment-count">
          {describeCount(count.count)}
        </Text>
      );
  }
}
