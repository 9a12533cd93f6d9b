import { GuardedMenuItem } from "../../../shared/components/GuardedMenuItem";
import { NEEDS_CONFIRMATION, offeredTransitions, type ActionSubject, type PersonActions } from "../hooks/use-person-actions";
import { TRANSITION_LABELS, transitionPermission } from "../lib/transitions";

/** The entries of an actions menu: what the server allows for the person, guarded by permission. */
export function TransitionMenuItems({ person, actions }: { person: ActionSubject; actions: PersonActions }) {
  return offeredTransitions(person).map((transition) => (
    <GuardedMenuItem
      key={transition}
      permission={transitionPermission(transition)}
      allowed={actions.mayRun(transition)}
      destructive={NEEDS_CONFIRMATION.has(transition)}
      onClick={() => actions.choose(person, transition)}
      testId={`action-${transition.toLowerCase().replaceAll("_", "-")}`}
    >
      {TRANSITION_LABELS[transition]}
    </GuardedMenuItem>
  ));
}
