import { Badge, Text, Tooltip } from "@mantine/core";
import type { InvitationState } from "../../../generated/graphql";

const BADGES: Record<InvitationState, { label: string; color: string; hint: string }> = {
  PENDING: { label: "Invited", color: "blue", hint: "The emailed link has not been followed yet; it works for 72 hours." },
  ACCEPTED: { label: "Accepted", color: "green", hint: "The agent set a password from the invitation." },
  EXPIRED: { label: "Expired", color: "orange", hint: "The link expired unused: resend the invitation." },
};

/** Where an agent's invitation stands; a dash for agents who were never invited (the first administrator). */
export function InvitationBadge({ invitation }: { invitation: InvitationState | null }) {
  if (!invitation) {
    return (
      <Text c="dimmed" size="sm" data-testid="invitation-badge">
        —
      </Text>
    );
  }
  const { label, color, hint } = BADGES[invitation];
  return (
    <Tooltip label={hint} multiline w={240} openDelay={300}>
      <Badge color={color} variant="light" styles={{ label: { overflow: "visible" } }} data-testid="invitation-badge">
        {label}
      </Badge>
    </Tooltip>
  );
}
