import { Badge } from "@mantine/core";
import type { Presence } from "../../../generated/graphql";

/** An agent's Online / Away, from their business hours; nothing for customers. */
export function PresenceBadge({ presence }: { presence?: Presence | null }) {
  if (!presence) return null;
  return (
    <Badge color={presence === "ONLINE" ? "green" : "gray"} variant="dot" data-testid="presence">
      {presence === "ONLINE" ? "Online" : "Away"}
    </Badge>
  );
}
