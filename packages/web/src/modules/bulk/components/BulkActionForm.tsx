import { Button, Group, Select, Stack, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState, type ReactNode } from "react";
import {
  useAssignableRolesQuery,
  useBulkOrganizationChoicesQuery,
  type BulkAction,
  type StartBulkJobInput,
} from "../../../generated/graphql";
import { formatCount } from "../../../shared/lib/format";
import { BanForm } from "../../users/components/BanForm";
import { BULK_ACTION_LABELS, DESTRUCTIVE_BULK_ACTIONS, peopleCount } from "../lib/bulk-actions";

export type BulkParameters = Pick<StartBulkJobInput, "days" | "reason" | "roleId" | "organizationId">;

interface BulkActionFormProps {
  action: BulkAction;
  /** How many people the job will reach, as the agent sees it now. */
  count: number;
  busy: boolean;
  onSubmit: (parameters: BulkParameters) => void;
  onCancel: () => void;
}

// Mantine's Select has no "no value" option; this stands for "take them out of their organization".
const NO_ORGANIZATION = "none";
// Long enough to skip a request per keystroke, as the other searches do.
const SEARCH_DEBOUNCE_MS = 250;

/** What an action needs to know before it runs (a ban's days, a role, an organization), and the agent's go-ahead. */
export function BulkActionForm({ action, count, busy, onSubmit, onCancel }: BulkActionFormProps) {
  const people = peopleCount(count);
  switch (action) {
    case "BAN":
      return (
        <Stack>
          <Text size="sm">Bans {people}. Each keeps the reason in their state history.</Text>
          <BanForm busy={busy} onCancel={onCancel} onSubmit={(choice) => onSubmit(choice)} />
        </Stack>
      );
    case "ADD_ROLE":
    case "REMOVE_ROLE":
      return <RoleForm action={action} people={people} busy={busy} onSubmit={onSubmit} onCancel={onCancel} />;
    case "SET_ORGANIZATION":
      return <OrganizationForm people={people} busy={busy} onSubmit={onSubmit} onCancel={onCancel} />;
    case "DELETE":
      return <DeleteForm count={count} busy={busy} onSubmit={() => onSubmit({})} onCancel={onCancel} />;
    default:
      return (
        <Confirmation
          action={action}
          busy={busy}
          ready
          onSubmit={() => onSubmit({})}
          onCancel={onCancel}
          explanation={
            <Text size="sm">
              {action === "TRASH"
                ? `Moves ${people} to the trash: they and their communications leave every list, count and organization total until restored.`
                : `${BULK_ACTION_LABELS[action]}: ${people}.`}{" "}
              People it does not apply to are skipped and listed in the report.
            </Text>
          }
        />
      );
  }
}

interface ConfirmationProps {
  action: BulkAction;
  explanation: ReactNode;
  children?: ReactNode;
  busy: boolean;
  /** Whatever the form asks is filled in. */
  ready: boolean;
  onSubmit: () => void;
  onCancel: () => void;
}

function Confirmation({ action, explanation, children, busy, ready, onSubmit, onCancel }: ConfirmationProps) {
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (ready) onSubmit();
      }}
    >
      <Stack>
        {explanation}
        {children}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button
            type="submit"
            color={DESTRUCTIVE_BULK_ACTIONS.has(action) ? "red" : undefined}
            loading={busy}
            disabled={!ready}
            data-testid="confirm-action"
          >
            {BULK_ACTION_LABELS[action]}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

interface ParameterFormProps {
  people: string;
  busy: boolean;
  onSubmit: (parameters: BulkParameters) => void;
  onCancel: () => void;
}

function RoleForm({ action, people, ...props }: ParameterFormProps & { action: "ADD_ROLE" | "REMOVE_ROLE" }) {
  const [roleId, setRoleId] = useState<string | null>(null);
  const { data, loading } = useAssignableRolesQuery();
  // Implicit roles follow from the account and cannot be given or taken.
  const explicit = (data?.roles ?? []).filter((role) => !role.implicit);
  const options = [
    { group: "Customer roles", items: explicit.filter((role) => role.kind === "CUSTOMER") },
    { group: "Agent roles", items: explicit.filter((role) => role.kind === "AGENT") },
  ]
    .filter(({ items }) => items.length)
    .map(({ group, items }) => ({ group, items: items.map((role) => ({ value: role.id, label: role.name })) }));
  return (
    <Confirmation
      action={action}
      busy={props.busy}
      ready={roleId !== null}
      onSubmit={() => roleId && props.onSubmit({ roleId })}
      onCancel={props.onCancel}
      explanation={
        <Text size="sm">
          {action === "ADD_ROLE" ? "Gives" : "Takes"} a role {action === "ADD_ROLE" ? "to" : "from"} {people}. Customer roles go
          to customers and agent roles to agents; the others are skipped.
        </Text>
      }
    >
      <Select
        label="Role"
        placeholder={loading ? "Loading…" : options.length ? "Choose a role" : "No custom roles yet"}
        data={options}
        value={roleId}
        onChange={setRoleId}
        searchable
        data-testid="bulk-role"
        data-autofocus
      />
    </Confirmation>
  );
}

function OrganizationForm({ people, ...props }: ParameterFormProps) {
  const [choice, setChoice] = useState<string | null>(null);
  const [search, setSearch] = useState("");
  const [debouncedSearch] = useDebouncedValue(search, SEARCH_DEBOUNCE_MS);
  const { data, previousData, loading } = useBulkOrganizationChoicesQuery({ variables: { search: debouncedSearch || null } });
  const organizations = (data ?? previousData)?.organizations;
  const options = [
    { value: NO_ORGANIZATION, label: "No organization" },
    ...(organizations?.nodes ?? []).map((organization) => ({ value: organization.id, label: organization.name })),
  ];
  return (
    <Confirmation
      action="SET_ORGANIZATION"
      busy={props.busy}
      ready={choice !== null}
      onSubmit={() => props.onSubmit({ organizationId: choice === NO_ORGANIZATION ? null : choice })}
      onCancel={props.onCancel}
      explanation={
        <Text size="sm">Moves {people} to an organization, or takes them out of theirs with &quot;No organization&quot;.</Text>
      }
    >
      <Select
        label="Organization"
        placeholder={loading && !organizations ? "Loading…" : "Type to search by name, website or domain"}
        description={
          organizations && organizations.totalCount > organizations.nodes.length
            ? `The first ${formatCount(organizations.nodes.length)} of ${formatCount(organizations.totalCount)}: type to narrow.`
            : undefined
        }
        data={options}
        value={choice}
        onChange={setChoice}
        searchable
        searchValue={search}
        onSearchChange={setSearch}
        // The server has searched already, in more than the names shown.
        filter={({ options: found }) => found}
        nothingFoundMessage="No organization matches."
        data-testid="bulk-organization"
        data-autofocus
      />
    </Confirmation>
  );
}

function DeleteForm({
  count,
  busy,
  onSubmit,
  onCancel,
}: {
  count: number;
  busy: boolean;
  onSubmit: () => void;
  onCancel: () => void;
}) {
  const [typed, setTyped] = useState("");
  const expected = String(count);
  return (
    <Confirmation
      action="DELETE"
      busy={busy}
      ready={typed.trim() === expected}
      onSubmit={onSubmit}
      onCancel={onCancel}
      explanation={
        <Text size="sm">
          This deletes {peopleCount(count)} and every communication they sent, for good. It cannot be undone. Type the number of
          people, {expected}, to confirm.
        </Text>
      }
    >
      <TextInput
        label="Number of people"
        placeholder={expected}
        value={typed}
        onChange={(event) => setTyped(event.currentTarget.value)}
        inputMode="numeric"
        data-testid="confirm-count"
        data-autofocus
      />
    </Confirmation>
  );
}
