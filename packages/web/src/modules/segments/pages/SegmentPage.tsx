import { Anchor, Badge, Button, Card, Code, Group, Skeleton, Stack, Text, Title } from "@mantine/core";
import { IconUsers } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { useMeQuery, useSegmentQuery } from "../../../generated/graphql";
import { ErrorState } from "../../../shared/components/ErrorState";
import { Timestamp } from "../../../shared/components/Timestamp";
import { formatCount } from "../../../shared/lib/format";
import { NotFoundPage } from "../../../shared/pages/NotFoundPage";
import { missingPermissionHint, usePermission } from "../../auth/hooks/use-permission";
import { DeleteSegmentButton } from "../components/DeleteSegmentButton";
import { EditSegmentForm } from "../components/EditSegmentForm";

/** A saved segment: what it picks and how many, who owns it, and changing or deleting it. */
export function SegmentPage() {
  const { id = "" } = useParams();
  const { data, error, refetch } = useSegmentQuery({ variables: { id }, fetchPolicy: "cache-and-network" });
  const me = useMeQuery({ fetchPolicy: "cache-first" }).data?.me;
  const mayManage = usePermission("segments.manage");
  // Bumped after a reload, so the form starts again from what the server has now.
  const [generation, setGeneration] = useState(0);

  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (data && !data.segment) return <NotFoundPage />;
  const segment = data?.segment;
  if (!segment) return <Skeleton height={240} />;

  // A shared segment is everyone's to use and changed with segments.manage; a private one is its owner's.
  const mayChange = segment.shared ? mayManage : segment.owner?.id === me?.id;
  const cannotChange = segment.shared ? missingPermissionHint("segments.manage") : "Only its owner can change a private segment.";

  return (
    <Stack>
      <Card withBorder padding="lg" data-testid="segment-details">
        <Stack gap="xs">
          <Group justify="space-between" align="flex-start">
            <Stack gap={4}>
              <Group gap="xs">
                <Title order={1} size="h2" tabIndex={-1}>
                  {segment.name}
                </Title>
                <Badge variant="light" color={segment.shared ? "indigo" : "gray"}>
                  {segment.shared ? "Shared" : "Private"}
                </Badge>
              </Group>
              <Text size="sm" c="dimmed">
                {segment.owner ? (
                  <>
                    Owner:{" "}
                    <Anchor component={Link} to={`/users/${segment.owner.id}`} size="sm">
                      {segment.owner.displayName}
                    </Anchor>
                  </>
                ) : (
                  "Created by a service"
                )}{" "}
                · changed <Timestamp value={segment.updatedAt} size="sm" c="dimmed" />
              </Text>
            </Stack>
            <Group gap="xs">
              <Button
                component={Link}
                to={`/users?segmentId=${segment.id}`}
                leftSection={<IconUsers size={16} />}
                data-testid="segment-show-people"
              >
                Show people
              </Button>
              <DeleteSegmentButton segment={segment} disabled={!mayChange} disabledReason={cannotChange} />
            </Group>
          </Group>
          <Code block>{segment.query}</Code>
          <Text fw={500} data-testid="segment-page-count">
            {segment.count === 1 ? "1 person matches" : `${formatCount(segment.count)} people match`} now
          </Text>
        </Stack>
      </Card>
      <Card withBorder padding="lg">
        <Title order={3} size="h4" mb="sm">
          Edit
        </Title>
        {mayChange ? (
          <EditSegmentForm
            key={`${segment.id}:${generation}`}
            segment={segment}
            mayShare={mayManage}
            shareDisabledReason={missingPermissionHint("segments.manage")}
            onReload={() => void refetch().then(() => setGeneration((current) => current + 1))}
          />
        ) : (
          <Text size="sm" c="dimmed" data-testid="segment-read-only">
            {cannotChange}
          </Text>
        )}
      </Card>
    </Stack>
  );
}
