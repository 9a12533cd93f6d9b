import { Loader } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { createSpotlight, Spotlight } from "@mantine/spotlight";
import {
  IconBuilding,
  IconBuildingPlus,
  IconKeyboard,
  IconSearch,
  IconUpload,
  IconUser,
  IconUserPlus,
} from "@tabler/icons-react";
import { useEffect, useMemo, useState } from "react";
import { useNavigate } from "react-router";
import { usePaletteSearchQuery } from "../../../generated/graphql";
import { usePermission } from "../../auth/hooks/use-permission";
import { ORGANIZATIONS_MANAGE, PEOPLE_MANAGE } from "../../organizations/lib/permissions";
import { useOpenPerson } from "../../users/hooks/use-open-person";
import { StateBadge } from "../../users/components/StateBadge";
import { SHORTCUTS } from "../../../shared/lib/shortcuts";
import { focusOnArrival } from "../lib/focus-on-arrival";
import { matchCommands, type NavigationItem, type PaletteCommand } from "../lib/palette-commands";

// As the page searches: one request per pause in typing, not per key.
const SEARCH_DEBOUNCE_MS = 250;
const LIST_ID = "command-palette-results";
const [paletteStore] = createSpotlight();

interface CommandPaletteProps {
  /** The pages the agent may see, as the navigation shows them. */
  navigation: readonly NavigationItem[];
  onShowShortcuts: () => void;
}

/**
 * Ctrl+K (⌘K), from anywhere, even from a text field: find a person or an organization on the
 * server and open it, go to a page, or run a common action. Arrows move, Enter runs, Esc closes
 * and gives the focus back.
 */
export function CommandPalette({ navigation, onShowShortcuts }: CommandPaletteProps) {
  const navigate = useNavigate();
  const openPerson = useOpenPerson();
  const [query, setQuery] = useState("");
  const [search] = useDebouncedValue(query.trim(), SEARCH_DEBOUNCE_MS);
  const typing = query.trim() !== search;
  const { data, loading } = usePaletteSearchQuery({ variables: { search }, skip: search === "" });
  const mayManageOrganizations = usePermission(ORGANIZATIONS_MANAGE);
  const mayManagePeople = usePermission(PEOPLE_MANAGE);
  const mayImport = usePermission("people.import");

  const commands = useMemo<PaletteCommand[]>(() => {
    const pages: PaletteCommand[] = navigation.map(({ to, label, icon }) => ({
      id: `page:${to}`,
      label,
      group: "Go to",
      icon,
      run: () => navigate(to),
    }));
    const actions: Array<PaletteCommand | false> = [
      mayManageOrganizations && {
        id: "new-organization",
        label: "New organization",
        description: "Create an organization",
        group: "Actions",
        icon: IconBuildingPlus,
        run: () => {
          navigate("/organizations");
          focusOnArrival('[data-testid="new-organization"]');
        },
      },
      mayManagePeople && {
        id: "invite-agent",
        label: "Invite agent",
        description: "Invite a colleague to the team",
        group: "Actions",
        icon: IconUserPlus,
        run: () => {
          navigate("/team");
          focusOnArrival('[data-testid="invite-agent"]');
        },
      },
      mayImport && {
        id: "import-people",
        label: "Import people",
        description: "From a CSV file",
        group: "Actions",
        icon: IconUpload,
        run: () => navigate("/import"),
      },
      {
        id: "shortcuts",
        label: "Show keyboard shortcuts",
        description: "Every key Roster answers to",
        group: "Actions",
        icon: IconKeyboard,
        run: onShowShortcuts,
      },
    ];
    return [...pages, ...actions.filter((action) => action !== false)];
  }, [navigation, navigate, mayManageOrganizations, mayManagePeople, mayImport, onShowShortcuts]);

  // Only results of what the field holds now: Enter must not open a person found for an older query.
  const found = !typing && search !== "" ? data : undefined;
  const matched = matchCommands(commands, query);
  const people = found?.users.nodes ?? [];
  const organizations = found?.organizations.nodes ?? [];

  // Spotlight selects the first action when the query changes, which may be before the server
  // has answered: results that fill an empty list arrive with nothing selected. Select the first
  // then, and again at Enter if nothing is, so Enter always runs what is shown first. This is
  // how Spotlight marks a selection (its `data-selected` attribute and the store's index); its
  // own selectAction is not exported.
  const selectFirstIfNone = () => {
    const list = document.getElementById(LIST_ID);
    const first = list?.querySelector("[data-action]");
    if (!list || !first || list.querySelector("[data-selected]")) return;
    first.setAttribute("data-selected", "true");
    paletteStore.updateState((state) => ({ ...state, selected: 0 }));
  };
  useEffect(selectFirstIfNone, [found, query]);

  const groups = [
    ...(["Go to", "Actions"] as const).map((group) => ({
      label: group,
      items: matched
        .filter((command) => command.group === group)
        .map(({ id, label, description, icon: Icon, run }) => (
          <Spotlight.Action key={id} label={label} description={description} leftSection={<Icon size={20} />} onClick={run} />
        )),
    })),
    {
      label: "People",
      items: people.map((person) => (
        <Spotlight.Action
          key={`user:${person.id}`}
          label={person.displayName}
          description={person.email ?? person.username ?? undefined}
          leftSection={<IconUser size={20} />}
          rightSection={<StateBadge state={person.state} bannedUntil={person.bannedUntil} />}
          dimmedSections={false}
          onClick={() => openPerson(person.id)}
          data-testid="palette-person"
        />
      )),
    },
    {
      label: "Organizations",
      items: organizations.map((organization) => (
        <Spotlight.Action
          key={`organization:${organization.id}`}
          label={organization.name}
          description={organization.domains.join(", ") || "No domain"}
          leftSection={<IconBuilding size={20} />}
          onClick={() => navigate(`/organizations/${organization.id}`)}
          data-testid="palette-organization"
        />
      )),
    },
  ].filter((group) => group.items.length > 0);
  const searching = search !== "" && (typing || loading);

  return (
    <Spotlight.Root
      store={paletteStore}
      query={query}
      onQueryChange={setQuery}
      shortcut={[...SHORTCUTS.palette.keys]}
      // A palette opens from a text field too: that is where the agent often is when they need it.
      tagsToIgnore={[]}
      triggerOnContentEditable
      scrollable
      maxHeight={460}
    >
      <Spotlight.Search
        placeholder="Find a person or an organization, or type a command"
        aria-label="Command palette"
        leftSection={<IconSearch size={18} />}
        rightSection={searching ? <Loader size="xs" aria-label="Searching" /> : null}
        data-testid="palette-search"
        onKeyDown={(event) => {
          if (event.key === "Enter") selectFirstIfNone();
        }}
      />
      <Spotlight.ActionsList id={LIST_ID} data-testid="palette-results">
        {groups.map((group) => (
          <Spotlight.ActionsGroup key={group.label} label={group.label}>
            {group.items}
          </Spotlight.ActionsGroup>
        ))}
        {groups.length === 0 && !searching && <Spotlight.Empty>Nothing matches “{query.trim()}”.</Spotlight.Empty>}
      </Spotlight.ActionsList>
    </Spotlight.Root>
  );
}
