import type { ErrorLike } from "@apollo/client";
import { useApolloClient } from "@apollo/client/react";
import { Button, Group, Select, Stack, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconUserMinus, IconUserPlus } from "@tabler/icons-react";
import { useState } from "react";
import { useNavigate } from "react-router";
import {
  useMemberChoicesQuery,
  useOrganizationMembersQuery,
  useUpdateUserMutation,
  type PersonRowFragment,
} from "../../../generated/graphql";
import { CursorPager } from "../../../shared/components/CursorPager";
import { ErrorState } from "../../../shared/components/ErrorState";
import { DEFAULT_PAGE_SIZE, useCursorPaging, type PageSize } from "../../../shared/hooks/use-cursor-paging";
import { missingPermissionHint, usePermission } from "../../auth/hooks/use-permission";
import { DEFAULT_PEOPLE_SORT, PeopleTable, type PeopleSort } from "../../users/components/PeopleTable";
import { PEOPLE_MANAGE } from "../lib/permissions";

// Long enough to skip a request per keystroke, short enough to feel instant (as SearchInput).
const SEARCH_DEBOUNCE_MS = 250;

interface OrganizationMembersProps {
  organization: { id: string; name: string };
}

/**
 * An organization's members, paged and sorted on the server, with a person to add and ticked
 * members to take out. Both are the person's own update (updateUser's organizationId, with
 * their version), the one path that changes a person.
 */
export function OrganizationMembers({ organization }: OrganizationMembersProps) {
  const client = useApolloClient();
  const mayManage = usePermission(PEOPLE_MANAGE);
  const [sort, setSort] = useState<PeopleSort>(DEFAULT_PEOPLE_SORT);
  const [pageSize, setPageSize] = useState<PageSize>(DEFAULT_PAGE_SIZE);
  const paging = useCursorPaging(JSON.stringify([organization.id, sort, pageSize]));
  const membersQuery = useOrganizationMembersQuery({
    variables: { id: organization.id, first: pageSize, after: paging.after, sort },
  });
  const members = (membersQuery.data ?? membersQuery.previousData)?.organization?.members;
  const [selected, setSelected] = useState<PersonRowFragment[]>([]);
  const navigate = useNavigate();
  const [candidateId, setCandidateId] = useState<string | null>(null);
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search.trim(), SEARCH_DEBOUNCE_MS);
  const choices = useMemberChoicesQuery({ variables: { search: debounced || null }, skip: !mayManage });
  const [updateUser] = useUpdateUserMutation();
  const [busy, setBusy] = useState<"add" | "remove" | null>(null);
  const [error, setError] = useState<ErrorLike | null>(null);

  const candidates = (choices.data?.users.nodes ?? []).filter((person) => person.organization?.id !== organization.id);
  const candidate = candidates.find((person) => person.id === candidateId);

  // Counts, lists and the people's own pages all read differently after a membership change.
  const afterChange = async () => {
    client.cache.evict({ fieldName: "users" });
    client.cache.evict({ fieldName: "organizations" });
    client.cache.gc();
    await client.refetchQueries({ include: ["OrganizationMembers", "Organization", "OrganizationCommunications"] });
  };

  const setOrganization = async (people: { id: string; version: number }[], organizationId: string | null) => {
    setError(null);
    try {
      for (const person of people) {
        await updateUser({ variables: { id: person.id, version: person.version, input: { organizationId } } });
      }
      return true;
    } catch (caught) {
      setError(caught as ErrorLike);
      return false;
    } finally {
      await afterChange();
    }
  };

  const add = async () => {
    if (!candidate) return;
    setBusy("add");
    if (await setOrganization([candidate], organization.id)) {
      setCandidateId(null);
      setSearch("");
    }
    setBusy(null);
  };

  const remove = async () => {
    // The rows carry the version the update goes with.
    const versions = new Map(members?.nodes.map((member) => [member.id, member.version]));
    const people = selected.flatMap((person) => {
      const version = versions.get(person.id);
      return version === undefined ? [] : [{ id: person.id, version }];
    });
    setBusy("remove");
    if (await setOrganization(people, null)) setSelected([]);
    setBusy(null);
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <Title order={3} size="h4">
          Members
        </Title>
        <Group gap="xs" align="flex-end">
          <Select
            aria-label="Person to add"
            placeholder={mayManage ? "Find a person to add" : missingPermissionHint(PEOPLE_MANAGE)}
            disabled={!mayManage}
            data={candidates.map((person) => ({
              value: person.id,
              label: [
                person.displayName,
                person.email && `<${person.email}>`,
                person.organization && `(leaves ${person.organization.name})`,
              ]
                .filter(Boolean)
                .join(" "),
            }))}
            value={candidateId}
            onChange={setCandidateId}
            searchable
            searchValue={search}
            onSearchChange={setSearch}
            // The server has searched already (names, usernames, emails): show what it found.
            filter={({ options }) => options}
            clearable
            nothingFoundMessage={choices.loading ? "Searching…" : "Nobody matches"}
            comboboxProps={{ withinPortal: true }}
            w={340}
            data-testid="add-member-search"
          />
          <Button
            variant="default"
            leftSection={<IconUserPlus size={14} />}
            disabled={!candidate}
            loading={busy === "add"}
            onClick={() => void add()}
            data-testid="add-member"
          >
            Add
          </Button>
          <Button
            variant="default"
            color="red"
            leftSection={<IconUserMinus size={14} />}
            disabled={!mayManage || selected.length === 0}
            loading={busy === "remove"}
            onClick={() => void remove()}
            title={mayManage ? "Takes the ticked members out; they stay in Roster." : missingPermissionHint(PEOPLE_MANAGE)}
            data-testid="remove-members"
          >
            {selected.length > 1 ? `Remove ${selected.length} from ${organization.name}` : `Remove from ${organization.name}`}
          </Button>
        </Group>
      </Group>
      {error && <ErrorState error={error} />}
      {membersQuery.error ? (
        <ErrorState error={membersQuery.error} onRetry={() => void membersQuery.refetch()} />
      ) : (
        <div>
          <PeopleTable
            testId="members-table"
            records={members?.nodes}
            fetching={membersQuery.loading}
            sort={sort}
            onSortChange={setSort}
            noRecordsText="No members: people join when created with an email at one of the domains, or when added here."
            showOrganization={false}
            selectedRecords={mayManage ? selected : undefined}
            onSelectedRecordsChange={mayManage ? setSelected : undefined}
            onOpen={(person) => navigate(`/users/${person.id}`)}
          />
          <CursorPager
            paging={paging}
            pageSize={pageSize}
            onPageSizeChange={setPageSize}
            rowCount={members?.nodes.length}
            totalCount={members?.totalCount}
            pageInfo={members?.pageInfo}
            loading={membersQuery.loading}
          />
        </div>
      )}
    </Stack>
  );
}
