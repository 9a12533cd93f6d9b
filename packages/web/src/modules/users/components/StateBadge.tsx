import { Badge, Tooltip } from "@mantine/core";
import type { UserState } from "../../../generated/graphql";
import { formatDate, formatDateTime, humanizeEnum } from "../../../shared/lib/format";

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

/**
 * The state in full (never cut: it is what the agent acts on). A temporary ban shows its day on
 * the badge and the exact moment, with the time zone, on hover and to a screen reader: the same
 * format the ban dialog announced.
 */
export function StateBadge({ state, bannedUntil }: StateBadgeProps) {
  // flexShrink 0: a badge beside a name in a row keeps its whole text.
  const look = { color: COLORS[state], variant: "light", "data-testid": "state-badge", style: { flexShrink: 0 } } as const;
  if (state !== "BANNED") return <Badge {...look}>{humanizeEnum(state)}</Badge>;
  if (!bannedUntil) {
    return (
      <Tooltip label="A permanent ban" openDelay={300} withArrow>
        <Badge {...look}>Banned</Badge>
      </Tooltip>
    );
  }
  const exact = `Banned until ${formatDateTime(bannedUntil)}`;
  return (
    <Tooltip label={exact} openDelay={300} withArrow>
      {/* A <time> may carry a label (a plain element may not): the exact moment for screen readers. */}
      <Badge {...look} component="time" dateTime={bannedUntil} aria-label={exact}>
        Banned until {formatDate(bannedUntil)}
      </Badge>
    </Tooltip>
  );
}
