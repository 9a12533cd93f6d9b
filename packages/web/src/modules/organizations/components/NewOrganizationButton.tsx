import { Modal } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { useNavigate } from "react-router";
import { ORGANIZATIONS_MANAGE } from "../lib/permissions";
import { OrganizationForm } from "./OrganizationForm";
import { PermissionButton } from "../../../shared/components/PermissionButton";

/** "New organization" on the list: the form in a dialog, then the new organization's page. */
export function NewOrganizationButton() {
  const navigate = useNavigate();
  const [opened, setOpened] = useState(false);
  // Bumped on opening, so the form starts empty each time.
  const [generation, setGeneration] = useState(0);

  return (
    <>
      <PermissionButton
        permission={ORGANIZATIONS_MANAGE}
        leftSection={<IconPlus size={14} />}
        onClick={() => {
          setGeneration((current) => current + 1);
          setOpened(true);
        }}
        testId="new-organization"
      >
        New organization
      </PermissionButton>
      <Modal opened={opened} onClose={() => setOpened(false)} title="New organization" size="lg" centered>
        <OrganizationForm
          key={generation}
          organization={null}
          onSaved={(id) => {
            setOpened(false);
            void navigate(`/organizations/${id}`);
          }}
          onCancel={() => setOpened(false)}
        />
      </Modal>
    </>
  );
}
