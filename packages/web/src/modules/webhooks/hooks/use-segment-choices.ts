import { useSegmentsQuery } from "../../../generated/graphql";
import { usePermission } from "../../auth/hooks/use-permission";

// Reading saved segments takes people.view, which a webhook manager may lack.
export const SEGMENTS_PERMISSION = "people.view";

/**
 * The saved segments a webhook can name, as the sidebar lists them (its cached answer is reused),
 * and the name of the one `selectedId` names. A segment the agent cannot list (another agent's
 * private one) still shows, by its id, rather than as an empty choice.
 */
export function useSegmentChoices(selectedId: string | null) {
  const mayView = usePermission(SEGMENTS_PERMISSION);
  const { data, loading } = useSegmentsQuery({ fetchPolicy: "cache-first", skip: !mayView });
  const options = (data?.segments ?? []).map((segment) => ({ value: segment.id, label: segment.name }));
  const selected = selectedId ? options.find((option) => option.value === selectedId) : undefined;
  if (selectedId && !selected) options.push({ value: selectedId, label: `Segment ${selectedId}` });
  return { mayView, loading, options, selectedName: selectedId ? (selected?.label ?? `Segment ${selectedId}`) : null };
}
