import { Anchor, Badge, Card, Grid, Group, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useParams } from "react-router";
import {
  useOrganizationCommunicationsQuery,
  useOrganizationMembersQuery,
  useOrganizationQuery,
  type CommunicationKind,
} from "../../../generated/graphql";
import { CommunicationTimeline } from "../../communications/components/CommunicationTimeline";
import { ContactStatsCard } from "../../communications/components/ContactStatsCard";
import { DEFAULT_PEOPLE_SORT, PeopleTable, type PeopleSort } from "../../users/components/PeopleTable";
import { AttributeList } from "../../../shared/components/AttributeList";
import { CursorPager } from "../../../shared/components/CursorPager";
import { ErrorState } from "../../../shared/components/ErrorState";
import { DEFAULT_PAGE_SIZE, useCursorPaging, type PageSize } from "../../../shared/hooks/use-cursor-paging";
import { useLoadMore } from "../../../shared/hooks/use-load-more";
import { formatCount } from "../../../shared/lib/format";
import { NotFoundPage } from "../../../shared/pages/NotFoundPage";

/** An organization: its details, its members, and everything its members said to support. */
export function OrganizationPage() {
  const { id = "" } = useParams();
  const [kinds, setKinds] = useState<CommunicationKind[]>([]);
  const [sort, setSort] = useState<PeopleSort>(DEFAULT_PEOPLE_SORT);
  const [pageSize, setPageSize] = useState<PageSize>(DEFAULT_PAGE_SIZE);
  const paging = useCursorPaging(JSON.stringify([id, sort, pageSize]));
  const organizationQuery = useOrganizationQuery({ variables: { id } });
  const membersQuery = useOrganizationMembersQuery({ variables: { id, first: pageSize, after: paging.after, sort } });
  const timeline = useLoadMore(
    useOrganizationCommunicationsQuery({ variables: { id, kinds: kinds.length ? kinds : null, first: 20 } }),
    (data) => data.organization?.communications,
  );

  if (organizationQuery.error)
    return <ErrorState error={organizationQuery.error} onRetry={() => void organizationQuery.refetch()} />;
  const organization = organizationQuery.data?.organization;
  if (organizationQuery.data && !organization) return <NotFoundPage />;
  const members = (membersQuery.data ?? membersQuery.previousData)?.organization?.members;

  return (
    <Stack>
      <Card withBorder padding="lg">
        {organization ? (
          <Stack gap={4}>
            <Title order={2}>{organization.name}</Title>
            <Group gap="md">
              {organization.website && (
                <Anchor href={organization.website} target="_blank" rel="noreferrer" size="sm">
                  {organization.website.replace(/^https?:\/\//, "")}
                </Anchor>
              )}
              {organization.phone && <Text size="sm">{organization.phone}</Text>}
              <Text size="sm" c="dimmed">
                {formatCount(organization.memberCount)} {organization.memberCount === 1 ? "member" : "members"}
              </Text>
            </Group>
            {organization.domains.length > 0 && (
              <Group gap="xs" mt={4}>
                {organization.domains.map((domain) => (
                  <Badge key={domain} variant="light" color="gray" tt="none">
                    @{domain}
                  </Badge>
                ))}
              </Group>
            )}
            {organization.notes && (
              <Text size="sm" mt="xs">
                {organization.notes}
              </Text>
            )}
          </Stack>
        ) : (
          <Skeleton height={80} />
        )}
      </Card>
      <Grid>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <ContactStatsCard stats={organization?.stats} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card withBorder padding="md" h="100%">
            <Title order={3} size="h4" mb="sm">
              Attributes
            </Title>
            {organization ? <AttributeList attributes={organization.attributes} /> : <Skeleton height={60} />}
          </Card>
        </Grid.Col>
      </Grid>
      <Title order={3} size="h4">
        Members
      </Title>
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
            noRecordsText="No members: people join when created with an email at one of the domains."
            showOrganization={false}
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
      <CommunicationTimeline list={timeline} kinds={kinds} onKindsChange={setKinds} showPerson />
    </Stack>
  );
}
