import { Alert, Button, Group, ScrollArea, Stack, Table, Text } from "@mantine/core";
import { formatCount } from "../../../shared/lib/format";
import type { DryRunReport } from "../lib/import-api";
import { ImportCounts } from "./ImportCounts";

interface DryRunReportStepProps {
  report: DryRunReport;
  busy: boolean;
  onBack: () => void;
  /** Runs the import for real, with the mapping the report was made with. */
  onRun: () => void;
}

/** What the import would do, row by row counted, with the rows it would refuse and why: nothing is saved yet. */
export function DryRunReportStep({ report, busy, onBack, onRun }: DryRunReportStepProps) {
  const changes = report.create + report.update;
  return (
    <Stack data-testid="import-report">
      <Text size="sm">A dry run over the {formatCount(report.rows)} rows of the file: nothing has been saved yet.</Text>
      {report.mappingProblem && (
        <Alert color="red" variant="light" data-testid="import-mapping-problem">
          {report.mappingProblem}
        </Alert>
      )}
      <ImportCounts
        counts={[
          { key: "create", label: "Would create", value: report.create, color: "green" },
          { key: "update", label: "Would update", value: report.update, color: "blue" },
          { key: "unchanged", label: "Unchanged", value: report.unchanged },
          { key: "rejected", label: "Rejected", value: report.rejected, color: "red" },
        ]}
      />
      {report.rejections.length > 0 && (
        <Stack gap="xs">
          <Text size="sm" fw={500}>
            Rejected rows
            {report.rejected > report.rejections.length &&
              ` (the first ${formatCount(report.rejections.length)} of ${formatCount(report.rejected)})`}
          </Text>
          <ScrollArea.Autosize mah={320} type="auto">
            <Table withTableBorder striped stickyHeader data-testid="import-rejections">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={80}>Line</Table.Th>
                  <Table.Th>Reason</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.rejections.map(({ line, reason }) => (
                  <Table.Tr key={line} data-testid="import-rejection">
                    <Table.Td>{line}</Table.Td>
                    <Table.Td>{reason}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
          <Text size="xs" c="dimmed">
            Rejected rows are left out of the import; once it has run you can download them to fix and import again.
          </Text>
        </Stack>
      )}
      {changes === 0 && (
        <Alert color="gray" variant="light">
          Nothing to import: every row is either unchanged or rejected.
        </Alert>
      )}
      <Group justify="space-between">
        <Button variant="default" onClick={onBack}>
          Back to the mapping
        </Button>
        <Button onClick={onRun} loading={busy} disabled={changes === 0} data-testid="import-run">
          Import {formatCount(changes)} {changes === 1 ? "person" : "people"}
        </Button>
      </Group>
    </Stack>
  );
}
