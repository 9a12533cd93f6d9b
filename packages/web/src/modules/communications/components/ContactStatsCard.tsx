import { Anchor, Card, DataList, Group, SimpleGrid, Skeleton, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { IconInbox } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { Link } from "react-router";
import type { ContactStatsFieldsFragment } from "../../../generated/graphql";
import { Timestamp } from "../../../shared/components/Timestamp";
import { formatCount, formatDuration, formatRating } from "../../../shared/lib/format";
import { COMMUNICATION_KINDS } from "../lib/communication-kinds";

interface ContactStatsCardProps {
  /** Undefined while loading: the card keeps its size with placeholders. */
  stats: ContactStatsFieldsFragment | undefined;
}

interface Figure {
  label: string;
  value: string;
  detail?: string;
  icon: typeof IconInbox;
  color: string;
}

function figures(stats: ContactStatsFieldsFragment): Figure[] {
  const { TICKET, CHAT, CALL, SURVEY, POST } = COMMUNICATION_KINDS;
  return [
    { label: "All contacts", value: formatCount(stats.totalCount), icon: IconInbox, color: "gray" },
    {
      label: TICKET.plural,
      value: formatCount(stats.ticketCount),
      detail: `${formatCount(stats.openTicketCount)} open`,
      icon: TICKET.icon,
      color: TICKET.color,
    },
    { label: CHAT.plural, value: formatCount(stats.chatCount), icon: CHAT.icon, color: CHAT.color },
    {
      label: CALL.plural,
      value: formatCount(stats.callCount),
      detail: `${formatDuration(stats.totalCallSeconds)} total`,
      icon: CALL.icon,
      color: CALL.color,
    },
    {
      label: SURVEY.plural,
      value: formatCount(stats.surveyCount),
      detail: stats.averageRating === null ? "No rating" : `${formatRating(stats.averageRating)} / 5 average`,
      icon: SURVEY.icon,
      color: SURVEY.color,
    },
    { label: POST.plural, value: formatCount(stats.postCount), icon: POST.icon, color: POST.color },
  ];
}

function StatLine({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

/** Contact statistics (ContactStats) of a person or an organization. */
export function ContactStatsCard({ stats }: ContactStatsCardProps) {
  return (
    <Card withBorder padding="md" data-testid="contact-stats" aria-busy={!stats}>
      <Title order={3} size="h4" mb="md">
        Contact stats
      </Title>
      <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm" mb="md">
        {stats
          ? figures(stats).map((figure) => (
              <Group key={figure.label} gap="sm" wrap="nowrap" align="flex-start">
                <ThemeIcon variant="light" color={figure.color} size="lg" aria-hidden>
                  <figure.icon size={18} />
                </ThemeIcon>
                <Stack gap={0}>
                  <Text size="xs" c="dimmed">
                    {figure.label}
                  </Text>
                  <Text fw={600} size="lg" lh={1.3}>
                    {figure.value}
                  </Text>
                  {figure.detail && (
                    <Text size="xs" c="dimmed">
                      {figure.detail}
                    </Text>
                  )}
                </Stack>
              </Group>
            ))
          : Array.from({ length: 6 }, (_, index) => <Skeleton key={index} height={52} />)}
      </SimpleGrid>
      <DataList size="sm" orientation="horizontal" labelWidth={120}>
        <StatLine label="First contact">
          {stats ? <Timestamp value={stats.firstContactAt} fallback="None yet" /> : <Skeleton height={14} width={120} />}
        </StatLine>
        <StatLine label="Last contact">
          {stats ? <Timestamp value={stats.lastContactAt} fallback="None yet" /> : <Skeleton height={14} width={120} />}
        </StatLine>
        <StatLine label="Last agent">
          {!stats ? (
            <Skeleton height={14} width={120} />
          ) : stats.lastAgent ? (
            <Anchor component={Link} to={`/users/${stats.lastAgent.id}`} size="sm">
              {stats.lastAgent.displayName}
            </Anchor>
          ) : (
            <Text size="sm" c="dimmed">
              None yet
            </Text>
          )}
        </StatLine>
      </DataList>
    </Card>
  );
}
