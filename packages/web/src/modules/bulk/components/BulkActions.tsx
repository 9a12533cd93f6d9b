import type { ErrorLike } from "@apollo/client";
import { Button, Group, Menu, Modal, Paper, Stack, Text, Tooltip } from "@mantine/core";
import { IconChevronDown } from "@tabler/icons-react";
import { useState } from "react";
import { useStartBulkJobMutation, type BulkAction } from "../../../generated/graphql";
import { GuardedMenuItem } from "../../../shared/components/GuardedMenuItem";
import { ErrorState } from "../../../shared/components/ErrorState";
import { formatCount } from "../../../shared/lib/format";
import { usePermission } from "../../auth/hooks/use-permission";
import type { BulkSelection } from "../hooks/use-bulk-selection";
import {
  BULK_ACTION_LABELS,
  bulkActionPermission,
  DESTRUCTIVE_BULK_ACTIONS,
  PEOPLE_VIEW_ACTIONS,
  TRASH_VIEW_ACTIONS,
} from "../lib/bulk-actions";
import { viewTarget, type BulkTarget, type PeopleView } from "../lib/view-target";
import { BulkActionForm, type BulkParameters } from "./BulkActionForm";
import { BulkJobPanel } from "./BulkJobPanel";

interface BulkActionsProps<T extends { id: string }> {
  selection: BulkSelection<T>;
  view: PeopleView;
  inTrash: boolean;
  /** Rows on the page on screen. */
  pageRows: number;
  /** People matching the view on every page; undefined while loading. */
  totalCount: number | undefined;
}

/**
 * Above the Users list: how many people are ticked (or everyone matching), the actions to run
 * on them, then the job's progress and report once one is started.
 */
export function BulkActions<T extends { id: string }>({ selection, view, inTrash, pageRows, totalCount }: BulkActionsProps<T>) {
  const granted: Record<string, boolean> = {
    "people.manage": usePermission("people.manage"),
    "people.delete": usePermission("people.delete"),
    "roles.manage": usePermission("roles.manage"),
  };
  const [pending, setPending] = useState<BulkAction | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [failure, setFailure] = useState<ErrorLike | null>(null);
  const [start, starting] = useStartBulkJobMutation();

  const selectedCount = selection.allMatching ? (totalCount ?? 0) : selection.selected.length;
  const allOnPage = pageRows > 0 && selection.selected.length === pageRows;
  const moreMatch = totalCount !== undefined && totalCount > pageRows;
  const matching = viewTarget(view);
  const actions = inTrash ? TRASH_VIEW_ACTIONS : PEOPLE_VIEW_ACTIONS;
  const mayRun = (action: BulkAction) => granted[bulkActionPermission(action)] ?? false;

  const target: BulkTarget | null = selection.allMatching
    ? matching.target
    : { userIds: selection.selected.map((person) => person.id) };

  const run = async (action: BulkAction, parameters: BulkParameters) => {
    if (!target) return;
    setFailure(null);
    try {
      const result = await start({ variables: { input: { action, ...target, ...parameters } } });
      const started = result.data?.startBulkJob;
      if (!started) return;
      setPending(null);
      selection.clear();
      setJobId(started.id);
    } catch (caught) {
      setFailure(caught as ErrorLike);
    }
  };

  const choose = (action: BulkAction) => {
    setFailure(null);
    setPending(action);
  };

  return (
    <Stack gap="sm" mb={selectedCount > 0 || jobId ? "sm" : 0}>
      {selectedCount > 0 && (
        <Paper withBorder p="xs" radius="md" bg="var(--mantine-primary-color-light)" data-testid="bulk-bar">
          <Group justify="space-between" wrap="wrap">
            <Group gap="sm">
              <Text size="sm" fw={500} data-testid="bulk-selected-count">
                {selection.allMatching
                  ? `All ${formatCount(selectedCount)} matching selected`
                  : `${formatCount(selectedCount)} selected`}
              </Text>
              {allOnPage && moreMatch && !selection.allMatching && (
                // data-disabled rather than disabled: a disabled button gets no hover, so no tooltip.
                <Tooltip label={matching.unavailable} disabled={!matching.unavailable} multiline w={300}>
                  <Button
                    size="compact-sm"
                    variant="subtle"
                    onClick={() => matching.target && selection.selectAllMatching()}
                    data-disabled={matching.target === null || undefined}
                    aria-disabled={matching.target === null}
                    data-testid="bulk-select-all"
                  >
                    Select all {formatCount(totalCount)} matching
                  </Button>
                </Tooltip>
              )}
              <Button size="compact-sm" variant="subtle" color="gray" onClick={selection.clear} data-testid="bulk-clear">
                Clear selection
              </Button>
            </Group>
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button size="xs" rightSection={<IconChevronDown size={14} />} data-testid="bulk-actions-menu">
                  Actions
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {actions.map((action) => (
                  <GuardedMenuItem
                    key={action}
                    permission={bulkActionPermission(action)}
                    allowed={mayRun(action)}
                    destructive={DESTRUCTIVE_BULK_ACTIONS.has(action)}
                    onClick={() => choose(action)}
                    testId={`bulk-action-${action.toLowerCase().replaceAll("_", "-")}`}
                  >
                    {BULK_ACTION_LABELS[action]}
                  </GuardedMenuItem>
                ))}
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Paper>
      )}
      {jobId && <BulkJobPanel key={jobId} jobId={jobId} onClose={() => setJobId(null)} />}

      <Modal
        opened={pending !== null}
        onClose={() => setPending(null)}
        title={pending ? `${BULK_ACTION_LABELS[pending]}: ${formatCount(selectedCount)} selected` : ""}
        centered
      >
        <Stack>
          {failure && <ErrorState error={failure} />}
          {pending && (
            <BulkActionForm
              action={pending}
              count={selectedCount}
              busy={starting.loading}
              onSubmit={(parameters) => void run(pending, parameters)}
              onCancel={() => setPending(null)}
            />
          )}
        </Stack>
      </Modal>
    </Stack>
  );
}
