import type { ErrorLike } from "@apollo/client";
import { Badge, Button, Code, Group, Modal, Stack, Table, Text, Title } from "@mantine/core";
import { IconPlus, IconUsersGroup } from "@tabler/icons-react";
import { useState } from "react";
import {
  useApiKeysQuery,
  useCreateApiKeyMutation,
  useMeQuery,
  useRevokeApiKeyMutation,
  type ApiKeyFieldsFragment,
  type ApiKeyStatus,
} from "../../../generated/graphql";
import { ErrorState } from "../../../shared/components/ErrorState";
import { PermissionButton } from "../../../shared/components/PermissionButton";
import { Timestamp } from "../../../shared/components/Timestamp";
import { humanizeEnum } from "../../../shared/lib/format";
import { missingPermissionHint, usePermission } from "../../auth/hooks/use-permission";
import { CreateApiKeyModal, type ApiKeyPurpose, type NewApiKey } from "../components/CreateApiKeyModal";
import { SCIM_PERMISSION } from "../scim-key";

const STATUS_COLORS: Record<ApiKeyStatus, string> = { ACTIVE: "green", EXPIRED: "gray", REVOKED: "red" };

/** Keys for the services that call Roster: what each may do, when it was last used, and revoking it. */
export function ApiKeysPage() {
  const mayManage = usePermission("apiKeys.manage");
  const me = useMeQuery({ fetchPolicy: "cache-first" });
  const { data, error, refetch } = useApiKeysQuery({ skip: !mayManage });
  const [creating, setCreating] = useState<ApiKeyPurpose | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<ApiKeyFieldsFragment | null>(null);
  const [failure, setFailure] = useState<ErrorLike | null>(null);
  const [createKey, created] = useCreateApiKeyMutation({ refetchQueries: ["ApiKeys"] });
  const [revokeKey, revoked] = useRevokeApiKeyMutation();

  if (!mayManage) {
    return (
      <Stack>
        <Title order={1} size="h2" tabIndex={-1}>
          API keys
        </Title>
        <Text c="dimmed" data-testid="api-keys-forbidden">
          {missingPermissionHint("apiKeys.manage")}
        </Text>
      </Stack>
    );
  }
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;

  const create = async (key: NewApiKey) => {
    setFailure(null);
    try {
      const result = await createKey({ variables: { input: key } });
      setSecret(result.data?.createApiKey.secret ?? null);
    } catch (caught) {
      setFailure(caught as ErrorLike);
    }
  };

  const startCreating = (purpose: ApiKeyPurpose) => {
    setFailure(null);
    setSecret(null);
    setCreating(purpose);
  };

  const revoke = async (key: ApiKeyFieldsFragment) => {
    setFailure(null);
    try {
      await revokeKey({ variables: { id: key.id } });
      setRevoking(null);
    } catch (caught) {
      setFailure(caught as ErrorLike);
    }
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2" tabIndex={-1}>
          API keys
        </Title>
        <Group gap="xs">
          {/* A key can only be given what its creator holds: without scim.provision this says so. */}
          <PermissionButton
            permission={SCIM_PERMISSION}
            variant="default"
            leftSection={<IconUsersGroup size={16} />}
            onClick={() => startCreating("scim")}
            testId="new-scim-key"
          >
            SCIM provisioning
          </PermissionButton>
          <Button leftSection={<IconPlus size={16} />} onClick={() => startCreating("service")} data-testid="new-api-key">
            New API key
          </Button>
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        Services (help center, ticket system, chat, telephony, surveys) call Roster with a key in{" "}
        <Code>Authorization: Bearer …</Code>.
      </Text>
      {failure && !creating && !revoking && <ErrorState error={failure} />}
      <Table withTableBorder striped data-testid="api-keys-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Key</Table.Th>
            <Table.Th>Permissions</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Last used</Table.Th>
            <Table.Th>Expires</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data?.apiKeys.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={7}>
                <Text size="sm" c="dimmed" ta="center">
                  No API keys yet.
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
          {data?.apiKeys.map((key) => (
            <Table.Tr key={key.id} data-testid="api-key-row">
              <Table.Td>{key.name}</Table.Td>
              <Table.Td>
                <Code>{key.prefix}…</Code>
              </Table.Td>
              <Table.Td data-testid="api-key-permissions">
                <Group gap={4}>
                  {key.permissions.map((permission) => (
                    <Badge key={permission} size="xs" variant="light">
                      {permission}
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td>
                <Badge color={STATUS_COLORS[key.status]} variant="light" data-testid="api-key-status">
                  {humanizeEnum(key.status)}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Timestamp value={key.lastUsedAt} fallback="Never" />
              </Table.Td>
              <Table.Td>
                <Timestamp value={key.expiresAt} fallback="Never" />
              </Table.Td>
              <Table.Td>
                {key.status === "ACTIVE" && (
                  <Button size="xs" variant="subtle" color="red" onClick={() => setRevoking(key)} data-testid="revoke-api-key">
                    Revoke
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>

      {creating && data && (
        <CreateApiKeyModal
          purpose={creating}
          catalog={data.permissions}
          own={me.data?.me?.permissions ?? []}
          busy={created.loading}
          error={failure}
          secret={secret}
          onSubmit={(key) => void create(key)}
          onClose={() => {
            setCreating(null);
            setSecret(null);
          }}
        />
      )}
      <Modal opened={revoking !== null} onClose={() => setRevoking(null)} title={`Revoke ${revoking?.name ?? ""}`} centered>
        <Stack>
          {failure && <ErrorState error={failure} />}
          <Text size="sm">
            The key stops working at once; the service using it is refused from its next request. This cannot be undone.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRevoking(null)}>
              Cancel
            </Button>
            <Button
              color="red"
              loading={revoked.loading}
              onClick={() => revoking && void revoke(revoking)}
              data-testid="confirm-revoke"
            >
              Revoke key
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
