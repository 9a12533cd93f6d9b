import { Button, Stack, Text, Title } from "@mantine/core";
import { Link } from "react-router";

export function NotFoundPage() {
  return (
    <Stack align="flex-start">
      <Title order={1} size="h2" tabIndex={-1}>
        Page not found
      </Title>
      <Text c="dimmed">There is nothing at this address. It may have been a link to something that was removed.</Text>
      <Button component={Link} to="/users" variant="light">
        Go to Users
      </Button>
    </Stack>
  );
}
