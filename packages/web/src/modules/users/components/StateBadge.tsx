import { Badge, Tooltip } from "@mantine/core";
import type { UserState } from "../../../generated/graphql";
import { formatDate, humanizeEnum } from "../../../shared/lib/format";

const COLORS: Record<UserState, string> = {
  ACTIVE: "green",
  NOT_ACTIVATED: "gray",
  BANNED: "red",
  TRASHED: "dark",
};

interface StateBadgeProps {
  state: UserState;
  /** The end of a temporary ban, shown beside "Banned". */
  bannedUntil?: string | null;
}

export function StateBadge({ state, bannedUntil }: StateBadgeProps) {
  const label = state === "BANNED" ? (bannedUntil ? `Banned until ${formatDate(bannedUntil)}` : "Banned") : humanizeEnum(state);
  const badge = (
    <Badge color={COLORS[state]} variant="light" data-testid="state-badge">
      {label}
    </Badge>
  );
  return state === "BANNED" && !bannedUntil ? <Tooltip label="A permanent ban">{badge}</Tooltip> : badge;
}
