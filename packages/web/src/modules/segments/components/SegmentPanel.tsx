import { Anchor, Button, Group, Paper, Skeleton, Stack, Text } from "@mantine/core";
import { lazy, Suspense, useState } from "react";
import { Link } from "react-router";
import type { SegmentSummaryFragment } from "../../../generated/graphql";
import { useSegmentCount } from "../hooks/use-segment-count";
import { segmentProblem } from "../lib/segment-status";
import { SaveSegmentModal } from "./SaveSegmentModal";
import { SegmentCountText } from "./SegmentCountText";

// The editor (CodeMirror) and the builder are most of the SPA's weight: they are fetched when the
// panel first opens, not with the Users list that hosts it.
const SegmentQueryField = lazy(() => import("./SegmentQueryField").then((module) => ({ default: module.SegmentQueryField })));

// The field's height with an empty query (the Text/Builder switch, the label, the editor, the
// hint): the placeholder holds that space so the buttons below do not move when it arrives.
const QUERY_FIELD_HEIGHT = 153;

interface SegmentPanelProps {
  /** The query the list is filtered by now; the editor starts from it and follows it when it changes. */
  applied: string;
  /** An empty query removes the filter. */
  onApply: (query: string) => void;
}

/** Write a segment query above the people list: a live count while typing, then apply it or save it. */
export function SegmentPanel({ applied, onApply }: SegmentPanelProps) {
  const [text, setText] = useState(applied);
  const [lastApplied, setLastApplied] = useState(applied);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<SegmentSummaryFragment | null>(null);
  const count = useSegmentCount(text);
  const problem = segmentProblem(text);
  const isEmpty = text.trim() === "";

  // Opening a saved segment or going Back changes what is applied: show that query.
  if (applied !== lastApplied) {
    setLastApplied(applied);
    setText(applied);
  }

  const apply = () => {
    if (isEmpty || problem === null) onApply(isEmpty ? "" : text);
  };

  return (
    <Paper withBorder p="md" radius="md" data-testid="segment-panel">
      <Stack gap="sm">
        <Suspense fallback={<Skeleton height={QUERY_FIELD_HEIGHT} radius="md" data-testid="segment-editor-loading" />}>
          <SegmentQueryField
            value={text}
            onChange={(next) => {
              setText(next);
              setSaved(null);
            }}
            onSubmit={apply}
            submitLabel="applies"
            aside={<SegmentCountText count={count} />}
          />
        </Suspense>
        <Group justify="flex-end" wrap="wrap">
          {saved && (
            <Text size="sm" c="green" mr="auto" data-testid="segment-saved">
              Saved as “{saved.name}”.{" "}
              <Anchor component={Link} to={`/segments/${saved.id}`} size="sm">
                Open it
              </Anchor>
            </Text>
          )}
          <Group gap="xs">
            <Button
              variant="default"
              onClick={() => setSaving(true)}
              disabled={problem !== null}
              title={problem ?? undefined}
              data-testid="segment-save"
            >
              Save as segment
            </Button>
            <Button
              onClick={apply}
              disabled={!isEmpty && problem !== null}
              title={isEmpty ? "Show everyone again" : (problem ?? undefined)}
              data-testid="segment-apply"
            >
              Apply
            </Button>
          </Group>
        </Group>
      </Stack>
      {saving && (
        <SaveSegmentModal
          query={text}
          onClose={() => setSaving(false)}
          onSaved={(segment) => {
            setSaving(false);
            setSaved(segment);
          }}
        />
      )}
    </Paper>
  );
}
