import { Anchor, Button, Code, Group, Text } from "@mantine/core";
import { IconFilter } from "@tabler/icons-react";
import { Link } from "react-router";
import type { AppliedSegment } from "../hooks/use-applied-segment";

interface AppliedSegmentNoticeProps {
  applied: AppliedSegment;
  onClear: () => void;
}

/** Says which segment filters the list, so a filtered list is never mistaken for everyone. */
export function AppliedSegmentNotice({ applied, onClear }: AppliedSegmentNoticeProps) {
  return (
    <Group gap="xs" wrap="nowrap" data-testid="segment-applied">
      <IconFilter size={16} />
      <Text size="sm">
        {applied.saved ? (
          <>
            Segment{" "}
            <Anchor component={Link} to={`/segments/${applied.saved.id}`} size="sm" fw={500}>
              {applied.saved.name ?? "…"}
            </Anchor>
          </>
        ) : (
          <>
            Segment <Code>{applied.query}</Code>
          </>
        )}
      </Text>
      <Button size="compact-xs" variant="subtle" onClick={onClear} data-testid="segment-clear">
        Clear
      </Button>
    </Group>
  );
}
