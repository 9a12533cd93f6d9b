import type { ErrorLike } from "@apollo/client";
import { Button, Group, Modal, Skeleton, Stack, Text, Title } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import {
  useCreateRoleMutation,
  useDeleteRoleMutation,
  useRolesMatrixQuery,
  useUpdateRoleMutation,
  type RoleFieldsFragment,
  type RoleKind,
} from "../../../generated/graphql";
import { ErrorState } from "../../../shared/components/ErrorState";
import { missingPermissionHint, usePermission } from "../../auth/hooks/use-permission";
import { PermissionMatrix } from "../components/PermissionMatrix";
import { RoleFormModal, type RoleFormValues } from "../components/RoleFormModal";

const KINDS: { kind: RoleKind; title: string; hint: string }[] = [
  { kind: "AGENT", title: "Agent roles", hint: "What agents and services may do in Roster." },
  { kind: "CUSTOMER", title: "Customer roles", hint: "What customers may do in the help center, chat and community." },
];

type Editing = { mode: "create" } | { mode: "edit"; role: RoleFieldsFragment };

/** The permission matrix: every role against the permission catalog, with custom roles managed here. */
export function RolesPage() {
  const mayManage = usePermission("roles.manage");
  const { data, error, refetch } = useRolesMatrixQuery();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [deleting, setDeleting] = useState<RoleFieldsFragment | null>(null);
  const [failure, setFailure] = useState<ErrorLike | null>(null);
  const [createRole, created] = useCreateRoleMutation({ refetchQueries: ["RolesMatrix"] });
  const [updateRole, updated] = useUpdateRoleMutation();
  const [deleteRole, deleted] = useDeleteRoleMutation({ refetchQueries: ["RolesMatrix"] });

  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;

  const attempt = async (action: () => Promise<unknown>, after: () => void) => {
    setFailure(null);
    try {
      await action();
      after();
    } catch (caught) {
      setFailure(caught as ErrorLike);
    }
  };

  const save = (values: RoleFormValues) =>
    attempt(
      () =>
        editing?.mode === "edit"
          ? updateRole({
              variables: {
                id: editing.role.id,
                input: {
                  name: editing.role.system ? undefined : values.name,
                  description: values.description,
                  permissions: values.permissions,
                },
              },
            })
          : createRole({ variables: { input: values } }),
      () => setEditing(null),
    );

  const toggle = (role: RoleFieldsFragment, permission: string, granted: boolean) =>
    attempt(
      () =>
        updateRole({
          variables: {
            id: role.id,
            input: {
              permissions: granted ? [...role.permissions, permission] : role.permissions.filter((name) => name !== permission),
            },
          },
        }),
      () => undefined,
    );

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2" tabIndex={-1}>
          Roles
        </Title>
        <Button
          leftSection={<IconPlus size={16} />}
          onClick={() => {
            setFailure(null);
            setEditing({ mode: "create" });
          }}
          disabled={!mayManage}
          title={mayManage ? undefined : missingPermissionHint("roles.manage")}
          data-testid="create-role"
        >
          New role
        </Button>
      </Group>
      {!mayManage && (
        <Text size="sm" c="dimmed" data-testid="roles-read-only">
          {missingPermissionHint("roles.manage")}
        </Text>
      )}
      {failure && !editing && !deleting && <ErrorState error={failure} />}
      {data ? (
        KINDS.map(({ kind, title, hint }) => (
          <Stack key={kind} gap="xs" data-testid={`matrix-${kind.toLowerCase()}`}>
            <Title order={3} size="h4">
              {title}
            </Title>
            <Text size="sm" c="dimmed">
              {hint}
            </Text>
            <PermissionMatrix
              roles={data.roles.filter((role) => role.kind === kind)}
              permissions={data.permissions.filter((permission) => permission.kind === kind)}
              editable={mayManage && !updated.loading}
              disabledReason={missingPermissionHint("roles.manage")}
              onToggle={(role, permission, granted) => void toggle(role, permission, granted)}
              onEdit={(role) => {
                setFailure(null);
                setEditing({ mode: "edit", role });
              }}
              onDelete={(role) => {
                setFailure(null);
                setDeleting(role);
              }}
            />
          </Stack>
        ))
      ) : (
        <Skeleton height={400} />
      )}

      {editing && data && (
        <RoleFormModal
          role={editing.mode === "edit" ? editing.role : undefined}
          catalog={data.permissions}
          busy={created.loading || updated.loading}
          error={failure}
          onSubmit={(values) => void save(values)}
          onClose={() => setEditing(null)}
        />
      )}
      <Modal opened={deleting !== null} onClose={() => setDeleting(null)} title={`Delete ${deleting?.name ?? ""}`} centered>
        <Stack>
          {failure && <ErrorState error={failure} />}
          <Text size="sm">
            {deleting?.memberCount
              ? `${deleting.memberCount} ${deleting.memberCount === 1 ? "person loses" : "people lose"} this role and its permissions.`
              : "Nobody has this role."}
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDeleting(null)}>
              Cancel
            </Button>
            <Button
              color="red"
              loading={deleted.loading}
              onClick={() =>
                deleting &&
                void attempt(
                  () => deleteRole({ variables: { id: deleting.id } }),
                  () => setDeleting(null),
                )
              }
              data-testid="confirm-delete-role"
            >
              Delete role
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
