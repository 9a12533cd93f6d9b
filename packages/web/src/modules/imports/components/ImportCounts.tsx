import { Paper, SimpleGrid, Text } from "@mantine/core";
import { formatCount } from "../../../shared/lib/format";

interface ImportCountsProps {
  /** Each figure with its label; `key` names its test id (`import-count-<key>`). */
  counts: { label: string; value: number; key: string; color?: string }[];
}

/** The import's outcome in four figures: created, updated, unchanged, rejected. */
export function ImportCounts({ counts }: ImportCountsProps) {
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
      {counts.map(({ label, value, key, color }) => (
        <Paper key={key} withBorder p="sm" radius="md">
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {label}
          </Text>
          <Text size="xl" fw={700} c={value ? color : undefined} data-testid={`import-count-${key}`}>
            {formatCount(value)}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}
