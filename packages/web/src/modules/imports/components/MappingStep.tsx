import { Alert, Button, Group, Select, Stack, Table, Text, TextInput } from "@mantine/core";
import type { ImportMapping } from "../lib/import-api";
import {
  ATTRIBUTE,
  ATTRIBUTE_PREFIX,
  attributeNameOf,
  choiceOf,
  IGNORE,
  IMPORT_FIELDS,
  mappingProblems,
} from "../lib/import-fields";

interface MappingStepProps {
  headers: readonly string[];
  mapping: ImportMapping;
  onChange: (mapping: ImportMapping) => void;
  busy: boolean;
  onBack: () => void;
  /** Runs the dry run with this mapping. */
  onCheck: () => void;
}

/** One row per column of the file: which field of a person it fills, starting from the server's guesses. */
export function MappingStep({ headers, mapping, onChange, busy, onBack, onCheck }: MappingStepProps) {
  const problems = mappingProblems(mapping);
  const valid = Object.keys(problems.columns).length === 0 && problems.overall.length === 0;
  const set = (header: string, field: string) => onChange({ ...mapping, [header]: field });

  return (
    <Stack>
      <Text size="sm">
        Roster guessed what each column holds from its header. People are matched by email: a known email updates that person, a
        new one creates a person.
      </Text>
      <Table withTableBorder verticalSpacing="xs" data-testid="import-mapping">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Column in the file</Table.Th>
            <Table.Th>Fills</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {headers.map((header) => {
            const field = mapping[header] ?? IGNORE;
            const choice = choiceOf(field);
            const error = problems.columns[header];
            return (
              <Table.Tr key={header} data-testid="import-mapping-row">
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {header}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" align="flex-start" wrap="nowrap">
                    <Select
                      aria-label={`What "${header}" holds`}
                      data={IMPORT_FIELDS}
                      value={choice}
                      allowDeselect={false}
                      onChange={(value) => value && set(header, value === ATTRIBUTE ? ATTRIBUTE_PREFIX : value)}
                      error={choice === ATTRIBUTE ? undefined : error}
                      w={220}
                      data-testid={`import-field-${header}`}
                    />
                    {choice === ATTRIBUTE && (
                      <TextInput
                        aria-label={`Attribute name for "${header}"`}
                        placeholder="Attribute name, e.g. plan"
                        value={attributeNameOf(field)}
                        onChange={(event) => set(header, `${ATTRIBUTE_PREFIX}${event.currentTarget.value.trim()}`)}
                        // Not yet named is not yet wrong: "Check the file" waits for a name all the same.
                        error={attributeNameOf(field) ? error : undefined}
                        w={240}
                        data-testid={`import-attribute-${header}`}
                      />
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {problems.overall.map((problem) => (
        <Alert key={problem} color="orange" variant="light">
          {problem}
        </Alert>
      ))}
      <Group justify="space-between">
        <Button variant="default" onClick={onBack}>
          Back
        </Button>
        <Button onClick={onCheck} loading={busy} disabled={!valid} data-testid="import-dry-run">
          Check the file
        </Button>
      </Group>
    </Stack>
  );
}
