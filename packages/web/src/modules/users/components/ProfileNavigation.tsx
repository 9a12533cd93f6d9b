import { ActionIcon, Anchor, Breadcrumbs, Group, Text, Tooltip } from "@mantine/core";
import { IconChevronLeft, IconChevronRight } from "@tabler/icons-react";
import { useCallback, useEffect } from "react";
import { Link, useLocation, useNavigate } from "react-router";
import { isPageKey } from "../../../shared/lib/page-keys";
import { backToList, neighbours, type ProfileHistoryState } from "../lib/list-return";

/**
 * Above a profile: the way back to the list it was opened from (its view, page and row) and
 * the people before and after it there. Esc or Backspace go back; [ and ] step through the list.
 */
export function ProfileNavigation({ personId, displayName }: { personId: string; displayName: string | undefined }) {
  const location = useLocation();
  const navigate = useNavigate();
  const state = location.state as ProfileHistoryState | null;
  const back = backToList(state, personId);
  const { previous, next } = neighbours(state, personId);

  // Stepping replaces the entry: Back still leads to the list, not through every person seen.
  const step = useCallback(
    (id: string | undefined) => id && navigate(`/users/${id}`, { replace: true, state }),
    [navigate, state],
  );

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!isPageKey(event)) return;
      if (event.key === "Escape" || event.key === "Backspace") {
        event.preventDefault();
        navigate(back.to, { state: back.state });
      } else if (event.key === "[" && previous) {
        step(previous);
      } else if (event.key === "]" && next) {
        step(next);
      }
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [navigate, back.to, back.state, previous, next, step]);

  return (
    <Group justify="space-between" data-testid="profile-navigation">
      <Breadcrumbs>
        <Anchor component={Link} to={back.to} state={back.state} size="sm" data-testid="back-to-list">
          Users
        </Anchor>
        <Text size="sm" truncate="end" maw={400}>
          {displayName ?? "…"}
        </Text>
      </Breadcrumbs>
      {state && (
        <Group gap={4}>
          <Tooltip label="Previous person ( [ )">
            <ActionIcon variant="default" aria-label="Previous person" disabled={!previous} onClick={() => step(previous)}>
              <IconChevronLeft size={16} />
            </ActionIcon>
          </Tooltip>
          <Tooltip label="Next person ( ] )">
            <ActionIcon variant="default" aria-label="Next person" disabled={!next} onClick={() => step(next)}>
              <IconChevronRight size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
      )}
    </Group>
  );
}
