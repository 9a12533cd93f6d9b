import { Anchor, Badge, Card, DataList, Grid, Group, Skeleton, Stack, Text, Title, Tooltip } from "@mantine/core";
import { useState } from "react";
import { Link, useParams } from "react-router";
import {
  useUserCommunicationsQuery,
  useUserProfileQuery,
  useUserSurveysQuery,
  type CommunicationKind,
  type UserProfileQuery,
} from "../../../generated/graphql";
import { CommunicationTimeline } from "../../communications/components/CommunicationTimeline";
import { ContactStatsCard } from "../../communications/components/ContactStatsCard";
import { AttributeList } from "../../../shared/components/AttributeList";
import { ErrorState } from "../../../shared/components/ErrorState";
import { Timestamp } from "../../../shared/components/Timestamp";
import { useLoadMore } from "../../../shared/hooks/use-load-more";
import { formatCount, humanizeEnum } from "../../../shared/lib/format";
import { NotFoundPage } from "../../../shared/pages/NotFoundPage";
import { PersonalDataCard } from "../../privacy/components/PersonalDataCard";
import { AssignRolesButton } from "../../roles/components/AssignRolesButton";
import { EditPersonButton } from "../components/EditPersonButton";
import { PresenceBadge } from "../components/PresenceBadge";
import { ProfileNavigation } from "../components/ProfileNavigation";
import { StateBadge } from "../components/StateBadge";
import { StateHistoryCard } from "../components/StateHistoryCard";
import { UserActions } from "../components/UserActions";

const TIMELINE_PAGE = 20;

type Person = NonNullable<UserProfileQuery["user"]>;

function Details({ person }: { person: Person }) {
  const rows: [string, React.ReactNode][] = [
    ["Username", person.username ?? "—"],
    ["Phone", person.phone ?? "—"],
    ["Time zone", person.timezone ?? "—"],
    ["Language", person.locale ?? "—"],
    ["Source", humanizeEnum(person.source)],
    ["Email verified", person.verified ? <Timestamp value={person.emailVerifiedAt} /> : "No"],
    ["Last login", <Timestamp value={person.lastLoginAt} fallback="Never signed in" />],
    ["Logins", formatCount(person.loginCount)],
    ["Created", <Timestamp value={person.createdAt} />],
  ];
  if (person.state === "BANNED") {
    rows.push(["Ban ends", person.bannedUntil ? <Timestamp value={person.bannedUntil} /> : "Never (permanent)"]);
    rows.push(["Ban reason", person.banReason ?? "—"]);
  }
  return (
    <Card withBorder padding="md">
      <Title order={3} size="h4" mb="sm">
        Details
      </Title>
      <DataList size="sm" orientation="horizontal" labelWidth={140}>
        {rows.map(([label, value]) => (
          <DataList.Item key={label}>
            <DataList.ItemLabel>{label}</DataList.ItemLabel>
            <DataList.ItemValue>{value}</DataList.ItemValue>
          </DataList.Item>
        ))}
      </DataList>
    </Card>
  );
}

function Roles({ person }: { person: Person }) {
  return (
    <Card withBorder padding="md">
      <Group justify="space-between" mb="sm">
        <Title order={3} size="h4">
          Roles
        </Title>
        <AssignRolesButton person={person} />
      </Group>
      <Group gap="xs" data-testid="profile-roles">
        {person.roles.map((role) => (
          <Tooltip
            key={role.id}
            label={role.implicit ? `${role.description} (implicit: follows from the account)` : role.description}
          >
            <Badge variant={role.implicit ? "outline" : "light"} color={role.kind === "AGENT" ? "indigo" : "teal"}>
              {role.name}
            </Badge>
          </Tooltip>
        ))}
      </Group>
    </Card>
  );
}

/** One person: who they are, their roles and organization, and everything they said to support. */
export function UserProfilePage() {
  const { id = "" } = useParams();
  const [kinds, setKinds] = useState<CommunicationKind[]>([]);
  const profile = useUserProfileQuery({ variables: { id } });
  const timeline = useLoadMore(
    useUserCommunicationsQuery({ variables: { id, kinds: kinds.length ? kinds : null, first: TIMELINE_PAGE } }),
    (data) => data.user?.communications,
  );
  const surveys = useLoadMore(useUserSurveysQuery({ variables: { id, first: TIMELINE_PAGE } }), (data) => data.user?.surveys);

  if (profile.error) return <ErrorState error={profile.error} onRetry={() => void profile.refetch()} />;
  const person = profile.data?.user;
  if (profile.data && !person) return <NotFoundPage />;

  return (
    <Stack>
      <ProfileNavigation personId={id} displayName={person?.displayName} />
      <Card withBorder padding="lg" data-testid="profile-header">
        {person ? (
          <Group justify="space-between" align="flex-start">
            <Stack gap={4}>
              <Title order={1} size="h2" tabIndex={-1}>
                {person.displayName}
              </Title>
              <Text c="dimmed">{person.email ?? "No email address"}</Text>
              <Group gap="xs">
                <Badge variant="default">{humanizeEnum(person.kind)}</Badge>
                {person.organization && (
                  <Anchor component={Link} to={`/organizations/${person.organization.id}`} size="sm">
                    {person.organization.name}
                  </Anchor>
                )}
                {person.withoutLogin && (
                  <Badge variant="outline" color="gray">
                    Without login
                  </Badge>
                )}
              </Group>
            </Stack>
            <Stack gap="xs" align="flex-end">
              <Group gap="xs">
                <PresenceBadge presence={person.presence} />
                <StateBadge state={person.state} bannedUntil={person.bannedUntil} />
              </Group>
              <Group gap="xs" align="flex-start">
                <EditPersonButton person={person} onReload={() => profile.refetch()} />
                <UserActions person={person} />
              </Group>
            </Stack>
          </Group>
        ) : (
          <Skeleton height={72} />
        )}
      </Card>
      <Grid>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            {person ? <Details person={person} /> : <Skeleton height={320} />}
            {person && <StateHistoryCard history={person.stateHistory} />}
            {person && <Roles person={person} />}
            {person && (
              <Card withBorder padding="md">
                <Title order={3} size="h4" mb="sm">
                  Attributes
                </Title>
                <AttributeList attributes={person.attributes} />
              </Card>
            )}
            {person && <PersonalDataCard person={person} />}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack>
            <ContactStatsCard stats={person?.stats} />
            <CommunicationTimeline list={timeline} kinds={kinds} onKindsChange={setKinds} />
            <Card withBorder padding="md" data-testid="survey-history">
              <Title order={3} size="h4" mb="sm">
                Survey history
              </Title>
              {surveys.connection?.nodes.length ? (
                <Stack gap="xs">
                  {surveys.connection.nodes.map((survey) => (
                    <Group key={survey.id} justify="space-between">
                      <Text size="sm">
                        {survey.rating === null ? "No rating" : `${"★".repeat(survey.rating)}${"☆".repeat(5 - survey.rating)}`}
                      </Text>
                      <Timestamp value={survey.occurredAt} size="xs" />
                    </Group>
                  ))}
                </Stack>
              ) : (
                <Text size="sm" c="dimmed">
                  {surveys.initialLoading ? "Loading…" : "No survey answers."}
                </Text>
              )}
            </Card>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
