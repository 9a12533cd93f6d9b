import type { ErrorLike } from "@apollo/client";
import { Alert, Button, Group, List, Modal, Stack, Text, TextInput } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useState } from "react";
import { ErrorState } from "../../../shared/components/ErrorState";

interface EraseUserModalProps {
  person: { id: string; displayName: string };
  opened: boolean;
  busy: boolean;
  error: ErrorLike | null;
  onClose: () => void;
  onConfirm: () => void;
}

/**
 * Asks before erasing a customer's personal data: what goes, what stays, and that it cannot
 * be undone; the agent types the person's name to go ahead.
 */
export function EraseUserModal({ person, opened, busy, error, onClose, onConfirm }: EraseUserModalProps) {
  const [typedName, setTypedName] = useState("");
  const confirmed = typedName === person.displayName;

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      // A name half typed for one opening must not confirm the next.
      onExitTransitionEnd={() => setTypedName("")}
      title={`Erase personal data: ${person.displayName}`}
      size="lg"
      centered
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (confirmed) onConfirm();
        }}
      >
        <Stack>
          {error && <ErrorState error={error} />}
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title="This cannot be undone">
            Roster keeps no copy to restore from. If the person asked for their data, export it first.
          </Alert>
          <div>
            <Text size="sm" fw={500}>
              Erased for good
            </Text>
            <List size="sm" spacing={2}>
              <List.Item>Their name, which becomes “Erased person {person.id}”</List.Item>
              <List.Item>Email address, username, phone, time zone and language</List.Item>
              <List.Item>Their password and sessions, and links sent by email: they can no longer sign in</List.Item>
              <List.Item>Custom attributes, the ban reason, and emails waiting to be sent</List.Item>
              <List.Item>The words of their communications (subjects), and old values kept in the audit log</List.Item>
            </List>
          </div>
          <div>
            <Text size="sm" fw={500}>
              Kept
            </Text>
            <List size="sm" spacing={2}>
              <List.Item>Their communications as counts: kind, date, status, call duration and survey rating</List.Item>
              <List.Item>The account’s state, roles and organization</List.Item>
              <List.Item>The account history (who did what, when), with a record of this erasure</List.Item>
            </List>
          </div>
          <TextInput
            label={`Type “${person.displayName}” to confirm`}
            placeholder={person.displayName}
            value={typedName}
            onChange={(event) => setTypedName(event.currentTarget.value)}
            autoComplete="off"
            data-autofocus
            data-testid="erase-confirm-name"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" color="red" loading={busy} disabled={!confirmed} data-testid="erase-confirm">
              Erase personal data
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
