import { Alert, Anchor, Button, Center, Group, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useState, type FormEvent } from "react";
import { useLocation, useNavigate } from "react-router";
import { MeDocument, useLoginMutation } from "../../../generated/graphql";
import { describeError, hasErrorCode } from "../../../shared/lib/errors";
import { ForgotPasswordForm } from "../components/ForgotPasswordForm";

/**
 * Agent sign-in. The server sets the session cookie; the agent goes back where they were headed.
 * "Forgot password?" swaps the form for a reset request.
 */
export function SignInPage() {
  const navigate = useNavigate();
  const location = useLocation();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [forgot, setForgot] = useState(false);
  const [login, { loading, error }] = useLoginMutation({
    // The shell reads `me`: write the agent there so it does not ask again.
    update: (cache, { data }) => {
      if (data) cache.writeQuery({ query: MeDocument, data: { me: data.login } });
    },
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await login({ variables: { email, password } }).catch(() => undefined);
    if (result?.data) {
      const from = (location.state as { from?: string } | null)?.from;
      navigate(from && from !== "/sign-in" ? from : "/users", { replace: true });
    }
  };

  const message = error
    ? hasErrorCode(error, "INVALID_CREDENTIALS")
      ? "Wrong email or password."
      : describeError(error).message
    : null;

  if (forgot) {
    return (
      <Center mih="100vh" p="md" bg="var(--mantine-color-gray-light)">
        <Paper withBorder shadow="sm" p="xl" w={380}>
          <ForgotPasswordForm initialEmail={email} onBack={() => setForgot(false)} />
        </Paper>
      </Center>
    );
  }

  return (
    <Center mih="100vh" p="md" bg="var(--mantine-color-gray-light)">
      <Paper withBorder shadow="sm" p="xl" w={380} component="form" onSubmit={submit}>
        <Stack>
          <div>
            <Title order={1} size="h2">
              Roster
            </Title>
            <Text c="dimmed" size="sm">
              Sign in to the people back office.
            </Text>
          </div>
          {message && (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
              {message}
            </Alert>
          )}
          <TextInput
            label="Email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.currentTarget.value)}
            data-testid="login-email"
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            data-testid="login-password"
          />
          <Group justify="flex-end" mt={-8}>
            <Anchor component="button" type="button" size="sm" onClick={() => setForgot(true)} data-testid="forgot-password">
              Forgot password?
            </Anchor>
          </Group>
          <Button type="submit" loading={loading} data-testid="login-submit">
            Sign in
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}
