import { Badge, Box, Tooltip } from "@mantine/core";
import type { Presence } from "../../../generated/graphql";

const LABELS: Record<Presence, string> = { ONLINE: "Online", AWAY: "Away" };

/**
 * An agent's Online / Away, from their business hours; nothing for customers. `compact`: a dot
 * with the word in its tooltip and accessible name, for a table row where a badge would crowd
 * the name out.
 */
export function PresenceBadge({ presence, compact = false }: { presence?: Presence | null; compact?: boolean }) {
  if (!presence) return null;
  const color = presence === "ONLINE" ? "var(--mantine-color-green-7)" : "var(--mantine-color-gray-6)";
  if (compact) {
    return (
      <Tooltip label={LABELS[presence]}>
        <Box
          component="span"
          role="img"
          aria-label={LABELS[presence]}
          data-testid="presence"
          w={8}
          h={8}
          style={{ borderRadius: "50%", background: color, flex: "none" }}
        />
      </Tooltip>
    );
  }
  return (
    <Badge color={presence === "ONLINE" ? "green" : "gray"} variant="dot" data-testid="presence">
      {LABELS[presence]}
    </Badge>
  );
}
