import type { ErrorLike } from "@apollo/client";
import { useApolloClient } from "@apollo/client/react";
import { Alert, Button, Group, Menu, Modal, Stack, Text, TextInput } from "@mantine/core";
import { IconChevronDown } from "@tabler/icons-react";
import { useState } from "react";
import { useNavigate } from "react-router";
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
import { ErrorState } from "../../../shared/components/ErrorState";
import { GuardedMenuItem } from "../../../shared/components/GuardedMenuItem";
import { usePermission } from "../../auth/hooks/use-permission";
import { describeOutcome, TRANSITION_LABELS, TRANSITION_ORDER, transitionPermission } from "../lib/transitions";
import { BanForm, type BanChoice } from "./BanForm";

interface UserActionsProps {
  person: { id: string; displayName: string; allowedTransitions: readonly UserTransition[] };
}

// Asked before running: the ban needs a duration, the others cannot be taken back lightly.
const NEEDS_CONFIRMATION: ReadonlySet<UserTransition> = new Set(["BAN", "TRASH", "DELETE"]);

/**
 * The account actions the server allows for this person now (`allowedTransitions`), those the
 * agent lacks a permission for disabled with the reason, and the outcome in words.
 */
export function UserActions({ person }: UserActionsProps) {
  const client = useApolloClient();
  const navigate = useNavigate();
  const mayManage = usePermission("people.manage");
  const mayDelete = usePermission("people.delete");
  const [pending, setPending] = useState<UserTransition | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [error, setError] = useState<ErrorLike | null>(null);
  const [typedName, setTypedName] = useState("");
  const [busy, setBusy] = useState(false);

  const variables = { id: person.id };
  const [activate] = useActivateUserMutation();
  const [ban] = useBanUserMutation();
  const [unban] = useUnbanUserMutation();
  const [trash] = useTrashUserMutation();
  const [restore] = useRestoreUserMutation();
  const [remove] = useDeleteUserMutation();
  const [sendVerification] = useSendVerificationEmailMutation();

  const mayRun = (transition: UserTransition) => (transitionPermission(transition) === "people.delete" ? mayDelete : mayManage);

  const run = async (transition: UserTransition, banChoice?: BanChoice) => {
    setBusy(true);
    setError(null);
    setOutcome(null);
    try {
      let bannedUntil: string | null | undefined;
      switch (transition) {
        case "ACTIVATE":
          await activate({ variables });
          break;
        case "SEND_VERIFICATION_EMAIL":
          await sendVerification({ variables });
          break;
        case "BAN":
          bannedUntil = (await ban({ variables: { ...variables, days: banChoice?.days, reason: banChoice?.reason } })).data
            ?.banUser.bannedUntil;
          break;
        case "UNBAN":
          await unban({ variables });
          break;
        case "TRASH":
          await trash({ variables });
          break;
        case "RESTORE":
          await restore({ variables });
          break;
        case "DELETE":
          await remove({ variables });
          break;
      }
      setPending(null);
      // Lists, counts and aggregates all move with a state change: read them again.
      client.cache.evict({ fieldName: "users" });
      client.cache.evict({ fieldName: "organizations" });
      if (transition === "DELETE") {
        client.cache.evict({ id: client.cache.identify({ __typename: "User", id: person.id }) });
        client.cache.gc();
        navigate("/users?view=trash", { replace: true, state: { notice: describeOutcome(transition, person) } });
        return;
      }
      setOutcome(describeOutcome(transition, { displayName: person.displayName, bannedUntil }));
      // The person's stats and timeline leave or return with the trash.
      await client.refetchQueries({ include: ["UserProfile", "UserCommunications", "UserSurveys"] });
    } catch (caught) {
      setError(caught as ErrorLike);
    } finally {
      setBusy(false);
    }
  };

  const choose = (transition: UserTransition) => {
    setTypedName("");
    setError(null);
    if (NEEDS_CONFIRMATION.has(transition)) setPending(transition);
    else void run(transition);
  };

  const offered = TRANSITION_ORDER.filter((transition) => person.allowedTransitions.includes(transition));

  return (
    <Stack gap="xs" align="flex-end">
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button
            variant="default"
            rightSection={<IconChevronDown size={14} />}
            disabled={!offered.length}
            loading={busy && !pending}
            data-testid="actions-menu"
          >
            Actions
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {offered.map((transition) => (
            <GuardedMenuItem
              key={transition}
              permission={transitionPermission(transition)}
              allowed={mayRun(transition)}
              destructive={NEEDS_CONFIRMATION.has(transition)}
              onClick={() => choose(transition)}
              testId={`action-${transition.toLowerCase().replaceAll("_", "-")}`}
            >
              {TRANSITION_LABELS[transition]}
            </GuardedMenuItem>
          ))}
        </Menu.Dropdown>
      </Menu>
      {outcome && (
        <Alert
          color="green"
          variant="light"
          withCloseButton
          onClose={() => setOutcome(null)}
          data-testid="action-result"
          maw={420}
        >
          {outcome}
        </Alert>
      )}
      {error && !pending && <ErrorState error={error} />}

      <Modal
        opened={pending !== null}
        onClose={() => setPending(null)}
        title={pending ? `${TRANSITION_LABELS[pending]}: ${person.displayName}` : ""}
        centered
      >
        <Stack>
          {error && <ErrorState error={error} />}
          {pending === "BAN" && (
            <BanForm busy={busy} onCancel={() => setPending(null)} onSubmit={(choice) => void run("BAN", choice)} />
          )}
          {pending === "TRASH" && (
            <>
              <Text size="sm">
                {person.displayName} and all their communications leave every list, count and organization total. You can restore
                them from the trash.
              </Text>
              <Group justify="flex-end">
                <Button variant="default" onClick={() => setPending(null)}>
                  Cancel
                </Button>
                <Button color="red" loading={busy} onClick={() => void run("TRASH")} data-testid="confirm-action">
                  Move to trash
                </Button>
              </Group>
            </>
          )}
          {pending === "DELETE" && (
            <form
              onSubmit={(event) => {
                event.preventDefault();
                if (typedName === person.displayName) void run("DELETE");
              }}
            >
              <Stack>
                <Text size="sm">
                  This deletes {person.displayName} and every communication they sent, for good. It cannot be undone. Type their
                  name to confirm.
                </Text>
                <TextInput
                  label="Name"
                  placeholder={person.displayName}
                  value={typedName}
                  onChange={(event) => setTypedName(event.currentTarget.value)}
                  data-testid="confirm-name"
                  data-autofocus
                />
                <Group justify="flex-end">
                  <Button variant="default" onClick={() => setPending(null)}>
                    Cancel
                  </Button>
                  <Button
                    type="submit"
                    color="red"
                    loading={busy}
                    disabled={typedName !== person.displayName}
                    data-testid="confirm-action"
                  >
                    Delete permanently
                  </Button>
                </Group>
              </Stack>
            </form>
          )}
        </Stack>
      </Modal>
    </Stack>
  );
}
