import { Stack, Text, Title } from "@mantine/core";
import { missingPermissionHint } from "../../auth/hooks/use-permission";
import { WEBHOOKS_MANAGE } from "../lib/permissions";

/** What the webhook pages show an agent without webhooks.manage (reached by a link, not the navigation). */
export function WebhooksForbidden({ title }: { title: string }) {
  return (
    <Stack>
      <Title order={1} size="h2" tabIndex={-1}>
        {title}
      </Title>
      <Text c="dimmed" data-testid="webhooks-forbidden">
        {missingPermissionHint(WEBHOOKS_MANAGE)}
      </Text>
    </Stack>
  );
}
