import type { ErrorLike } from "@apollo/client";
import { Button, Checkbox, Group, Modal, SimpleGrid, Stack, Text, Tooltip } from "@mantine/core";
import { IconDownload } from "@tabler/icons-react";
import { useState } from "react";
import { ErrorState } from "../../../shared/components/ErrorState";
import { formatCount } from "../../../shared/lib/format";
import { missingPermissionHint, usePermission } from "../../auth/hooks/use-permission";
import type { PeopleView } from "../../bulk/lib/view-target";
import { errorFromResponse } from "../lib/http-error";
import { saveResponse } from "../lib/save-response";
import { DEFAULT_USER_EXPORT_COLUMNS, inFileOrder, USER_EXPORT_COLUMNS } from "../lib/user-export-columns";

interface ExportUsersButtonProps {
  /** The list on screen: the export holds the same people, in the same order. */
  view: Pick<PeopleView, "states" | "search" | "segment" | "segmentId" | "sort" | "role">;
  /** People in the view, for the dialog's wording; undefined while loading. */
  totalCount: number | undefined;
}

/** The query string of `GET /export/users.csv` for the view and columns. */
function exportUrl(view: ExportUsersButtonProps["view"], columns: readonly string[]): string {
  const params = new URLSearchParams({ columns: inFileOrder(columns).join(",") });
  if (view.segment) params.set("segment", view.segment);
  if (view.segmentId) params.set("segmentId", view.segmentId);
  if (view.states.length) params.set("states", view.states.join(","));
  if (view.search) params.set("search", view.search);
  if (view.role) params.set("roleId", view.role.id);
  params.set("sort", view.sort.field);
  if (view.sort.direction) params.set("direction", view.sort.direction);
  return `/export/users.csv?${params.toString()}`;
}

/** "Export CSV": the people in the current view, with the columns the agent ticks. */
export function ExportUsersButton({ view, totalCount }: ExportUsersButtonProps) {
  const mayExport = usePermission("people.export");
  const [opened, setOpened] = useState(false);
  const [columns, setColumns] = useState<string[]>([...DEFAULT_USER_EXPORT_COLUMNS]);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ErrorLike | null>(null);

  const download = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const response = await fetch(exportUrl(view, columns), { credentials: "same-origin" });
      if (!response.ok) {
        setFailure(await errorFromResponse(response));
        return;
      }
      await saveResponse(response, "people.csv");
      setOpened(false);
    } catch (caught) {
      setFailure(caught instanceof Error ? caught : new Error(String(caught)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {/* data-disabled rather than disabled: a disabled button gets no hover, so no tooltip. */}
      <Tooltip label={missingPermissionHint("people.export")} disabled={mayExport} multiline w={260}>
        <Button
          variant="default"
          leftSection={<IconDownload size={16} />}
          onClick={() => {
            if (!mayExport) return;
            setFailure(null);
            setOpened(true);
          }}
          data-disabled={!mayExport || undefined}
          aria-disabled={!mayExport}
          data-testid="export-csv"
        >
          Export CSV
        </Button>
      </Tooltip>
      <Modal opened={opened} onClose={() => setOpened(false)} title="Export people as CSV" centered size="lg">
        <Stack>
          <Text size="sm">
            {totalCount === undefined ? "Everyone" : `The ${formatCount(totalCount)} people`} in the current view (state, search
            and segment), one row each in the list's order, with these columns:
          </Text>
          <Checkbox.Group value={columns} onChange={setColumns} data-testid="export-columns">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" mt="xs">
              {USER_EXPORT_COLUMNS.map((column) => (
                <Checkbox
                  key={column.value}
                  value={column.value}
                  label={column.label}
                  data-testid={`export-column-${column.value}`}
                />
              ))}
            </SimpleGrid>
          </Checkbox.Group>
          {failure && <ErrorState error={failure} />}
          <Group justify="space-between">
            <Group gap="xs">
              <Button size="xs" variant="subtle" onClick={() => setColumns(USER_EXPORT_COLUMNS.map((column) => column.value))}>
                All columns
              </Button>
              <Button size="xs" variant="subtle" onClick={() => setColumns([...DEFAULT_USER_EXPORT_COLUMNS])}>
                Defaults
              </Button>
            </Group>
            <Group gap="xs">
              <Button variant="default" onClick={() => setOpened(false)}>
                Cancel
              </Button>
              <Button
                leftSection={<IconDownload size={16} />}
                onClick={() => void download()}
                loading={busy}
                disabled={columns.length === 0}
                data-testid="export-download"
              >
                Download
              </Button>
            </Group>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
