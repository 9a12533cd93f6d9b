import { Button, Menu } from "@mantine/core";
import { IconChevronDown } from "@tabler/icons-react";
import { useEffect, useRef } from "react";
import { useNavigate } from "react-router";
import { isPageKey } from "../../../shared/lib/page-keys";
import { offeredTransitions, usePersonActions, type ActionSubject } from "../hooks/use-person-actions";
import { TransitionDialog } from "./TransitionDialog";
import { TransitionMenuItems } from "./TransitionMenuItems";

/**
 * The profile's Actions menu: the account actions the server allows for this person now
 * (`allowedTransitions`), those the agent lacks a permission for disabled with the reason.
 */
export function UserActions({ person }: { person: ActionSubject }) {
  const navigate = useNavigate();
  // Once deleted, the profile has nothing to show: the trash is where the person was last.
  const actions = usePersonActions({ onDeleted: () => navigate("/users?view=trash", { replace: true }) });
  const button = useRef<HTMLButtonElement>(null);

  // `.` opens the menu, as on a row of the list; arrows then walk it.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "." || !isPageKey(event) || !button.current || button.current.disabled) return;
      event.preventDefault();
      button.current.focus();
      button.current.click();
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button
            variant="default"
            rightSection={<IconChevronDown size={14} />}
            disabled={!offeredTransitions(person).length}
            loading={actions.busyFor !== null && !actions.pending}
            data-testid="actions-menu"
            ref={button}
          >
            Actions
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <TransitionMenuItems person={person} actions={actions} />
        </Menu.Dropdown>
      </Menu>
      <TransitionDialog actions={actions} />
    </>
  );
}
