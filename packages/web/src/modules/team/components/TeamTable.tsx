import type { ErrorLike } from "@apollo/client";
import { Anchor, Badge, Box, Group, Text } from "@mantine/core";
import { DataTable } from "mantine-datatable";
import { Link } from "react-router";
import type { TeamMemberFragment } from "../../../generated/graphql";
import { Timestamp } from "../../../shared/components/Timestamp";
import { AssignRolesButton } from "../../roles/components/AssignRolesButton";
import { PresenceBadge } from "../../users/components/PresenceBadge";
import { StateBadge } from "../../users/components/StateBadge";
import { UserActions } from "../../users/components/UserActions";
import { InvitationBadge } from "./InvitationBadge";
import { ResendInvitationButton } from "./ResendInvitationButton";

interface TeamTableProps {
  records: readonly TeamMemberFragment[] | undefined;
  fetching: boolean;
  noRecordsText: string;
  onNotice: (message: string) => void;
  onFailure: (error: ErrorLike) => void;
}

/** The agents, with how they sign in and what an administrator does to their account, row by row. */
export function TeamTable({ records, fetching, noRecordsText, onNotice, onFailure }: TeamTableProps) {
  return (
    <Box data-testid="team-table">
      <DataTable<TeamMemberFragment>
        withTableBorder
        borderRadius="md"
        highlightOnHover
        striped
        minHeight={records?.length ? undefined : 180}
        records={records ? [...records] : []}
        fetching={fetching}
        noRecordsText={noRecordsText}
        // The row's actions stay in view when the table scrolls sideways.
        pinLastColumn
        customRowAttributes={(agent) => ({ "data-testid": "team-row", "data-agent-email": agent.email ?? "" })}
        columns={[
          {
            accessor: "displayName",
            title: "Display Name",
            render: (agent) => (
              <Anchor component={Link} to={`/users/${agent.id}`} fw={500} size="sm">
                {agent.displayName}
              </Anchor>
            ),
          },
          { accessor: "email", title: "Email", render: (agent) => agent.email ?? <Text c="dimmed">—</Text> },
          {
            accessor: "roles",
            title: "Roles",
            // The chosen roles; the implicit ones (Everyone, Agent, …) follow from the account and would only repeat.
            render: (agent) => {
              const chosen = agent.roles.filter((role) => !role.implicit);
              return (
                <Group gap={4} miw={120} data-testid="team-roles">
                  {chosen.length ? (
                    chosen.map((role) => (
                      <Badge key={role.id} variant="light" styles={{ label: { overflow: "visible" } }}>
                        {role.name}
                      </Badge>
                    ))
                  ) : (
                    <Text c="dimmed" size="sm">
                      No roles
                    </Text>
                  )}
                </Group>
              );
            },
          },
          {
            accessor: "presence",
            title: "Presence",
            render: (agent) => (
              <Box miw={95}>
                <PresenceBadge presence={agent.presence} />
              </Box>
            ),
          },
          {
            accessor: "lastLoginAt",
            title: "Last Sign-in",
            render: (agent) => <Timestamp value={agent.lastLoginAt} fallback={agent.withoutLogin ? "Never signed in" : "—"} />,
          },
          { accessor: "invitation", title: "Invitation", render: (agent) => <InvitationBadge invitation={agent.invitation} /> },
          {
            accessor: "state",
            title: "State",
            render: (agent) => (
              <Box miw={140}>
                <StateBadge state={agent.state} bannedUntil={agent.bannedUntil} />
              </Box>
            ),
          },
          {
            accessor: "actions",
            title: "",
            textAlign: "right",
            render: (agent) => (
              <Group gap="xs" justify="flex-end" wrap="nowrap" align="flex-start">
                {(agent.invitation === "PENDING" || agent.invitation === "EXPIRED") && (
                  <ResendInvitationButton agent={agent} onResent={onNotice} onFailed={onFailure} />
                )}
                <AssignRolesButton person={agent} />
                <UserActions person={agent} />
              </Group>
            ),
          },
        ]}
      />
    </Box>
  );
}
