import { Button, Group, NumberInput, Stack, Text, Textarea } from "@mantine/core";
import { useInterval } from "@mantine/hooks";
import { useState } from "react";
import { formatDateTime } from "../../../shared/lib/format";
import { banEndsAt } from "../lib/ban-end";

const PRESETS = [1, 7, 30, 90];
const MAX_BAN_DAYS = 3650;
// The end date shown moves with the clock while the dialog stays open, to the minute it shows.
const CLOCK_TICK_MS = 15_000;

export interface BanChoice {
  /** Null for a permanent ban. */
  days: number | null;
  reason: string | null;
}

interface BanFormProps {
  busy: boolean;
  onSubmit: (choice: BanChoice) => void;
  onCancel: () => void;
}

/** How long and why: a number of days (empty means permanent) and a reason kept in the history. */
export function BanForm({ busy, onSubmit, onCancel }: BanFormProps) {
  const [days, setDays] = useState<number | string>(7);
  const [reason, setReason] = useState("");
  const [now, setNow] = useState(Date.now);
  useInterval(() => setNow(Date.now()), CLOCK_TICK_MS, { autoInvoke: true });
  const permanent = days === "";
  const valid = permanent || (Number.isInteger(days) && Number(days) >= 1 && Number(days) <= MAX_BAN_DAYS);

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (valid) onSubmit({ days: permanent ? null : Number(days), reason: reason.trim() || null });
      }}
    >
      <Stack>
        <NumberInput
          label="Days"
          description="Leave empty for a permanent ban. A temporary ban ends by itself."
          placeholder="Permanent"
          min={1}
          max={MAX_BAN_DAYS}
          allowDecimal={false}
          value={days}
          onChange={setDays}
          error={valid ? undefined : `Between 1 and ${MAX_BAN_DAYS} days, or empty for permanent.`}
          data-testid="ban-days"
          data-autofocus
        />
        <Group gap="xs">
          {PRESETS.map((preset) => (
            <Button
              key={preset}
              size="compact-xs"
              variant={days === preset ? "filled" : "default"}
              onClick={() => setDays(preset)}
            >
              {preset === 1 ? "1 day" : `${preset} days`}
            </Button>
          ))}
          <Button size="compact-xs" variant={permanent ? "filled" : "default"} onClick={() => setDays("")}>
            Permanent
          </Button>
        </Group>
        <Textarea
          label="Reason"
          description="Kept in the state history; the person is told it when they try to sign in."
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          maxLength={500}
          autosize
          minRows={2}
          data-testid="ban-reason"
        />
        {/* The same number of days as the mutation sends, so this is the date the badge will show. */}
        <Text size="sm" c="dimmed" data-testid="ban-ends" aria-live="polite">
          {permanent
            ? "The ban lasts until an agent lifts it."
            : valid
              ? `Ends ${formatDateTime(banEndsAt(Number(days), now).toISOString())}`
              : ""}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" color="red" loading={busy} disabled={!valid} data-testid="confirm-action">
            Ban
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
