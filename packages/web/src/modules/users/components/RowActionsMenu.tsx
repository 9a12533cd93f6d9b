import { ActionIcon, Menu } from "@mantine/core";
import { IconDots } from "@tabler/icons-react";
import { offeredTransitions, type ActionSubject, type PersonActions } from "../hooks/use-person-actions";
import { TransitionMenuItems } from "./TransitionMenuItems";

interface RowActionsMenuProps {
  person: ActionSubject;
  /** Shared by every row of the list: one dialog, one outcome. */
  actions: PersonActions;
}

/** A row's account actions on the Users list: the profile's menu, without leaving the list. */
/** The focused row's `.` key opens it by clicking its button (use-row-keyboard.ts). */
export function RowActionsMenu({ person, actions }: RowActionsMenuProps) {
  const offered = offeredTransitions(person);
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon
          variant="subtle"
          color="gray"
          size="sm"
          aria-label={`Actions for ${person.displayName}`}
          disabled={!offered.length}
          loading={actions.busyFor === person.id && !actions.pending}
          data-testid="row-actions"
          // The row opens the profile on click; the menu must not.
          onClick={(event) => event.stopPropagation()}
        >
          <IconDots size={16} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown onClick={(event) => event.stopPropagation()}>
        <TransitionMenuItems person={person} actions={actions} />
      </Menu.Dropdown>
    </Menu>
  );
}
