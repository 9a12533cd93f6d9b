import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { useNavigate } from "react-router";
import { type SegmentSummaryFragment, useDeleteSegmentMutation } from "../../../generated/graphql";
import { ErrorState } from "../../../shared/components/ErrorState";
import { notifyDone } from "../../../shared/lib/notify";

interface DeleteSegmentButtonProps {
  segment: SegmentSummaryFragment;
  disabled: boolean;
  disabledReason: string;
}

/** Deletes a saved segment after asking; the people in it are not touched, which the dialog says. */
export function DeleteSegmentButton({ segment, disabled, disabledReason }: DeleteSegmentButtonProps) {
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const [deleteSegment, { loading, error, reset }] = useDeleteSegmentMutation({ refetchQueries: ["Segments"] });

  const remove = async () => {
    try {
      await deleteSegment({ variables: { id: segment.id } });
      notifyDone(`The segment “${segment.name}” was deleted.`);
      navigate("/users");
    } catch {
      // Shown in the dialog from the hook's `error`.
    }
  };

  return (
    <>
      <Button
        color="red"
        variant="light"
        leftSection={<IconTrash size={16} />}
        onClick={() => {
          reset();
          setConfirming(true);
        }}
        disabled={disabled}
        title={disabled ? disabledReason : undefined}
        data-testid="segment-delete"
      >
        Delete
      </Button>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={`Delete “${segment.name}”`} centered>
        <Stack>
          {error && <ErrorState error={error} />}
          <Text size="sm">
            {segment.shared ? "Every agent loses this shared segment." : "Your private segment is removed."} Only the saved query
            goes: nobody in it is changed. This cannot be undone.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button color="red" loading={loading} onClick={() => void remove()} data-testid="segment-delete-confirm">
              Delete segment
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
