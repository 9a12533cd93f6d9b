import { Button, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { ErrorState } from "../../../shared/components/ErrorState";
import type { PersonActions } from "../hooks/use-person-actions";
import { TRANSITION_LABELS } from "../lib/transitions";
import { BanForm } from "./BanForm";

/** The confirmation an action asks for before it runs: a ban's duration, the trash, a typed name. */
export function TransitionDialog({ actions }: { actions: PersonActions }) {
  const { pending, busyFor, error, confirm, cancel } = actions;
  const busy = busyFor !== null;
  const [typedName, setTypedName] = useState("");
  const name = pending?.person.displayName ?? "";

  return (
    <Modal
      opened={pending !== null}
      onClose={cancel}
      // A fresh dialog per person and action: nothing typed for one carries over to the next.
      key={pending ? `${pending.person.id}:${pending.transition}` : "closed"}
      title={pending ? `${TRANSITION_LABELS[pending.transition]}: ${name}` : ""}
      centered
      onExitTransitionEnd={() => setTypedName("")}
    >
      <Stack>
        {error && <ErrorState error={error} />}
        {pending?.transition === "BAN" && <BanForm busy={busy} onCancel={cancel} onSubmit={confirm} />}
        {pending?.transition === "TRASH" && (
          <>
            <Text size="sm">
              {name} and all their communications leave every list, count and organization total. You can restore them from the
              trash.
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={cancel}>
                Cancel
              </Button>
              <Button color="red" loading={busy} onClick={() => confirm()} data-testid="confirm-action" data-autofocus>
                Move to trash
              </Button>
            </Group>
          </>
        )}
        {pending?.transition === "DELETE" && (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              if (typedName === name) confirm();
            }}
          >
            <Stack>
              <Text size="sm">
                This deletes {name} and every communication they sent, for good. It cannot be undone. Type their name to confirm.
              </Text>
              <TextInput
                label="Name"
                placeholder={name}
                value={typedName}
                onChange={(event) => setTypedName(event.currentTarget.value)}
                data-testid="confirm-name"
                data-autofocus
              />
              <Group justify="flex-end">
                <Button variant="default" onClick={cancel}>
                  Cancel
                </Button>
                <Button type="submit" color="red" loading={busy} disabled={typedName !== name} data-testid="confirm-action">
                  Delete permanently
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
    </Modal>
  );
}
