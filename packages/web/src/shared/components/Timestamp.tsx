import { Text, Tooltip, type TextProps } from "@mantine/core";
import { formatDateTime, formatRelative } from "../lib/format";

interface TimestampProps extends TextProps {
  value: string | null;
  /** Shown when there is no date, e.g. "Never" for a person who never signed in. */
  fallback?: string;
}

/** A date as people scan it ("3 days ago"), with the exact date and time on hover. */
export function Timestamp({ value, fallback = "—", ...textProps }: TimestampProps) {
  if (!value) {
    return (
      <Text component="span" size="sm" c="dimmed" {...textProps}>
        {fallback}
      </Text>
    );
  }
  const absolute = formatDateTime(value);
  return (
    <Tooltip label={absolute} openDelay={300} withArrow>
      <Text component="time" size="sm" dateTime={value} aria-label={absolute} {...textProps}>
        {formatRelative(value)}
      </Text>
    </Tooltip>
  );
}
