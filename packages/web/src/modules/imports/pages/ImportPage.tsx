import type { ErrorLike } from "@apollo/client";
import { Box, Paper, Stack, Stepper, Text, Title } from "@mantine/core";
import { useState } from "react";
import { ErrorState } from "../../../shared/components/ErrorState";
import { missingPermissionHint, usePermission } from "../../auth/hooks/use-permission";
import { DryRunReportStep } from "../components/DryRunReportStep";
import { ImportProgressStep } from "../components/ImportProgressStep";
import { MappingStep } from "../components/MappingStep";
import { UploadStep } from "../components/UploadStep";
import { dryRunImport, startImport, type DryRunReport, type ImportMapping } from "../lib/import-api";

const UPLOAD = 0;
const MAPPING = 1;
const REPORT = 2;
const RUN = 3;

/**
 * Importing people from a CSV file, in four steps: the file, which column fills which field
 * (from the server's guesses), a dry run saying what would happen, then the import itself.
 */
export function ImportPage() {
  const mayImport = usePermission("people.import");
  const [active, setActive] = useState(UPLOAD);
  const [file, setFile] = useState<File | null>(null);
  const [headers, setHeaders] = useState<string[]>([]);
  const [mapping, setMapping] = useState<ImportMapping>({});
  const [report, setReport] = useState<DryRunReport | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ErrorLike | null>(null);

  if (!mayImport) {
    return (
      <Stack>
        <Title order={1} size="h2" tabIndex={-1}>
          Import people
        </Title>
        <Text c="dimmed" data-testid="import-forbidden">
          {missingPermissionHint("people.import")}
        </Text>
      </Stack>
    );
  }

  const attempt = async (action: (file: File) => Promise<void>) => {
    if (!file) return;
    setBusy(true);
    setFailure(null);
    try {
      await action(file);
    } catch (caught) {
      setFailure(caught instanceof Error ? caught : new Error(String(caught)));
    } finally {
      setBusy(false);
    }
  };

  const go = (step: number) => {
    setFailure(null);
    setActive(step);
  };

  // A dry run without a mapping answers the headers and the server's guess for each.
  const readHeaders = () =>
    attempt(async (chosen) => {
      const guess = await dryRunImport(chosen, null);
      setHeaders(guess.headers);
      setMapping(guess.mapping);
      go(MAPPING);
    });

  const check = () =>
    attempt(async (chosen) => {
      setReport(await dryRunImport(chosen, mapping));
      go(REPORT);
    });

  const run = () =>
    attempt(async (chosen) => {
      setJobId(await startImport(chosen, mapping));
      go(RUN);
    });

  const startOver = () => {
    setFile(null);
    setHeaders([]);
    setMapping({});
    setReport(null);
    setJobId(null);
    go(UPLOAD);
  };

  return (
    <Stack>
      <Title order={1} size="h2" tabIndex={-1}>
        Import people
      </Title>
      <Paper withBorder p="lg" radius="md">
        <Stepper
          active={active}
          // Going back is allowed until the import runs; after that the steps are history.
          onStepClick={
            jobId
              ? undefined
              : (step) => {
                  if (step < active) go(step);
                }
          }
          allowNextStepsSelect={false}
        >
          <Stepper.Step label="Upload" description="A CSV file">
            <UploadStep
              file={file}
              onFileChange={(chosen) => {
                // Another file has other columns: what was learnt from the last one no longer holds.
                setFile(chosen);
                setReport(null);
              }}
              busy={busy}
              onNext={() => void readHeaders()}
            />
          </Stepper.Step>
          <Stepper.Step label="Map columns" description="What each column holds">
            <MappingStep
              headers={headers}
              mapping={mapping}
              onChange={setMapping}
              busy={busy}
              onBack={() => go(UPLOAD)}
              onCheck={() => void check()}
            />
          </Stepper.Step>
          <Stepper.Step label="Check" description="A dry run">
            {report && <DryRunReportStep report={report} busy={busy} onBack={() => go(MAPPING)} onRun={() => void run()} />}
          </Stepper.Step>
          <Stepper.Step label="Import" description="Progress and outcome">
            {jobId && <ImportProgressStep key={jobId} jobId={jobId} onStartOver={startOver} />}
          </Stepper.Step>
        </Stepper>
        {failure && (
          <Box mt="md">
            <ErrorState error={failure} />
          </Box>
        )}
      </Paper>
    </Stack>
  );
}
