import { Modal } from "@mantine/core";
import { IconPencil } from "@tabler/icons-react";
import { useState } from "react";
import { ORGANIZATIONS_MANAGE } from "../lib/permissions";
import { OrganizationForm, type OrganizationFormProps } from "./OrganizationForm";
import { PermissionButton } from "../../../shared/components/PermissionButton";

interface EditOrganizationButtonProps {
  organization: NonNullable<OrganizationFormProps["organization"]>;
  /** Reads the organization again (the page's query). */
  onReload: () => Promise<unknown>;
}

/** "Edit" on an organization's page: its fields, domains and custom attributes in a dialog. */
export function EditOrganizationButton({ organization, onReload }: EditOrganizationButtonProps) {
  const [opened, setOpened] = useState(false);
  // Bumped on opening and after a reload, so the form starts from what the page has read now.
  const [generation, setGeneration] = useState(0);
  const restart = () => setGeneration((current) => current + 1);

  return (
    <>
      <PermissionButton
        permission={ORGANIZATIONS_MANAGE}
        variant="default"
        leftSection={<IconPencil size={14} />}
        onClick={() => {
          restart();
          setOpened(true);
        }}
        testId="edit-organization"
      >
        Edit
      </PermissionButton>
      <Modal opened={opened} onClose={() => setOpened(false)} title={`Edit ${organization.name}`} size="lg" centered>
        <OrganizationForm
          key={`${organization.id}:${generation}`}
          organization={organization}
          onSaved={() => setOpened(false)}
          onCancel={() => setOpened(false)}
          onReload={() => onReload().then(restart)}
        />
      </Modal>
    </>
  );
}
