import type { ErrorLike } from "@apollo/client";
import { Button, Group, Modal, MultiSelect, Stack, Text, Tooltip } from "@mantine/core";
import { useState } from "react";
import { useAssignableRolesQuery, useAssignRolesMutation, type UserKind } from "../../../generated/graphql";
import { ErrorState } from "../../../shared/components/ErrorState";
import { missingPermissionHint, usePermission } from "../../auth/hooks/use-permission";

interface AssignRolesButtonProps {
  person: { id: string; displayName: string; kind: UserKind; roles: readonly { id: string; implicit: boolean }[] };
}

/** Sets a person's explicit roles: customer roles to customers, agent roles to agents. */
export function AssignRolesButton({ person }: AssignRolesButtonProps) {
  const mayAssign = usePermission("roles.manage");
  const [opened, setOpened] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const [failure, setFailure] = useState<ErrorLike | null>(null);
  const roles = useAssignableRolesQuery({ skip: !opened });
  const [assign, assigning] = useAssignRolesMutation();
  const options = (roles.data?.roles ?? [])
    .filter((role) => role.kind === person.kind && !role.implicit)
    .map((role) => ({ value: role.id, label: role.name }));

  const open = () => {
    setSelected(person.roles.filter((role) => !role.implicit).map((role) => role.id));
    setFailure(null);
    setOpened(true);
  };

  const save = async () => {
    setFailure(null);
    try {
      await assign({ variables: { userId: person.id, roleIds: selected }, refetchQueries: ["RolesMatrix"] });
      setOpened(false);
    } catch (caught) {
      setFailure(caught as ErrorLike);
    }
  };

  return (
    <>
      <Tooltip label={missingPermissionHint("roles.manage")} disabled={mayAssign} multiline w={260}>
        <Button size="xs" variant="default" onClick={open} disabled={!mayAssign} data-testid="assign-roles">
          Change roles
        </Button>
      </Tooltip>
      <Modal opened={opened} onClose={() => setOpened(false)} title={`Roles of ${person.displayName}`} centered>
        <Stack>
          {failure && <ErrorState error={failure} />}
          <Text size="sm" c="dimmed">
            Implicit roles (Everyone, Registered user, …) follow from the account and are not chosen here.
          </Text>
          <MultiSelect
            label={person.kind === "AGENT" ? "Agent roles" : "Customer roles"}
            data={options}
            value={selected}
            onChange={setSelected}
            placeholder={roles.loading ? "Loading…" : options.length ? "Choose roles" : "No custom roles yet"}
            searchable
            clearable
            comboboxProps={{ withinPortal: true }}
            data-testid="assign-roles-select"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpened(false)}>
              Cancel
            </Button>
            <Button loading={assigning.loading} onClick={() => void save()} data-testid="assign-roles-save">
              Save roles
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
