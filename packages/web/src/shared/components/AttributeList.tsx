import { DataList, Text } from "@mantine/core";
import type { AttributeFieldsFragment } from "../../generated/graphql";
import { formatDate } from "../lib/format";

interface AttributeListProps {
  attributes: readonly AttributeFieldsFragment[];
}

// Values travel as strings; typed ones are shown the way their type reads.
function formatValue({ type, value }: AttributeFieldsFragment): string {
  switch (type) {
    case "BOOLEAN":
      return value === "true" ? "Yes" : "No";
    case "DATE":
      return Number.isNaN(Date.parse(value)) ? value : formatDate(value);
    case "NUMBER":
    case "STRING":
      return value;
  }
}

/** Custom attributes of a person or an organization. */
export function AttributeList({ attributes }: AttributeListProps) {
  if (attributes.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No custom attributes.
      </Text>
    );
  }
  return (
    <DataList size="sm" orientation="horizontal" labelWidth={160}>
      {attributes.map((attribute) => (
        <DataList.Item key={attribute.name}>
          <DataList.ItemLabel>{attribute.name}</DataList.ItemLabel>
          <DataList.ItemValue>{formatValue(attribute)}</DataList.ItemValue>
        </DataList.Item>
      ))}
    </DataList>
  );
}
