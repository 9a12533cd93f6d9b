import { ActionIcon, Button, Group, Stack, Text, TextInput, Tooltip } from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import type { AttributeRow } from "../lib/edit-form";

interface AttributeRowsEditorProps {
  rows: readonly AttributeRow[];
  /** What is wrong with a row (by key), checked as typed or said by the server. */
  errorOf: (row: AttributeRow) => string | undefined;
  onChange: (key: number, patch: Partial<AttributeRow>) => void;
  onAdd: () => void;
  onRemove: (row: AttributeRow) => void;
  testId: string;
}

/**
 * Custom attributes as editable rows: a kept attribute's name is fixed, an emptied value removes
 * it. The rows and their checks: shared/lib/edit-form.ts.
 */
export function AttributeRowsEditor({ rows, errorOf, onChange, onAdd, onRemove, testId }: AttributeRowsEditorProps) {
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>
        Custom attributes
      </Text>
      <Text size="xs" c="dimmed">
        An empty value removes the attribute.
      </Text>
      {rows
        .filter((row) => !row.removed)
        .map((row) => (
          <Group key={row.key} gap="xs" align="flex-start" wrap="nowrap" data-testid={testId}>
            <TextInput
              aria-label="Attribute name"
              placeholder="Name, e.g. plan"
              value={row.name}
              readOnly={row.original !== null}
              variant={row.original !== null ? "filled" : "default"}
              onChange={(event) => onChange(row.key, { name: event.currentTarget.value.trim() })}
              error={errorOf(row)}
              w={200}
              data-testid={`${testId}-name`}
            />
            <TextInput
              aria-label={row.name ? `Value of ${row.name}` : "Attribute value"}
              placeholder={row.original !== null ? "Empty: removed" : "Value"}
              value={row.value}
              onChange={(event) => onChange(row.key, { value: event.currentTarget.value })}
              style={{ flex: 1 }}
              data-testid={`${testId}-value`}
            />
            <Tooltip label="Remove">
              <ActionIcon
                variant="subtle"
                color="gray"
                size="lg"
                aria-label={row.name ? `Remove ${row.name}` : "Remove this attribute"}
                onClick={() => onRemove(row)}
                data-testid={`${testId}-remove`}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Tooltip>
          </Group>
        ))}
      <Group>
        <Button size="xs" variant="subtle" leftSection={<IconPlus size={14} />} onClick={onAdd} data-testid={`${testId}-add`}>
          Add attribute
        </Button>
      </Group>
    </Stack>
  );
}
