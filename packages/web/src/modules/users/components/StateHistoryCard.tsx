import { Card, Text, Timeline, Title } from "@mantine/core";
import type { StateHistoryEntryFragment } from "../../../generated/graphql";
import { Timestamp } from "../../../shared/components/Timestamp";
import { humanizeEnum } from "../../../shared/lib/format";

function title(entry: StateHistoryEntryFragment): string {
  if (entry.fromState && entry.toState && entry.fromState !== entry.toState) {
    return `${humanizeEnum(entry.fromState)} → ${humanizeEnum(entry.toState)}`;
  }
  return humanizeEnum(entry.action.replace(/^USER_/, ""));
}

/** Every transition of the account, newest first: what, who, when and why. */
export function StateHistoryCard({ history }: { history: readonly StateHistoryEntryFragment[] }) {
  const newestFirst = [...history].reverse();
  return (
    <Card withBorder padding="md" data-testid="state-history">
      <Title order={3} size="h4" mb="sm">
        State history
      </Title>
      {newestFirst.length ? (
        <Timeline bulletSize={12} lineWidth={2}>
          {newestFirst.map((entry) => (
            <Timeline.Item key={entry.id} title={title(entry)} data-testid="state-history-entry">
              <Text size="xs" c="dimmed">
                {entry.actorType === "API_KEY" && "API key "}
                {entry.actorName} · <Timestamp value={entry.occurredAt} size="xs" />
              </Text>
              {entry.reason && <Text size="sm">“{entry.reason}”</Text>}
            </Timeline.Item>
          ))}
        </Timeline>
      ) : (
        <Text size="sm" c="dimmed">
          No changes since the account was created.
        </Text>
      )}
    </Card>
  );
}
