import { Button, FileInput, Group, Stack, Text } from "@mantine/core";
import { IconFileTypeCsv } from "@tabler/icons-react";

interface UploadStepProps {
  file: File | null;
  onFileChange: (file: File | null) => void;
  busy: boolean;
  /** Reads the file's headers (a dry run) and moves on to the mapping. */
  onNext: () => void;
}

/** Step 1: the CSV file, one person a row, with a header line. */
export function UploadStep({ file, onFileChange, busy, onNext }: UploadStepProps) {
  return (
    <Stack>
      <Text size="sm">
        A CSV file with a header line and one person a row. People are matched by email: a known email updates that person, a new
        one creates a person with the source &quot;import&quot;.
      </Text>
      <FileInput
        label="CSV file"
        placeholder="Choose a .csv file"
        accept=".csv,text/csv"
        value={file}
        onChange={onFileChange}
        leftSection={<IconFileTypeCsv size={18} />}
        clearable
        maw={480}
        data-testid="import-file"
      />
      <Group justify="flex-end">
        <Button onClick={onNext} disabled={!file} loading={busy} data-testid="import-upload">
          Next: map the columns
        </Button>
      </Group>
    </Stack>
  );
}
