import type { ErrorLike } from "@apollo/client";
import { Alert, Anchor, Button, Stack, Text, TextInput, Title } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { useRequestPasswordResetMutation } from "../../../generated/graphql";
import { ErrorState } from "../../../shared/components/ErrorState";

interface ForgotPasswordFormProps {
  /** What the agent typed on the sign-in form, so they need not type it twice. */
  initialEmail: string;
  onBack: () => void;
}

// The same words whatever the address: the answer must not tell who has an account.
export const RESET_REQUESTED = "If an account has this address, a link to reset the password is on its way.";

/** Asks for a reset link. The server answers true for any address, so the page says the same thing always. */
export function ForgotPasswordForm({ initialEmail, onBack }: ForgotPasswordFormProps) {
  const [email, setEmail] = useState(initialEmail);
  const [sent, setSent] = useState(false);
  const [failure, setFailure] = useState<ErrorLike | null>(null);
  const [requestReset, { loading }] = useRequestPasswordResetMutation();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    try {
      await requestReset({ variables: { email: email.trim() } });
      setSent(true);
    } catch (caught) {
      setFailure(caught as ErrorLike);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)}>
      <Stack>
        <div>
          <Title order={1} size="h2">
            Forgot password
          </Title>
          <Text c="dimmed" size="sm">
            We email you a link to choose a new one.
          </Text>
        </div>
        {failure && <ErrorState error={failure} />}
        {sent ? (
          <Alert color="green" variant="light" role="status" data-testid="reset-requested">
            {RESET_REQUESTED}
          </Alert>
        ) : (
          <>
            <TextInput
              label="Email"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
              data-testid="reset-email"
              data-autofocus
            />
            <Button type="submit" loading={loading} data-testid="reset-submit">
              Email me a link
            </Button>
          </>
        )}
        <Anchor component="button" type="button" size="sm" onClick={onBack} data-testid="back-to-sign-in">
          Back to sign in
        </Anchor>
      </Stack>
    </form>
  );
}
