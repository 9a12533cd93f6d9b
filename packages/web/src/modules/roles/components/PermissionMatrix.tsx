import { ActionIcon, Anchor, Badge, Checkbox, Group, Menu, Stack, Table, Text, Tooltip } from "@mantine/core";
import { IconDots } from "@tabler/icons-react";
import { Link } from "react-router";
import type { RoleFieldsFragment, RolesMatrixQuery } from "../../../generated/graphql";
import { formatCount } from "../../../shared/lib/format";

interface PermissionMatrixProps {
  roles: readonly RoleFieldsFragment[];
  permissions: RolesMatrixQuery["permissions"];
  /** False when the agent may look but not change; `disabledReason` says why. */
  editable: boolean;
  disabledReason: string;
  onToggle: (role: RoleFieldsFragment, permission: string, granted: boolean) => void;
  onEdit: (role: RoleFieldsFragment) => void;
  onDelete: (role: RoleFieldsFragment) => void;
}

/** Roles across, permissions down, one kind at a time: who may do what, changed in place. */
export function PermissionMatrix({
  roles,
  permissions,
  editable,
  disabledReason,
  onToggle,
  onEdit,
  onDelete,
}: PermissionMatrixProps) {
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table withTableBorder withColumnBorders striped stickyHeader>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Permission</Table.Th>
            {roles.map((role) => (
              <Table.Th key={role.id} ta="center" data-testid={`role-column-${role.name}`}>
                <Stack gap={2} align="center">
                  <Group gap={4} wrap="nowrap">
                    <Tooltip label={role.description || role.name} multiline w={260}>
                      <Text size="sm" fw={600}>
                        {role.name}
                      </Text>
                    </Tooltip>
                    {editable && (
                      <Menu position="bottom-end" withinPortal>
                        <Menu.Target>
                          <ActionIcon
                            variant="subtle"
                            size="sm"
                            aria-label={`${role.name} actions`}
                            data-testid={`role-menu-${role.name}`}
                          >
                            <IconDots size={14} />
                          </ActionIcon>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item onClick={() => onEdit(role)}>Edit</Menu.Item>
                          {!role.system && (
                            <Menu.Item color="red" onClick={() => onDelete(role)} data-testid={`role-delete-${role.name}`}>
                              Delete
                            </Menu.Item>
                          )}
                        </Menu.Dropdown>
                      </Menu>
                    )}
                  </Group>
                  <Group gap={4}>
                    {role.system && (
                      <Badge size="xs" variant="outline" color="gray">
                        System
                      </Badge>
                    )}
                    {/* The members are the Users list narrowed to the role (Everyone is the whole list). */}
                    <Anchor
                      component={Link}
                      to={role.systemKey === "EVERYONE" ? "/users" : `/users?role=${role.id}`}
                      size="xs"
                      data-testid={`role-members-${role.name}`}
                    >
                      {formatCount(role.memberCount)} {role.memberCount === 1 ? "member" : "members"}
                    </Anchor>
                  </Group>
                </Stack>
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {permissions.map((permission) => (
            <Table.Tr key={permission.name}>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {permission.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {permission.description}
                </Text>
              </Table.Td>
              {roles.map((role) => {
                const granted = role.permissions.includes(permission.name);
                return (
                  <Table.Td key={role.id} ta="center">
                    <Tooltip label={disabledReason} disabled={editable} multiline w={260}>
                      <Checkbox
                        checked={granted}
                        disabled={!editable}
                        onChange={() => onToggle(role, permission.name, !granted)}
                        aria-label={`${role.name}: ${permission.name}`}
                        style={{ display: "inline-block" }}
                      />
                    </Tooltip>
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
