import { Select } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";
import { useOrganizationChoicesQuery } from "../../../generated/graphql";

// Long enough to skip a request per keystroke, short enough to feel instant (as SearchInput).
const SEARCH_DEBOUNCE_MS = 250;

export interface OrganizationOption {
  id: string;
  name: string;
}

interface OrganizationSelectProps {
  label: string;
  description?: string;
  value: OrganizationOption | null;
  onChange: (organization: OrganizationOption | null) => void;
  error?: string;
  testId: string;
}

/** One organization, or none, searched on the server by name, website or domain as the agent types. */
export function OrganizationSelect({ label, description, value, onChange, error, testId }: OrganizationSelectProps) {
  const [search, setSearch] = useState(value?.name ?? "");
  // Showing the chosen name is not a search: the list then offers every organization.
  const [debounced] = useDebouncedValue(search === value?.name ? "" : search.trim(), SEARCH_DEBOUNCE_MS);
  const choices = useOrganizationChoicesQuery({ variables: { search: debounced || null } });
  const found = choices.data?.organizations.nodes ?? [];
  // The chosen one stays an option whatever the search finds, so its name stays in the box.
  const options = value && !found.some((organization) => organization.id === value.id) ? [value, ...found] : found;

  return (
    <Select
      label={label}
      description={description}
      data={options.map((organization) => ({ value: organization.id, label: organization.name }))}
      value={value?.id ?? null}
      onChange={(id, option) => onChange(id && option ? { id, name: option.label } : null)}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      // The server has searched already (names, websites and domains): show what it found.
      filter={({ options: all }) => all}
      clearable
      placeholder="No organization"
      nothingFoundMessage={choices.loading ? "Searching…" : "No organization matches"}
      error={error}
      comboboxProps={{ withinPortal: true }}
      data-testid={testId}
    />
  );
}
