import { Button, Checkbox, Popover, Stack } from "@mantine/core";
import type { TableColumn } from "@roster/person";
import { IconColumns } from "@tabler/icons-react";
import { COLUMN_CHOICES } from "./PeopleTable";

interface ColumnChooserProps {
  columns: readonly TableColumn[];
  onChange: (columns: TableColumn[]) => void;
}

/** Which columns the people list shows; the display name always, as the row's link to the person. */
export function ColumnChooser({ columns, onChange }: ColumnChooserProps) {
  return (
    <Popover position="bottom-start" shadow="md" withinPortal>
      <Popover.Target>
        <Button variant="default" leftSection={<IconColumns size={16} />} data-testid="column-chooser">
          Columns ({columns.length})
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Checkbox.Group
          label="Columns shown"
          value={[...columns]}
          onChange={(value) => onChange(COLUMN_CHOICES.map((choice) => choice.value).filter((name) => value.includes(name)))}
        >
          <Stack gap={6} mt="xs">
            {COLUMN_CHOICES.map((choice) => (
              <Checkbox
                key={choice.value}
                value={choice.value}
                label={choice.label}
                disabled={choice.value === "displayName"}
                data-testid={`column-${choice.value}`}
              />
            ))}
          </Stack>
        </Checkbox.Group>
      </Popover.Dropdown>
    </Popover>
  );
}
