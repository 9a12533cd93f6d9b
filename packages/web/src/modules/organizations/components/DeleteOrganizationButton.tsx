import type { ErrorLike } from "@apollo/client";
import { useApolloClient } from "@apollo/client/react";
import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { useNavigate } from "react-router";
import { useDeleteOrganizationMutation } from "../../../generated/graphql";
import { ErrorState } from "../../../shared/components/ErrorState";
import { formatCount } from "../../../shared/lib/format";
import { ORGANIZATIONS_MANAGE } from "../lib/permissions";
import { PermissionButton } from "../../../shared/components/PermissionButton";

interface DeleteOrganizationButtonProps {
  organization: { id: string; name: string; memberCount: number };
}

/** "Delete" on an organization's page: says what becomes of the members, then back to the list. */
export function DeleteOrganizationButton({ organization }: DeleteOrganizationButtonProps) {
  const client = useApolloClient();
  const navigate = useNavigate();
  const [opened, setOpened] = useState(false);
  const [error, setError] = useState<ErrorLike | null>(null);
  const [remove, { loading }] = useDeleteOrganizationMutation();
  const members = organization.memberCount;

  const confirm = async () => {
    setError(null);
    try {
      await remove({ variables: { id: organization.id } });
      setOpened(false);
      // Gone from lists, and its former members belong to none now.
      client.cache.evict({ id: client.cache.identify({ __typename: "Organization", id: organization.id }) });
      client.cache.evict({ fieldName: "organizations" });
      client.cache.evict({ fieldName: "users" });
      client.cache.gc();
      void navigate("/organizations", { replace: true });
    } catch (caught) {
      setError(caught as ErrorLike);
    }
  };

  return (
    <>
      <PermissionButton
        permission={ORGANIZATIONS_MANAGE}
        variant="default"
        color="red"
        leftSection={<IconTrash size={14} />}
        onClick={() => {
          setError(null);
          setOpened(true);
        }}
        testId="delete-organization"
      >
        Delete
      </PermissionButton>
      <Modal opened={opened} onClose={() => setOpened(false)} title={`Delete ${organization.name}`} centered>
        <Stack>
          {error && <ErrorState error={error} />}
          <Text size="sm" data-testid="delete-organization-consequences">
            {members === 0
              ? `${organization.name} has no members. `
              : `${formatCount(members)} ${members === 1 ? "member" : "members"} will be unlinked from ${organization.name}: ${
                  members === 1 ? "they stay" : "they all stay"
                } in Roster without an organization, and their communications stay theirs. `}
            The organization, its domains and its attributes are deleted for good.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpened(false)}>
              Cancel
            </Button>
            <Button color="red" loading={loading} onClick={() => void confirm()} data-testid="confirm-delete-organization">
              Delete organization
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
