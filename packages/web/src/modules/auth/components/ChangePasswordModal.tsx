import type { ErrorLike } from "@apollo/client";
import { Alert, Button, Group, Modal, PasswordInput, Stack } from "@mantine/core";
import { useState } from "react";
import { useChangePasswordMutation } from "../../../generated/graphql";
import { ErrorState } from "../../../shared/components/ErrorState";
import { fieldErrors, type FieldErrors } from "../../../shared/lib/edit-form";
import { PasswordStrength } from "./PasswordStrength";

// The server's rule (auth/password-policy.ts); it also refuses common passwords and your email.
const PASSWORD_MIN = 8;
const PASSWORD_MAX = 128;
const INPUTS = ["currentPassword", "newPassword"] as const;
type Input = (typeof INPUTS)[number];

interface Failure {
  error: ErrorLike;
  placed: FieldErrors<Input>;
}

interface ChangePasswordModalProps {
  opened: boolean;
  onClose: () => void;
  /** The agent's email and username, which the strength meter counts against the password. */
  userInputs?: string[];
}

/** The signed-in agent's own password: the current one, then a new one. Other sessions end; this one stays. */
export function ChangePasswordModal({ opened, onClose, userInputs }: ChangePasswordModalProps) {
  const [currentPassword, setCurrentPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const [failure, setFailure] = useState<Failure | null>(null);
  const [done, setDone] = useState(false);
  const [changePassword, { loading }] = useChangePasswordMutation();

  const length = newPassword.length;
  const lengthProblem =
    length === 0 || (length >= PASSWORD_MIN && length <= PASSWORD_MAX)
      ? undefined
      : `At least ${PASSWORD_MIN} and at most ${PASSWORD_MAX} characters (now ${length}).`;
  const valid = currentPassword !== "" && length >= PASSWORD_MIN && length <= PASSWORD_MAX;

  const close = () => {
    setCurrentPassword("");
    setNewPassword("");
    setFailure(null);
    setDone(false);
    onClose();
  };

  const submit = async () => {
    setFailure(null);
    try {
      await changePassword({ variables: { currentPassword, newPassword } });
      setDone(true);
    } catch (caught) {
      const error = caught as ErrorLike;
      setFailure({ error, placed: fieldErrors(error, INPUTS) });
    }
  };

  // A field's server message stands until that field is typed in again.
  const edit = (name: Input, setter: (value: string) => void) => (value: string) => {
    setter(value);
    setFailure((current) =>
      current ? { ...current, placed: { ...current.placed, fields: { ...current.placed.fields, [name]: undefined } } } : current,
    );
  };

  return (
    <Modal opened={opened} onClose={close} title="Change password" centered>
      {done ? (
        <Stack>
          <Alert color="green" variant="light" role="status" data-testid="change-password-done">
            Your password is changed. Every other session of yours was signed out; this one stays signed in.
          </Alert>
          <Group justify="flex-end">
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (valid) void submit();
          }}
        >
          <Stack>
            {failure?.placed.unplaced && <ErrorState error={failure.error} />}
            <PasswordInput
              label="Current password"
              autoComplete="current-password"
              required
              value={currentPassword}
              onChange={(event) => edit("currentPassword", setCurrentPassword)(event.currentTarget.value)}
              error={failure?.placed.fields.currentPassword}
              data-testid="current-password"
              data-autofocus
            />
            <PasswordInput
              label="New password"
              description={`${PASSWORD_MIN} to ${PASSWORD_MAX} characters, not a common password, not containing your email address or username.`}
              autoComplete="new-password"
              required
              value={newPassword}
              onChange={(event) => edit("newPassword", setNewPassword)(event.currentTarget.value)}
              error={lengthProblem ?? failure?.placed.fields.newPassword}
              data-testid="new-password"
            />
            <PasswordStrength password={newPassword} userInputs={userInputs} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={loading} disabled={!valid} data-testid="change-password-save">
                Change password
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
