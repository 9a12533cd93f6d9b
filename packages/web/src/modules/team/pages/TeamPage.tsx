import type { ErrorLike } from "@apollo/client";
import { Alert, Group, Modal, Stack, Text, Title } from "@mantine/core";
import { IconUserPlus } from "@tabler/icons-react";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { useTeamAgentsQuery } from "../../../generated/graphql";
import { CursorPager } from "../../../shared/components/CursorPager";
import { ErrorState } from "../../../shared/components/ErrorState";
import { SearchInput } from "../../../shared/components/SearchInput";
import { DEFAULT_PAGE_SIZE, isPageSize, useCursorPaging } from "../../../shared/hooks/use-cursor-paging";
import { useSearchParamPatch } from "../../../shared/hooks/use-search-param-patch";
import { PermissionButton } from "../../../shared/components/PermissionButton";
import { InviteAgentForm } from "../components/InviteAgentForm";
import { TeamTable } from "../components/TeamTable";

/**
 * The agents who serve the customers: their roles, presence, last sign-in and invitation, with
 * inviting a new agent and each one's account actions. The trashed stay listed (restorable).
 */
export function TeamPage() {
  const [params] = useSearchParams();
  const patch = useSearchParamPatch();
  const search = params.get("q") ?? "";
  const size = Number(params.get("size"));
  const pageSize = isPageSize(size) ? size : DEFAULT_PAGE_SIZE;
  const paging = useCursorPaging(JSON.stringify([search, pageSize]));
  const [inviting, setInviting] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<ErrorLike | null>(null);
  const { data, previousData, loading, error, refetch } = useTeamAgentsQuery({
    variables: { first: pageSize, after: paging.after, search: search || null },
  });
  const agents = (data ?? previousData)?.users;

  const say = (message: string) => {
    setFailure(null);
    setNotice(message);
  };

  return (
    <Stack>
      <Group justify="space-between">
        <div>
          <Title order={1} size="h2" tabIndex={-1}>
            Team
          </Title>
          <Text c="dimmed" size="sm">
            The agents who work in Roster and the help desk.
          </Text>
        </div>
        <PermissionButton
          permission="people.manage"
          leftSection={<IconUserPlus size={16} />}
          onClick={() => setInviting(true)}
          testId="invite-agent"
        >
          Invite agent
        </PermissionButton>
      </Group>
      <SearchInput
        label="Search"
        placeholder="Name, username or email"
        value={search}
        onSearch={(value) => patch({ q: value })}
        slashToFocus
      />
      {notice && (
        <Alert color="green" variant="light" withCloseButton onClose={() => setNotice(null)} data-testid="team-notice">
          {notice}
        </Alert>
      )}
      {failure && <ErrorState error={failure} />}
      {error ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : (
        <>
          <TeamTable
            records={agents?.nodes}
            fetching={loading}
            noRecordsText={search ? "No agent matches this search." : "No agents yet."}
            onNotice={say}
            onFailure={setFailure}
          />
          <CursorPager
            paging={paging}
            pageSize={pageSize}
            onPageSizeChange={(next) => patch({ size: next === DEFAULT_PAGE_SIZE ? null : String(next) })}
            rowCount={agents?.nodes.length}
            totalCount={agents?.totalCount}
            pageInfo={agents?.pageInfo}
            loading={loading}
          />
        </>
      )}
      <Modal opened={inviting} onClose={() => setInviting(false)} title="Invite an agent" centered>
        <InviteAgentForm
          onCancel={() => setInviting(false)}
          onInvited={(agent) => {
            setInviting(false);
            say(`${agent.displayName} is invited: a link to set a password is on its way to ${agent.email ?? "them"}.`);
          }}
        />
      </Modal>
    </Stack>
  );
}
