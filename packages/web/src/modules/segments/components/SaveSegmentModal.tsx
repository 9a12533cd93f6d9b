import { Code, Text } from "@mantine/core";
import { useState } from "react";
import { type SegmentSummaryFragment, useCreateSegmentMutation } from "../../../generated/graphql";
import { NameFormModal, ShareCheckbox } from "../../../shared/components/NameFormModal";
import { usePermission } from "../../auth/hooks/use-permission";

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
    <NameFormModal
      title="Save as segment"
      onClose={onClose}
      name={name}
      onNameChange={setName}
      namePlaceholder="e.g. Banned and away for a month"
      nameTestId="segment-name"
      onSubmit={() => void save()}
      loading={loading}
      error={error}
      submitLabel="Save segment"
      submitTestId="segment-save-confirm"
      above={<Code block>{query}</Code>}
      below={
        <>
          <ShareCheckbox
            checked={shared}
            onChange={setShared}
            mayShare={mayShare}
            description="Everyone sees it in their list; only agents with segments.manage can change it."
            testId="segment-shared"
          />
          <Text size="xs" c="dimmed">
            The query is saved in its canonical form; people are counted when the segment is used, so the count follows the data.
          </Text>
        </>
      }
    />
  );
}
