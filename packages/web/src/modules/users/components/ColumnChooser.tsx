import { Button, Checkbox, Popover, Stack, Text } from "@mantine/core";
import type { TableColumn } from "@roster/person";
import { IconColumns } from "@tabler/icons-react";
import { COLUMN_CHOICES } from "./PeopleTable";

interface ColumnChooserProps {
  columns: readonly TableColumn[];
  /**
   * One column shown or hidden. A toggle rather than the whole new list: two quick clicks must
   * not compute their lists from the same, not yet updated, columns and lose one of them.
   */
  onToggle: (column: TableColumn, shown: boolean) => void;
}

/** Which columns the people list shows; the display name always, as the row's link to the person. */
export function ColumnChooser({ columns, onToggle }: ColumnChooserProps) {
  return (
    <Popover position="bottom-start" shadow="md" withinPortal>
      <Popover.Target>
        <Button variant="default" leftSection={<IconColumns size={16} />} data-testid="column-chooser">
          Columns ({columns.length})
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap={6}>
          <Text size="sm" fw={500}>
            Columns shown
          </Text>
          {COLUMN_CHOICES.map((choice) => (
            <Checkbox
              key={choice.value}
              label={choice.label}
              checked={columns.includes(choice.value)}
              onChange={(event) => onToggle(choice.value, event.currentTarget.checked)}
              disabled={choice.value === "displayName"}
              data-testid={`column-${choice.value}`}
            />
          ))}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
