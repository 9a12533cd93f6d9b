import type { ErrorLike } from "@apollo/client";
import { Alert, Button, Checkbox, CopyButton, Code, Group, Modal, Select, Stack, Text, TextInput } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useState } from "react";
import type { ApiKeysQuery } from "../../../generated/graphql";
import { ErrorState } from "../../../shared/components/ErrorState";

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

interface CreateApiKeyModalProps {
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

/** A key for a service: a name, the permissions it acts with, and an end date; the secret is shown once. */
export function CreateApiKeyModal({ catalog, own, busy, error, secret, onSubmit, onClose }: CreateApiKeyModalProps) {
  const [name, setName] = useState("");
  const [permissions, setPermissions] = useState<string[]>([]);
  const [expiry, setExpiry] = useState("90");
  const agentPermissions = catalog.filter((permission) => permission.kind === "AGENT");
  const valid = name.trim() !== "" && permissions.length > 0;

  if (secret) {
    return (
      <Modal opened onClose={onClose} title="Store this key now" centered size="lg" closeOnClickOutside={false}>
        <Stack>
          <Alert color="yellow" icon={<IconAlertTriangle size={18} />}>
            This is the only time the secret is shown: Roster keeps only a hash of it. The service sends it as{" "}
            <Code>Authorization: Bearer …</Code>.
          </Alert>
          <Code block data-testid="api-key-secret">
            {secret}
          </Code>
          <Group justify="flex-end">
            <CopyButton value={secret}>
              {({ copied, copy }) => (
                <Button variant="light" color={copied ? "teal" : undefined} onClick={copy} data-testid="copy-secret">
                  {copied ? "Copied" : "Copy"}
                </Button>
              )}
            </CopyButton>
            <Button onClick={onClose} data-testid="secret-done">
              Done
            </Button>
          </Group>
        </Stack>
      </Modal>
    );
  }

  return (
    <Modal opened onClose={onClose} title="New API key" centered size="lg">
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
            description="Which service uses it, e.g. Help center portal."
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
          </Checkbox.Group>
          <Text size="xs" c="dimmed">
            The key acts with these permissions, and never with more than yours.
          </Text>
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
