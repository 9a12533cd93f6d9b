import type { ErrorLike } from "@apollo/client";
import { useApolloClient } from "@apollo/client/react";
import { Button, Group, MultiSelect, Stack, TextInput } from "@mantine/core";
import { useState } from "react";
import { useAssignableRolesQuery, useInviteAgentMutation, type TeamMemberFragment } from "../../../generated/graphql";
import { ErrorState } from "../../../shared/components/ErrorState";
import { missingPermissionHint, usePermission } from "../../auth/hooks/use-permission";
import { fieldErrors, type FieldErrors } from "../../../shared/lib/edit-form";

const INPUTS = ["email", "displayName", "roleIds"] as const;
type Input = (typeof INPUTS)[number];

interface Failure {
  error: ErrorLike;
  placed: FieldErrors<Input>;
}

interface InviteAgentFormProps {
  onInvited: (agent: TeamMemberFragment) => void;
  onCancel: () => void;
}

/**
 * inviteAgent's input: an email, an optional display name (the server defaults it to the email's
 * local part) and agent roles, which only an agent with roles.manage may give. The server's
 * refusals land on their field.
 */
export function InviteAgentForm({ onInvited, onCancel }: InviteAgentFormProps) {
  const client = useApolloClient();
  const mayAssignRoles = usePermission("roles.manage");
  const [email, setEmail] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [roleIds, setRoleIds] = useState<string[]>([]);
  const [failure, setFailure] = useState<Failure | null>(null);
  const roles = useAssignableRolesQuery({ skip: !mayAssignRoles });
  const [invite, { loading }] = useInviteAgentMutation();
  const options = (roles.data?.roles ?? [])
    .filter((role) => role.kind === "AGENT" && !role.implicit)
    .map((role) => ({ value: role.id, label: role.name }));

  // A field's server message stands until that field is edited.
  const touch = (name: Input) =>
    setFailure((current) =>
      current ? { ...current, placed: { ...current.placed, fields: { ...current.placed.fields, [name]: undefined } } } : current,
    );

  const submit = async () => {
    setFailure(null);
    try {
      const { data } = await invite({
        variables: {
          input: { email: email.trim(), displayName: displayName.trim() || null, roleIds: roleIds.length ? roleIds : null },
        },
      });
      // The list and its count read differently now.
      client.cache.evict({ fieldName: "users" });
      client.cache.gc();
      if (data) onInvited(data.inviteAgent);
    } catch (caught) {
      const error = caught as ErrorLike;
      setFailure({ error, placed: fieldErrors(error, INPUTS) });
    }
  };

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (email.trim()) void submit();
      }}
    >
      <Stack>
        {failure?.placed.unplaced && <ErrorState error={failure.error} />}
        <TextInput
          label="Email"
          description="The invitation goes here; it is also how the agent signs in."
          type="email"
          required
          autoComplete="off"
          value={email}
          onChange={(event) => {
            touch("email");
            setEmail(event.currentTarget.value);
          }}
          error={failure?.placed.fields.email}
          data-testid="invite-email"
          data-autofocus
        />
        <TextInput
          label="Display name"
          description="Leave empty to use the part of the email before the @."
          autoComplete="off"
          value={displayName}
          onChange={(event) => {
            touch("displayName");
            setDisplayName(event.currentTarget.value);
          }}
          error={failure?.placed.fields.displayName}
          data-testid="invite-display-name"
        />
        <MultiSelect
          label="Roles"
          description={mayAssignRoles ? "Agent roles to give at once." : missingPermissionHint("roles.manage")}
          data={options}
          value={roleIds}
          onChange={(value) => {
            touch("roleIds");
            setRoleIds(value);
          }}
          disabled={!mayAssignRoles}
          placeholder={roles.loading ? "Loading…" : options.length ? "Choose roles" : "No agent roles to choose"}
          searchable
          clearable
          comboboxProps={{ withinPortal: true }}
          error={failure?.placed.fields.roleIds}
          data-testid="invite-roles"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={loading} disabled={!email.trim()} data-testid="invite-submit">
            Send invitation
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
