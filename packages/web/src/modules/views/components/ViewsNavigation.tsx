import { ActionIcon, Badge, Button, Group, Menu, Modal, NavLink, Skeleton, Stack, Text, Tooltip } from "@mantine/core";
import { IconAdjustments, IconDots, IconPencil, IconTrash } from "@tabler/icons-react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { Link, useLocation } from "react-router";
import {
  type SavedViewSummaryFragment,
  type SegmentSummaryFragment,
  useDeleteSavedViewMutation,
  useSavedViewsQuery,
  useSegmentsQuery,
  useUpdateSavedViewMutation,
} from "../../../generated/graphql";
import { ErrorState } from "../../../shared/components/ErrorState";
import { NameFormModal } from "../../../shared/components/NameFormModal";
import { formatCount } from "../../../shared/lib/format";
import { notifyDone } from "../../../shared/lib/notify";
import { usePermission } from "../../auth/hooks/use-permission";
import { listStateOfView, savedViewInputOf, VIEW_ID_PARAM, viewHref } from "../lib/view-params";

interface ViewsNavigationProps {
  /** Called when a link is followed (the mobile navbar closes). */
  onNavigate: () => void;
}

// Rows keep one height whether their counts have come or not, so the navbar never jumps.
const ROW_HEIGHT = 30;

/**
 * Under "Users" in the navbar: the agent's saved views and the saved segments, each a link to
 * the people list it shows, with its live count. Counts are read again whenever the agent
 * comes back to the list, and after a view is saved (its mutations refetch SavedViews).
 */
export function ViewsNavigation({ onNavigate }: ViewsNavigationProps) {
  const mayView = usePermission("people.view");
  const location = useLocation();
  const params = new URLSearchParams(location.search);
  const onList = location.pathname === "/users";
  const viewId = onList ? params.get(VIEW_ID_PARAM) : null;
  const segmentId = onList && !viewId ? params.get("segmentId") : null;
  const views = useSavedViewsQuery({ fetchPolicy: "cache-and-network", skip: !mayView });
  const segments = useSegmentsQuery({ fetchPolicy: "cache-and-network", skip: !mayView });
  const { refetch: refetchViews } = views;
  const { refetch: refetchSegments } = segments;

  // Back on the list from another page: the counts may have moved meanwhile.
  const wasOnList = useRef(onList);
  useEffect(() => {
    if (onList && !wasOnList.current && mayView) {
      void refetchViews();
      void refetchSegments();
    }
    wasOnList.current = onList;
  }, [onList, mayView, refetchViews, refetchSegments]);

  if (!mayView) return null;
  return (
    <Stack gap={0} pl="md" data-testid="views-navigation">
      <Section title="Views" loading={!views.data && !views.error} error={views.error} onRetry={() => void refetchViews()}>
        {views.data?.savedViews.length === 0 && <Hint>Save a view of the list and it shows up here.</Hint>}
        {views.data?.savedViews.map((view) => (
          <Group key={view.id} gap={0} wrap="nowrap">
            <CountLink
              to={viewHref(view)}
              label={view.name}
              count={view.count}
              active={view.id === viewId}
              onClick={onNavigate}
              testId={`view-link-${view.id}`}
            />
            {view.editable && <ViewMenu view={view} />}
          </Group>
        ))}
      </Section>
      <SegmentsSection
        segments={segments.data?.segments}
        error={segments.error}
        onRetry={() => void refetchSegments()}
        activeId={segmentId}
        onNavigate={onNavigate}
      />
    </Stack>
  );
}

interface SegmentsSectionProps {
  segments: SegmentSummaryFragment[] | undefined;
  error: Parameters<typeof ErrorState>[0]["error"] | undefined;
  onRetry: () => void;
  activeId: string | null;
  onNavigate: () => void;
}

const SEGMENT_GROUPS = [
  { title: "Shared segments", shared: true, testId: "segment-sidebar-shared", empty: "No shared segments yet." },
  {
    title: "My segments",
    shared: false,
    testId: "segment-sidebar-mine",
    empty: "Save a query from the Segment panel and it shows up here.",
  },
];

/**
 * The saved segments, shared ones apart from the agent's own, each with its query, its count
 * and a way to its own page. (The test ids are those of the Users page's sidebar this replaced.)
 */
function SegmentsSection({ segments, error, onRetry, activeId, onNavigate }: SegmentsSectionProps) {
  return (
    <Stack gap={0} data-testid="segment-sidebar">
      {SEGMENT_GROUPS.map((group) => {
        const listed = segments?.filter((segment) => segment.shared === group.shared);
        return (
          <Section
            key={group.testId}
            title={group.title}
            testId={group.testId}
            loading={!segments && !error}
            error={error}
            onRetry={onRetry}
          >
            {listed?.length === 0 && <Hint>{group.empty}</Hint>}
            {listed?.map((segment) => (
              <Group key={segment.id} gap={0} wrap="nowrap">
                <CountLink
                  to={`/users?segmentId=${segment.id}`}
                  label={segment.name}
                  description={segment.query}
                  count={segment.count}
                  active={segment.id === activeId}
                  onClick={onNavigate}
                  testId={`segment-nav-link-${segment.id}`}
                />
                <Tooltip label="Segment details" openDelay={300}>
                  <ActionIcon
                    component={Link}
                    to={`/segments/${segment.id}`}
                    onClick={onNavigate}
                    variant="subtle"
                    color="gray"
                    size="sm"
                    aria-label={`Details of ${segment.name}`}
                  >
                    <IconAdjustments size={14} />
                  </ActionIcon>
                </Tooltip>
              </Group>
            ))}
          </Section>
        );
      })}
    </Stack>
  );
}

interface SectionProps {
  title: string;
  testId?: string;
  loading: boolean;
  error: Parameters<typeof ErrorState>[0]["error"] | undefined;
  onRetry: () => void;
  children: ReactNode;
}

function Section({ title, testId, loading, error, onRetry, children }: SectionProps) {
  return (
    <Stack gap={0} mt="xs" data-testid={testId}>
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="xs" mb={2}>
        {title}
      </Text>
      {error ? <ErrorState error={error} onRetry={onRetry} /> : loading ? <Skeleton height={ROW_HEIGHT} radius="sm" /> : children}
    </Stack>
  );
}

function Hint({ children }: { children: ReactNode }) {
  return (
    <Text size="xs" c="dimmed" px="xs">
      {children}
    </Text>
  );
}

interface CountLinkProps {
  to: string;
  label: string;
  /** A second line: a segment's query. */
  description?: string;
  /** Null for a view that no longer holds for the agent (its segment was made private). */
  count: number | null;
  active: boolean;
  onClick: () => void;
  testId: string;
}

function CountLink({ to, label, description, count, active, onClick, testId }: CountLinkProps) {
  return (
    <NavLink
      component={Link}
      to={to}
      label={label}
      description={description}
      title={description ? `${label}: ${description}` : label}
      noWrap
      active={active}
      onClick={onClick}
      mih={ROW_HEIGHT}
      py={2}
      styles={{ description: { fontFamily: "var(--mantine-font-family-monospace)" } }}
      rightSection={
        <Badge variant="light" color="gray" size="sm" miw={36} data-testid={`${testId}-count`}>
          {count === null ? "—" : formatCount(count)}
        </Badge>
      }
      data-testid={testId}
    />
  );
}

/** Rename and delete, for a view the agent may change. */
function ViewMenu({ view }: { view: SavedViewSummaryFragment }) {
  const [dialog, setDialog] = useState<"rename" | "delete" | null>(null);
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            aria-label={`Actions for the view ${view.name}`}
            data-testid={`view-menu-${view.id}`}
          >
            <IconDots size={14} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => setDialog("rename")} data-testid="view-rename">
            Rename
          </Menu.Item>
          <Menu.Item
            color="red"
            leftSection={<IconTrash size={14} />}
            onClick={() => setDialog("delete")}
            data-testid="view-delete"
          >
            Delete
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {dialog === "rename" && <RenameViewModal view={view} onClose={() => setDialog(null)} />}
      {dialog === "delete" && <DeleteViewModal view={view} onClose={() => setDialog(null)} />}
    </>
  );
}

interface ViewDialogProps {
  view: SavedViewSummaryFragment;
  onClose: () => void;
}

function RenameViewModal({ view, onClose }: ViewDialogProps) {
  const [name, setName] = useState(view.name);
  const [updateView, { loading, error }] = useUpdateSavedViewMutation({ refetchQueries: ["SavedViews"] });
  const rename = async () => {
    try {
      const input = savedViewInputOf(listStateOfView(view), name.trim(), view.shared);
      await updateView({ variables: { id: view.id, version: view.version, input } });
      notifyDone(`The view is now called “${name.trim()}”.`);
      onClose();
    } catch {
      // Shown in the dialog from the hook's `error`.
    }
  };
  return (
    <NameFormModal
      title={`Rename “${view.name}”`}
      onClose={onClose}
      name={name}
      onNameChange={setName}
      nameTestId="view-rename-name"
      onSubmit={() => void rename()}
      loading={loading}
      error={error}
      submitLabel="Rename"
      submitTestId="view-rename-confirm"
    />
  );
}

function DeleteViewModal({ view, onClose }: ViewDialogProps) {
  const [deleteView, { loading, error }] = useDeleteSavedViewMutation({ refetchQueries: ["SavedViews"] });
  const remove = async () => {
    try {
      await deleteView({ variables: { id: view.id, version: view.version } });
      notifyDone(`The view “${view.name}” was deleted.`);
      onClose();
    } catch {
      // Shown in the dialog from the hook's `error`.
    }
  };
  return (
    <Modal opened onClose={onClose} title={`Delete “${view.name}”`} centered>
      <Stack>
        {error && <ErrorState error={error} />}
        <Text size="sm">
          {view.shared ? "Every agent loses this shared view." : "Your view is removed."} Only the saved view goes: nobody in it
          is changed.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="red" loading={loading} onClick={() => void remove()} data-testid="view-delete-confirm">
            Delete view
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
