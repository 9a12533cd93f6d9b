import type { ErrorLike } from "@apollo/client";
import { useApolloClient } from "@apollo/client/react";
import { Alert, Button, Card, Group, Stack, Text, Title, Tooltip } from "@mantine/core";
import { IconDownload, IconEraser } from "@tabler/icons-react";
import { useState, type ReactElement } from "react";
import { ExportPersonalDataDocument, useEraseUserMutation, type UserKind } from "../../../generated/graphql";
import { ErrorState } from "../../../shared/components/ErrorState";
import { formatCount } from "../../../shared/lib/format";
import { missingPermissionHint, usePermission } from "../../auth/hooks/use-permission";
import { downloadJson } from "../lib/download-json";
import { EraseUserModal } from "./EraseUserModal";

interface PersonalDataCardProps {
  person: { id: string; displayName: string; kind: UserKind; stats: { totalCount: number } };
}

/** A disabled button does not receive the pointer, so the tooltip saying why hangs on a wrapper. */
function WithReason({ reason, children }: { reason: string | null; children: ReactElement }) {
  if (!reason) return children;
  return (
    <Tooltip label={reason} multiline w={260}>
      <span>{children}</span>
    </Tooltip>
  );
}

function describeErasure(before: string, after: string, communications: number): string {
  const kept =
    communications === 0
      ? "They had no communications."
      : `Their ${formatCount(communications)} ${communications === 1 ? "communication stays" : "communications stay"} in the counts, with dates and ratings but without their words.`;
  return `${before}’s personal data is erased: the profile now reads “${after}”, with no email address, username, phone or attributes, and they can no longer sign in. ${kept}`;
}

/** Data-protection requests for one person: export everything Roster holds, or erase it. */
export function PersonalDataCard({ person }: PersonalDataCardProps) {
  const client = useApolloClient();
  const mayExport = usePermission("people.export");
  const mayErase = usePermission("people.delete");
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<ErrorLike | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [eraseError, setEraseError] = useState<ErrorLike | null>(null);
  /** The name the person had before this page erased them. */
  const [erasedName, setErasedName] = useState<string | null>(null);
  const [erase, erasing] = useEraseUserMutation();

  const exportData = async () => {
    setExporting(true);
    setExportError(null);
    try {
      // Not cached: a person's whole record has no business staying in memory, and each
      // request should answer with what Roster holds now.
      const { data } = await client.query({
        query: ExportPersonalDataDocument,
        variables: { userId: person.id },
        fetchPolicy: "no-cache",
        // The default, spelled out so that the result's type knows `data` is there: failures throw.
        errorPolicy: "none",
      });
      downloadJson(`person-${person.id}.json`, data.exportPersonalData);
    } catch (caught) {
      setExportError(caught as ErrorLike);
    } finally {
      setExporting(false);
    }
  };

  const eraseData = async () => {
    setEraseError(null);
    setErasedName(null);
    try {
      await erase({ variables: { userId: person.id } });
      setConfirming(false);
      // The answer updates the person in the cache: the message reads the new name from there.
      setErasedName(person.displayName);
      // The old name and email may still match searches in cached lists, and the log has a new event.
      client.cache.evict({ fieldName: "users" });
      client.cache.evict({ fieldName: "auditEvents" });
      client.cache.gc();
      // The timeline still shows the erased subjects until it is read again.
      await client.refetchQueries({ include: ["UserProfile", "UserCommunications", "UserSurveys"] });
    } catch (caught) {
      setEraseError(caught as ErrorLike);
    }
  };

  const isCustomer = person.kind === "CUSTOMER";

  return (
    <Card withBorder padding="md" data-testid="personal-data">
      <Title order={3} size="h4" mb="xs">
        Personal data
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        For a data-protection request: a copy of everything Roster holds about {person.displayName}, or its erasure.
      </Text>
      <Stack gap="sm">
        <Group gap="xs">
          <WithReason reason={mayExport ? null : missingPermissionHint("people.export")}>
            <Button
              variant="default"
              leftSection={<IconDownload size={16} />}
              loading={exporting}
              disabled={!mayExport}
              onClick={() => void exportData()}
              data-testid="export-personal-data"
            >
              Export personal data
            </Button>
          </WithReason>
          {isCustomer && (
            <WithReason reason={mayErase ? null : missingPermissionHint("people.delete")}>
              <Button
                variant="light"
                color="red"
                leftSection={<IconEraser size={16} />}
                disabled={!mayErase}
                onClick={() => {
                  setEraseError(null);
                  setConfirming(true);
                }}
                data-testid="erase-personal-data"
              >
                Erase personal data
              </Button>
            </WithReason>
          )}
        </Group>
        {!isCustomer && (
          <Text size="xs" c="dimmed">
            Agents are not erased: move the agent to the trash and delete them instead.
          </Text>
        )}
        {exportError && <ErrorState error={exportError} onRetry={() => void exportData()} />}
        {erasedName && (
          <Alert color="green" variant="light" withCloseButton onClose={() => setErasedName(null)} data-testid="erase-result">
            {describeErasure(erasedName, person.displayName, person.stats.totalCount)}
          </Alert>
        )}
      </Stack>
      {isCustomer && (
        <EraseUserModal
          person={person}
          opened={confirming}
          busy={erasing.loading}
          error={eraseError}
          onClose={() => setConfirming(false)}
          onConfirm={() => void eraseData()}
        />
      )}
    </Card>
  );
}
