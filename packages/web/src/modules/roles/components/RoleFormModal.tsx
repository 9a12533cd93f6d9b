import type { ErrorLike } from "@apollo/client";
import { Button, Checkbox, Group, Modal, SegmentedControl, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { useState } from "react";
import type { RoleFieldsFragment, RoleKind, RolesMatrixQuery } from "../../../generated/graphql";
import { ErrorState } from "../../../shared/components/ErrorState";

export interface RoleFormValues {
  name: string;
  description: string;
  kind: RoleKind;
  permissions: string[];
}

interface RoleFormModalProps {
  /** Absent: a new role. */
  role?: RoleFieldsFragment;
  catalog: RolesMatrixQuery["permissions"];
  busy: boolean;
  error: ErrorLike | null;
  onSubmit: (values: RoleFormValues) => void;
  onClose: () => void;
}

/** Create or edit a role: its name, what it is for, and its permissions (of its kind only). */
export function RoleFormModal({ role, catalog, busy, error, onSubmit, onClose }: RoleFormModalProps) {
  const [name, setName] = useState(role?.name ?? "");
  const [description, setDescription] = useState(role?.description ?? "");
  const [kind, setKind] = useState<RoleKind>(role?.kind ?? "CUSTOMER");
  const [permissions, setPermissions] = useState<string[]>(role ? [...role.permissions] : []);
  const offered = catalog.filter((permission) => permission.kind === kind);
  const nameError = name.trim() ? undefined : "A role needs a name.";

  return (
    <Modal opened onClose={onClose} title={role ? `Edit ${role.name}` : "New role"} centered size="lg">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!nameError) onSubmit({ name: name.trim(), description: description.trim(), kind, permissions });
        }}
      >
        <Stack>
          {error && <ErrorState error={error} />}
          <TextInput
            label="Name"
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            disabled={role?.system}
            description={role?.system ? "System roles keep their names." : undefined}
            error={name ? nameError : undefined}
            maxLength={100}
            data-testid="role-name"
            data-autofocus
          />
          <Textarea
            label="Description"
            value={description}
            onChange={(event) => setDescription(event.currentTarget.value)}
            maxLength={500}
            autosize
            minRows={2}
          />
          {!role && (
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                For
              </Text>
              <SegmentedControl
                data={[
                  { value: "CUSTOMER", label: "Customers" },
                  { value: "AGENT", label: "Agents" },
                ]}
                value={kind}
                onChange={(value) => {
                  setKind(value as RoleKind);
                  setPermissions([]);
                }}
              />
            </Stack>
          )}
          <Checkbox.Group label="Permissions" value={permissions} onChange={setPermissions}>
            <Stack gap="xs" mt="xs">
              {offered.map((permission) => (
                <Checkbox
                  key={permission.name}
                  value={permission.name}
                  label={permission.name}
                  description={permission.description}
                  data-testid={`role-permission-${permission.name}`}
                />
              ))}
            </Stack>
          </Checkbox.Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} disabled={Boolean(nameError)} data-testid="role-save">
              {role ? "Save" : "Create role"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
