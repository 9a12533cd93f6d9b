import type { ErrorLike } from "@apollo/client";
import { Badge, Button, Checkbox, Code, Group, Modal, Select, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import type { ApiKeysQuery } from "../../../generated/graphql";
import { ErrorState } from "../../../shared/components/ErrorState";
import { ShownOnceModal } from "../../../shared/components/ShownOnceModal";
import { SCIM_PERMISSION, scimBaseUrl } from "../scim-key";

const DAY = 86_400_000;
const EXPIRY_CHOICES = [
  { value: "30", label: "In 30 days" },
  { value: "90", label: "In 90 days" },
  { value: "365", label: "In a year" },
  { value: "never", label: "Never" },
];

export interface NewApiKey {
  name: string;
  permissions: string[];
  expiresAt: string | null;
}

/**
 * `service`: permissions picked one by one. `scim`: an identity provider's connector, whose key
 * holds exactly scim.provision, so that a leaked provider key can do nothing else.
 */
export type ApiKeyPurpose = "service" | "scim";

interface CreateApiKeyModalProps {
  purpose: ApiKeyPurpose;
  catalog: ApiKeysQuery["permissions"];
  /** What the agent holds: a key never gets more. */
  own: readonly string[];
  busy: boolean;
  error: ErrorLike | null;
  /** Set once created: shown once, then gone for good. */
  secret: string | null;
  onSubmit: (key: NewApiKey) => void;
  onClose: () => void;
}

/**
 * A key for a service: a name, the permissions it acts with, and an end date; the secret is shown
 * once, for a SCIM key with the base URL the identity provider needs beside it.
 */
export function CreateApiKeyModal({ purpose, catalog, own, busy, error, secret, onSubmit, onClose }: CreateApiKeyModalProps) {
  const scim = purpose === "scim";
  const [name, setName] = useState(scim ? "SCIM provisioning" : "");
  const [permissions, setPermissions] = useState<string[]>(scim ? [SCIM_PERMISSION] : []);
  const [expiry, setExpiry] = useState("90");
  const agentPermissions = catalog.filter((permission) => permission.kind === "AGENT");
  const valid = name.trim() !== "" && permissions.length > 0;

  if (secret) {
    const secretValue = { label: scim ? "Secret token" : "Secret", value: secret, testId: "api-key-secret" };
    return (
      <ShownOnceModal
        title="Store this key now"
        warning={
          <>
            This is the only time the secret is shown: Roster keeps only a hash of it. The{" "}
            {scim ? "identity provider" : "service"} sends it as <Code>Authorization: Bearer …</Code>.
          </>
        }
        values={scim ? [{ label: "SCIM base URL", value: scimBaseUrl(), testId: "scim-base-url" }, secretValue] : [secretValue]}
        doneTestId="secret-done"
        onClose={onClose}
      >
        {scim && (
          <Text size="sm" data-testid="scim-instructions">
            In Okta, paste the base URL as <b>SCIM connector base URL</b> and the secret as the <b>Bearer token</b> of HTTP Header
            authentication. In Entra ID, paste them as <b>Tenant URL</b> and <b>Secret Token</b>. If Roster is published at
            another address, use that address followed by <Code>/scim/v2</Code>.
          </Text>
        )}
      </ShownOnceModal>
    );
  }

  return (
    <Modal opened onClose={onClose} title={scim ? "SCIM provisioning key" : "New API key"} centered size="lg">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!valid) return;
          const expiresAt = expiry === "never" ? null : new Date(Date.now() + Number(expiry) * DAY).toISOString();
          onSubmit({ name: name.trim(), permissions, expiresAt });
        }}
      >
        <Stack>
          {error && <ErrorState error={error} />}
          <TextInput
            label="Name"
            description={scim ? "Which identity provider uses it, e.g. Okta." : "Which service uses it, e.g. Help center portal."}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            maxLength={100}
            data-testid="api-key-name"
            data-autofocus
          />
          <Select
            label="Expires"
            data={EXPIRY_CHOICES}
            value={expiry}
            onChange={(value) => setExpiry(value ?? "90")}
            allowDeselect={false}
          />
          {scim ? (
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                Permission
              </Text>
              <Group gap="xs">
                <Badge variant="light">{SCIM_PERMISSION}</Badge>
                <Text size="xs" c="dimmed">
                  {catalog.find((permission) => permission.name === SCIM_PERMISSION)?.description}
                </Text>
              </Group>
            </Stack>
          ) : (
            <Checkbox.Group
              label="Permissions"
              description="Only those you hold yourself can be given."
              value={permissions}
              onChange={setPermissions}
            >
              <Stack gap="xs" mt="xs">
                {agentPermissions.map((permission) => (
                  <Checkbox
                    key={permission.name}
                    value={permission.name}
                    label={permission.name}
                    description={own.includes(permission.name) ? permission.description : "You do not hold this permission."}
                    disabled={!own.includes(permission.name)}
                    data-testid={`api-key-permission-${permission.name}`}
                  />
                ))}
              </Stack>
              <Text size="xs" c="dimmed" mt="xs">
                The key acts with these permissions, and never with more than yours.
              </Text>
            </Checkbox.Group>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} disabled={!valid} data-testid="api-key-create">
              Create key
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
