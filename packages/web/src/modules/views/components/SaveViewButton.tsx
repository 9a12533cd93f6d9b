import { Button, SegmentedControl, Text } from "@mantine/core";
import { IconDeviceFloppy } from "@tabler/icons-react";
import { useState } from "react";
import { useNavigate } from "react-router";
import {
  type SavedViewSummaryFragment,
  useCreateSavedViewMutation,
  useSavedViewsQuery,
  useUpdateSavedViewMutation,
} from "../../../generated/graphql";
import { NameFormModal, ShareCheckbox } from "../../../shared/components/NameFormModal";
import { notifyDone } from "../../../shared/lib/notify";
import { usePermission } from "../../auth/hooks/use-permission";
import { listStateOf, savedViewInputOf, VIEW_ID_PARAM, viewHref } from "../lib/view-params";

interface SaveViewButtonProps {
  /** The Users page's URL parameters: the list as the agent sees it now. */
  params: URLSearchParams;
}

/**
 * Saves the list as the agent sees it (search, filters, segment, sort, columns, page size) as a
 * named view, or writes it over the view that is open. The view then shows in the navigation.
 */
export function SaveViewButton({ params }: SaveViewButtonProps) {
  const [opened, setOpened] = useState(false);
  const { data } = useSavedViewsQuery({ fetchPolicy: "cache-first" });
  const openId = params.get(VIEW_ID_PARAM);
  const open = data?.savedViews.find((view) => view.id === openId && view.editable) ?? null;

  return (
    <>
      <Button
        variant="default"
        leftSection={<IconDeviceFloppy size={16} />}
        onClick={() => setOpened(true)}
        data-testid="save-view"
      >
        Save view
      </Button>
      {opened && <SaveViewModal params={params} open={open} onClose={() => setOpened(false)} />}
    </>
  );
}

interface SaveViewModalProps {
  params: URLSearchParams;
  /** The open view, when the agent may change it: the modal offers to update it. */
  open: SavedViewSummaryFragment | null;
  onClose: () => void;
}

function SaveViewModal({ params, open, onClose }: SaveViewModalProps) {
  const navigate = useNavigate();
  const mayShare = usePermission("segments.manage");
  const [mode, setMode] = useState<"update" | "create">(open ? "update" : "create");
  const updating = mode === "update" && open !== null;
  const [name, setName] = useState(open?.name ?? "");
  const [shared, setShared] = useState(open?.shared ?? false);
  // Counts and the list in the navigation change with a saved view.
  const [createView, created] = useCreateSavedViewMutation({ refetchQueries: ["SavedViews"] });
  const [updateView, updated] = useUpdateSavedViewMutation({ refetchQueries: ["SavedViews"] });
  const { loading, error } = updating ? updated : created;

  const save = async () => {
    const input = savedViewInputOf(listStateOf(params), name.trim(), shared && mayShare);
    try {
      const view = updating
        ? (await updateView({ variables: { id: open.id, version: open.version, input } })).data?.updateSavedView
        : (await createView({ variables: { input } })).data?.createSavedView;
      if (!view) return;
      notifyDone(updating ? `The view “${view.name}” was updated.` : `The view “${view.name}” was saved.`);
      onClose();
      navigate(viewHref(view), { replace: true });
    } catch {
      // The hook's `error` shows what went wrong, in the form.
    }
  };

  return (
    <NameFormModal
      title="Save view"
      onClose={onClose}
      name={name}
      onNameChange={setName}
      namePlaceholder="e.g. Banned at Acme, by email"
      nameTestId="save-view-name"
      onSubmit={() => void save()}
      loading={loading}
      error={error}
      submitLabel={updating ? "Update view" : "Save view"}
      submitTestId="save-view-confirm"
      above={
        open && (
          <SegmentedControl
            value={mode}
            onChange={(value) => setMode(value === "update" ? "update" : "create")}
            data={[
              { value: "update", label: `Update “${open.name}”` },
              { value: "create", label: "Save as a new view" },
            ]}
            data-testid="save-view-mode"
          />
        )
      }
      below={
        <>
          <ShareCheckbox
            checked={shared}
            onChange={setShared}
            mayShare={mayShare}
            description="Everyone sees it in their navigation; only you and agents with segments.manage can change it."
            testId="save-view-shared"
          />
          <Text size="xs" c="dimmed">
            The view keeps the search, filters, segment, sort, columns and page size; its count follows the data.
          </Text>
        </>
      }
    />
  );
}
