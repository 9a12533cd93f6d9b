import { Badge, Group } from "@mantine/core";
import type { WebhookFieldsFragment } from "../../../generated/graphql";
import { eventName } from "../lib/event-types";

/** The kinds of change a webhook delivers, by the names its payloads carry. */
export function WebhookEvents({ webhook }: { webhook: Pick<WebhookFieldsFragment, "events"> }) {
  return (
    <Group gap={4}>
      {webhook.events.map((type) => (
        <Badge key={type} size="xs" variant="light" tt="none">
          {eventName(type)}
        </Badge>
      ))}
    </Group>
  );
}
