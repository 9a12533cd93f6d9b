// The account actions on a person, wherever they are offered (the profile's Actions menu, a
// row's menu on the Users list): one set of mutations, one confirmation dialog, one outcome.
import type { ErrorLike } from "@apollo/client";
import { useApolloClient } from "@apollo/client/react";
import { useState } from "react";
import {
  useActivateUserMutation,
  useBanUserMutation,
  useDeleteUserMutation,
  useRestoreUserMutation,
  useSendVerificationEmailMutation,
  useTrashUserMutation,
  useUnbanUserMutation,
  type UserTransition,
} from "../../../generated/graphql";
import { notifyDone, notifyFailed } from "../../../shared/lib/notify";
import { usePermission } from "../../auth/hooks/use-permission";
import type { BanChoice } from "../components/BanForm";
import { describeOutcome, TRANSITION_ORDER, transitionPermission } from "../lib/transitions";

export interface ActionSubject {
  id: string;
  displayName: string;
  allowedTransitions: readonly UserTransition[];
}

/** An action waiting for its confirmation (a ban's duration, the trash, a typed name). */
export interface PendingAction {
  person: ActionSubject;
  transition: UserTransition;
}

export interface PersonActions {
  pending: PendingAction | null;
  /** The person an action is running on now, if any. */
  busyFor: string | null;
  /** The failure of the pending action, shown in its dialog. */
  error: ErrorLike | null;
  mayRun: (transition: UserTransition) => boolean;
  /** Runs the transition, or asks first when it needs a confirmation. */
  choose: (person: ActionSubject, transition: UserTransition) => void;
  confirm: (banChoice?: BanChoice) => void;
  cancel: () => void;
}

// Asked before running: the ban needs a duration, the others cannot be taken back lightly.
export const NEEDS_CONFIRMATION: ReadonlySet<UserTransition> = new Set(["BAN", "TRASH", "DELETE"]);

/** The transitions the server allows for the person now, in menu order. */
export function offeredTransitions(person: ActionSubject): UserTransition[] {
  return TRANSITION_ORDER.filter((transition) => person.allowedTransitions.includes(transition));
}

/**
 * `onDeleted`: where the agent goes once the person is gone (the profile leaves for the trash;
 * a list stays where it is). The outcome is a toast; a failure outside a dialog too.
 */
export function usePersonActions({ onDeleted }: { onDeleted?: () => void } = {}): PersonActions {
  const client = useApolloClient();
  const mayManage = usePermission("people.manage");
  const mayDelete = usePermission("people.delete");
  const [pending, setPending] = useState<PendingAction | null>(null);
  const [error, setError] = useState<ErrorLike | null>(null);
  const [busyFor, setBusyFor] = useState<string | null>(null);

  const [activate] = useActivateUserMutation();
  const [ban] = useBanUserMutation();
  const [unban] = useUnbanUserMutation();
  const [trash] = useTrashUserMutation();
  const [restore] = useRestoreUserMutation();
  const [remove] = useDeleteUserMutation();
  const [sendVerification] = useSendVerificationEmailMutation();

  const mayRun = (transition: UserTransition) => (transitionPermission(transition) === "people.delete" ? mayDelete : mayManage);

  /** Sends the mutation; the ban's end comes back from the server, for the sentence. */
  const send = async (person: ActionSubject, transition: UserTransition, banChoice?: BanChoice): Promise<string | null> => {
    const variables = { id: person.id };
    switch (transition) {
      case "ACTIVATE":
        await activate({ variables });
        return null;
      case "SEND_VERIFICATION_EMAIL":
        await sendVerification({ variables });
        return null;
      case "BAN": {
        const result = await ban({ variables: { ...variables, days: banChoice?.days, reason: banChoice?.reason } });
        return result.data?.banUser.bannedUntil ?? null;
      }
      case "UNBAN":
        await unban({ variables });
        return null;
      case "TRASH":
        await trash({ variables });
        return null;
      case "RESTORE":
        await restore({ variables });
        return null;
      case "DELETE":
        await remove({ variables });
        return null;
    }
  };

  const run = async (person: ActionSubject, transition: UserTransition, banChoice?: BanChoice) => {
    setBusyFor(person.id);
    setError(null);
    try {
      const bannedUntil = await send(person, transition, banChoice);
      setPending(null);
      // Lists, counts and aggregates all move with a state change: read them again.
      client.cache.evict({ fieldName: "users" });
      client.cache.evict({ fieldName: "organizations" });
      notifyDone(describeOutcome(transition, { displayName: person.displayName, bannedUntil }));
      if (transition === "DELETE") {
        client.cache.evict({ id: client.cache.identify({ __typename: "User", id: person.id }) });
        client.cache.gc();
        if (onDeleted) onDeleted();
        return;
      }
      // The person's stats and timeline leave or return with the trash.
      await client.refetchQueries({ include: ["UserProfile", "UserCommunications", "UserSurveys"] });
    } catch (caught) {
      // In a dialog the failure is shown there, beside what the agent typed; otherwise a toast.
      if (NEEDS_CONFIRMATION.has(transition)) setError(caught as ErrorLike);
      else notifyFailed(caught as ErrorLike);
    } finally {
      setBusyFor(null);
    }
  };

  return {
    pending,
    busyFor,
    error,
    mayRun,
    choose: (person, transition) => {
      setError(null);
      if (NEEDS_CONFIRMATION.has(transition)) setPending({ person, transition });
      else void run(person, transition);
    },
    confirm: (banChoice) => {
      if (pending) void run(pending.person, pending.transition, banChoice);
    },
    cancel: () => setPending(null),
  };
}
