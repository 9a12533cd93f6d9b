import { Anchor, Badge, Card, Grid, Group, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useParams } from "react-router";
import { useOrganizationCommunicationsQuery, useOrganizationQuery, type CommunicationKind } from "../../../generated/graphql";
import { CommunicationTimeline } from "../../communications/components/CommunicationTimeline";
import { ContactStatsCard } from "../../communications/components/ContactStatsCard";
import { AttributeList } from "../../../shared/components/AttributeList";
import { ErrorState } from "../../../shared/components/ErrorState";
import { useLoadMore } from "../../../shared/hooks/use-load-more";
import { formatCount } from "../../../shared/lib/format";
import { NotFoundPage } from "../../../shared/pages/NotFoundPage";
import { DeleteOrganizationButton } from "../components/DeleteOrganizationButton";
import { EditOrganizationButton } from "../components/EditOrganizationButton";
import { OrganizationMembers } from "../components/OrganizationMembers";

/** An organization: its details, its members, and everything its members said to support. */
export function OrganizationPage() {
  const { id = "" } = useParams();
  const [kinds, setKinds] = useState<CommunicationKind[]>([]);
  const organizationQuery = useOrganizationQuery({ variables: { id } });
  const timeline = useLoadMore(
    useOrganizationCommunicationsQuery({ variables: { id, kinds: kinds.length ? kinds : null, first: 20 } }),
    (data) => data.organization?.communications,
  );

  if (organizationQuery.error)
    return <ErrorState error={organizationQuery.error} onRetry={() => void organizationQuery.refetch()} />;
  const organization = organizationQuery.data?.organization;
  if (organizationQuery.data && !organization) return <NotFoundPage />;

  return (
    <Stack>
      <Card withBorder padding="lg">
        {organization ? (
          <Stack gap={4}>
            <Group justify="space-between" align="flex-start">
              <Title order={1} size="h2" tabIndex={-1} data-testid="organization-name">
                {organization.name}
              </Title>
              <Group gap="xs">
                <EditOrganizationButton organization={organization} onReload={() => organizationQuery.refetch()} />
                <DeleteOrganizationButton organization={organization} />
              </Group>
            </Group>
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
      <OrganizationMembers key={id} organization={{ id, name: organization?.name ?? "this organization" }} />
      <CommunicationTimeline list={timeline} kinds={kinds} onKindsChange={setKinds} showPerson />
    </Stack>
  );
}
