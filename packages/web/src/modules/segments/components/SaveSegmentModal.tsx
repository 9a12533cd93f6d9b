import { Button, Checkbox, Code, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { type SegmentSummaryFragment, useCreateSegmentMutation } from "../../../generated/graphql";
import { ErrorState } from "../../../shared/components/ErrorState";
import { missingPermissionHint, usePermission } from "../../auth/hooks/use-permission";

interface SaveSegmentModalProps {
  query: string;
  onClose: () => void;
  onSaved: (segment: SegmentSummaryFragment) => void;
}

/** Saves the query under a name: private to the agent, or shared with everyone (segments.manage). */
export function SaveSegmentModal({ query, onClose, onSaved }: SaveSegmentModalProps) {
  const mayShare = usePermission("segments.manage");
  const [name, setName] = useState("");
  const [shared, setShared] = useState(false);
  const [createSegment, { loading, error }] = useCreateSegmentMutation({ refetchQueries: ["Segments"] });

  const save = async () => {
    try {
      const result = await createSegment({ variables: { input: { name: name.trim(), query, shared: shared && mayShare } } });
      if (result.data) onSaved(result.data.createSegment);
    } catch {
      // The hook's `error` shows what went wrong, in the form.
    }
  };

  return (
    <Modal opened onClose={onClose} title="Save as segment" centered>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (name.trim()) void save();
        }}
      >
        <Stack>
          {error && <ErrorState error={error} />}
          <Code block>{query}</Code>
          <TextInput
            label="Name"
            placeholder="e.g. Banned and away for a month"
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            maxLength={100}
            required
            data-autofocus
            data-testid="segment-name"
          />
          <Checkbox
            label="Shared with every agent"
            description={
              mayShare
                ? "Everyone sees it in their list; only agents with segments.manage can change it."
                : missingPermissionHint("segments.manage")
            }
            checked={shared && mayShare}
            onChange={(event) => setShared(event.currentTarget.checked)}
            disabled={!mayShare}
            data-testid="segment-shared"
          />
          <Text size="xs" c="dimmed">
            The query is saved in its canonical form; people are counted when the segment is used, so the count follows the data.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={loading} disabled={!name.trim()} data-testid="segment-save-confirm">
              Save segment
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
