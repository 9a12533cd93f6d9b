import { Modal } from "@mantine/core";
import { IconPencil } from "@tabler/icons-react";
import { useState } from "react";
import { PermissionButton } from "../../../shared/components/PermissionButton";
import { EditPersonForm, type EditPersonFormProps } from "./EditPersonForm";

// What updateUser requires on the server (@Authorized(Permission.PeopleManage)).
const EDIT_PERMISSION = "people.manage";

interface EditPersonButtonProps {
  person: EditPersonFormProps["person"];
  /** Reads the person again (the profile's query). */
  onReload: () => Promise<unknown>;
}

/** "Edit" on a profile: the person's fields and custom attributes in a dialog, for agents who may change them. */
export function EditPersonButton({ person, onReload }: EditPersonButtonProps) {
  const [opened, setOpened] = useState(false);
  // Bumped on opening and after a reload, so the form starts from what the page has read now.
  const [generation, setGeneration] = useState(0);
  const restart = () => setGeneration((current) => current + 1);

  return (
    <>
      <PermissionButton
        permission={EDIT_PERMISSION}
        variant="default"
        leftSection={<IconPencil size={14} />}
        onClick={() => {
          restart();
          setOpened(true);
        }}
        testId="edit-person"
      >
        Edit
      </PermissionButton>
      <Modal opened={opened} onClose={() => setOpened(false)} title={`Edit ${person.displayName}`} size="lg" centered>
        <EditPersonForm
          key={`${person.id}:${generation}`}
          person={person}
          onSaved={() => setOpened(false)}
          onCancel={() => setOpened(false)}
          onReload={() => onReload().then(restart)}
        />
      </Modal>
    </>
  );
}
