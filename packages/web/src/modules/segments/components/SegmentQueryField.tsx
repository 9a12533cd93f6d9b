import { Group, SegmentedControl, Stack } from "@mantine/core";
import { type ReactNode, useState } from "react";
import { SegmentBuilder } from "./SegmentBuilder";
import { SegmentEditor } from "./SegmentEditor";

type Mode = "text" | "builder";

interface SegmentQueryFieldProps {
  value: string;
  onChange: (value: string) => void;
  /** Ctrl/Cmd+Enter in the text editor; `submitLabel` says what it does ("applies"). */
  onSubmit?: () => void;
  submitLabel?: string;
  /** Shown across from the Text/Builder switch, e.g. the live count. */
  aside?: ReactNode;
}

/** A segment query, written as text or put together in the builder; both edit the same text. */
export function SegmentQueryField({ value, onChange, onSubmit, submitLabel, aside }: SegmentQueryFieldProps) {
  const [mode, setMode] = useState<Mode>("text");
  return (
    <Stack gap="xs">
      <Group justify="space-between" wrap="wrap">
        <SegmentedControl
          size="xs"
          data={[
            { value: "text", label: "Text" },
            { value: "builder", label: "Builder" },
          ]}
          value={mode}
          onChange={(next) => setMode(next === "builder" ? "builder" : "text")}
          data-testid="segment-mode"
        />
        {aside}
      </Group>
      {mode === "text" ? (
        <SegmentEditor value={value} onChange={onChange} onSubmit={onSubmit} submitLabel={submitLabel} />
      ) : (
        <SegmentBuilder value={value} onChange={onChange} onEditText={() => setMode("text")} />
      )}
    </Stack>
  );
}
