import { Badge, Stack, Text } from "@mantine/core";
import type { WebhookFieldsFragment } from "../../../generated/graphql";

interface WebhookStatusProps {
  webhook: Pick<WebhookFieldsFragment, "active" | "disabledReason">;
}

/** Active, or disabled with Roster's reason (deliveries that kept failing) when Roster did it. */
export function WebhookStatus({ webhook }: WebhookStatusProps) {
  return (
    <Stack gap={2} align="flex-start">
      <Badge color={webhook.active ? "green" : "red"} variant="light" data-testid="webhook-status">
        {webhook.active ? "Active" : "Disabled"}
      </Badge>
      {!webhook.active && webhook.disabledReason && (
        <Text size="xs" c="dimmed" data-testid="webhook-disabled-reason">
          {webhook.disabledReason}
        </Text>
      )}
    </Stack>
  );
}
