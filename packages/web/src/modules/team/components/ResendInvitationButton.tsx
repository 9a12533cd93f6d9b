import type { ErrorLike } from "@apollo/client";
import { useResendInvitationMutation } from "../../../generated/graphql";
import { PermissionButton } from "../../../shared/components/PermissionButton";

interface ResendInvitationButtonProps {
  agent: { id: string; displayName: string; email: string | null };
  onResent: (message: string) => void;
  onFailed: (error: ErrorLike) => void;
}

/** A fresh invitation link for an agent who has not accepted; the earlier links stop working. */
export function ResendInvitationButton({ agent, onResent, onFailed }: ResendInvitationButtonProps) {
  // The answer carries the invitation's new state, which updates the row in the cache.
  const [resend, { loading }] = useResendInvitationMutation();

  const run = async () => {
    try {
      await resend({ variables: { id: agent.id } });
      onResent(`A fresh invitation is on its way to ${agent.email ?? agent.displayName}; earlier links no longer work.`);
    } catch (caught) {
      onFailed(caught as ErrorLike);
    }
  };

  return (
    <PermissionButton
      permission="people.manage"
      size="xs"
      variant="default"
      loading={loading}
      onClick={() => void run()}
      testId="resend-invitation"
    >
      Resend invitation
    </PermissionButton>
  );
}
