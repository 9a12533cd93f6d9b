import { Button, Modal, Tooltip } from "@mantine/core";
import { IconPencil } from "@tabler/icons-react";
import { useState } from "react";
import { missingPermissionHint, usePermission } from "../../auth/hooks/use-permission";
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
  const mayEdit = usePermission(EDIT_PERMISSION);
  const [opened, setOpened] = useState(false);
  // Bumped on opening and after a reload, so the form starts from what the page has read now.
  const [generation, setGeneration] = useState(0);
  const restart = () => setGeneration((current) => current + 1);

  return (
    <>
      <Tooltip label={missingPermissionHint(EDIT_PERMISSION)} disabled={mayEdit} multiline w={260}>
        {/* data-disabled rather than disabled: a disabled button gets no hover, so no tooltip. */}
        <Button
          variant="default"
          leftSection={<IconPencil size={14} />}
          onClick={() => {
            if (!mayEdit) return;
            restart();
            setOpened(true);
          }}
          data-disabled={!mayEdit || undefined}
          aria-disabled={!mayEdit}
          data-testid="edit-person"
        >
          Edit
        </Button>
      </Tooltip>
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
