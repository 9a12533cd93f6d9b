import type { ErrorLike } from "@apollo/client";
import { Alert, Button, Checkbox, Group, Stack, TextInput } from "@mantine/core";
import { useState } from "react";
import { type SegmentSummaryFragment, useUpdateSegmentMutation } from "../../../generated/graphql";
import { ErrorState } from "../../../shared/components/ErrorState";
import { describeError, hasErrorCode } from "../../../shared/lib/errors";
import { useSegmentCount } from "../hooks/use-segment-count";
import { segmentProblem } from "../lib/segment-status";
import { SegmentCountText } from "./SegmentCountText";
import { SegmentQueryField } from "./SegmentQueryField";

interface EditSegmentFormProps {
  /** The segment as last read; its version goes with the update. */
  segment: SegmentSummaryFragment;
  /** Whether the agent may share it or make it private again (segments.manage). */
  mayShare: boolean;
  /** Why sharing is disabled, when it is. */
  shareDisabledReason: string;
  /** Reads the segment again after someone else changed it. */
  onReload: () => void;
}

/**
 * Name, query and sharing of a saved segment. The update carries the version the form started
 * from, so a change made meanwhile by someone else is refused (CONFLICT) rather than overwritten.
 */
export function EditSegmentForm({ segment, mayShare, shareDisabledReason, onReload }: EditSegmentFormProps) {
  const [name, setName] = useState(segment.name);
  const [query, setQuery] = useState(segment.query);
  const [shared, setShared] = useState(segment.shared);
  const [failure, setFailure] = useState<ErrorLike | null>(null);
  const [saved, setSaved] = useState(false);
  const [updateSegment, { loading }] = useUpdateSegmentMutation();
  const count = useSegmentCount(query);
  const problem = name.trim() ? segmentProblem(query) : "The segment needs a name.";
  const changed = name.trim() !== segment.name || query !== segment.query || shared !== segment.shared;

  const save = async () => {
    setFailure(null);
    setSaved(false);
    try {
      const result = await updateSegment({
        variables: {
          id: segment.id,
          input: {
            version: segment.version,
            name: name.trim() !== segment.name ? name.trim() : undefined,
            query: query !== segment.query ? query : undefined,
            shared: shared !== segment.shared ? shared : undefined,
          },
        },
      });
      const updated = result.data?.updateSegment;
      if (!updated) return;
      // The server keeps the canonical text: show what was stored, so the form reads as unchanged.
      setName(updated.name);
      setQuery(updated.query);
      setShared(updated.shared);
      setSaved(true);
    } catch (caught) {
      setFailure(caught as ErrorLike);
    }
  };

  const conflict = failure !== null && hasErrorCode(failure, "CONFLICT");

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (problem === null && changed) void save();
      }}
    >
      <Stack>
        {conflict ? (
          <Alert color="orange" variant="light" title="Someone else changed this segment" data-testid="segment-conflict">
            <Stack gap="xs" align="flex-start">
              {/* The server's message names the segment and its version now. */}
              {failure && describeError(failure).message}
              <Button size="xs" variant="default" onClick={onReload}>
                Reload the segment
              </Button>
            </Stack>
          </Alert>
        ) : (
          failure && <ErrorState error={failure} />
        )}
        <TextInput
          label="Name"
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          maxLength={100}
          data-testid="segment-edit-name"
        />
        <SegmentQueryField
          value={query}
          onChange={setQuery}
          onSubmit={() => problem === null && changed && void save()}
          submitLabel="saves"
          aside={<SegmentCountText count={count} />}
        />
        <Checkbox
          label="Shared with every agent"
          description={mayShare ? "Only agents with segments.manage can change a shared segment." : shareDisabledReason}
          checked={shared}
          onChange={(event) => setShared(event.currentTarget.checked)}
          disabled={!mayShare}
          data-testid="segment-edit-shared"
        />
        <Group justify="flex-end">
          {saved && !changed && (
            <Alert color="green" variant="light" p={6} data-testid="segment-edit-saved">
              Saved.
            </Alert>
          )}
          <Button
            type="submit"
            loading={loading}
            disabled={!changed || problem !== null}
            title={changed ? (problem ?? undefined) : "Nothing changed yet."}
            data-testid="segment-edit-save"
          >
            Save changes
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
