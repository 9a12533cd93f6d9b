import { useApolloClient } from "@apollo/client/react";
import {
  AppShell,
  Burger,
  Center,
  Group,
  Loader,
  Menu,
  NavLink,
  Text,
  UnstyledButton,
  Avatar,
  VisuallyHidden,
} from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import {
  IconBuilding,
  IconChevronDown,
  IconHistory,
  IconKey,
  IconLock,
  IconLogout,
  IconShieldLock,
  IconUpload,
  IconUserShield,
  IconUsers,
  IconWebhook,
} from "@tabler/icons-react";
import { Fragment, lazy, Suspense } from "react";
import { Link, Navigate, Outlet, useLocation, useNavigate } from "react-router";
import { useLogoutMutation, useMeQuery } from "../generated/graphql";
import { ErrorState } from "../shared/components/ErrorState";
import { useFocusHeadingOnNavigation } from "../shared/hooks/use-focus-heading";
import { MAIN_CONTENT_ID, SkipLink } from "./SkipLink";

// Not needed for the first paint, so not in the first load (budget: e2e/bundle-budget.test.ts):
// the palette and the saved views arrive right after it, the password dialog when asked for.
const KeyboardCommands = lazy(() =>
  import("../modules/palette/components/KeyboardCommands").then((module) => ({ default: module.KeyboardCommands })),
);
// The saved views and segments under Users keep their own placeholders' height while they load.
const ViewsNavigation = lazy(() =>
  import("../modules/views/components/ViewsNavigation").then((module) => ({ default: module.ViewsNavigation })),
);
const ChangePasswordModal = lazy(() =>
  import("../modules/auth/components/ChangePasswordModal").then((module) => ({ default: module.ChangePasswordModal })),
);

// `permission`: shown only to agents who hold it (the page would only say they may not).
const NAVIGATION = [
  { to: "/users", label: "Users", icon: IconUsers },
  { to: "/team", label: "Team", icon: IconUserShield },
  { to: "/organizations", label: "Organizations", icon: IconBuilding },
  { to: "/import", label: "Import", icon: IconUpload, permission: "people.import" },
  { to: "/roles", label: "Roles", icon: IconShieldLock },
  { to: "/api-keys", label: "API keys", icon: IconKey, permission: "apiKeys.manage" },
  { to: "/webhooks", label: "Webhooks", icon: IconWebhook, permission: "webhooks.manage" },
  { to: "/audit", label: "Audit log", icon: IconHistory, permission: "audit.view" },
];

/** The signed-in frame: header, navigation, and the page. Signed-out visitors go to sign in. */
export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure();
  const [changingPassword, changePassword] = useDisclosure();
  const location = useLocation();
  const navigate = useNavigate();
  const client = useApolloClient();
  const { data, loading, error, refetch } = useMeQuery();
  useFocusHeadingOnNavigation();
  const [logout] = useLogoutMutation();

  // Only the first load: a later refetch of `me` must not unmount the page under it.
  if (loading && !data) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (error) {
    return (
      <Center h="100vh" p="md">
        <ErrorState error={error} onRetry={() => void refetch()} />
      </Center>
    );
  }
  if (!data?.me) {
    return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
  }

  // The navigation and the command palette offer the same pages.
  const navigation = NAVIGATION.filter(({ permission }) => !permission || data.me?.permissions.includes(permission));

  const signOut = async () => {
    await logout();
    // Nothing read while signed in may outlive the session.
    await client.clearStore();
    navigate("/sign-in", { replace: true });
  };

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: "sm", collapsed: { mobile: !opened } }} padding="lg">
      <SkipLink />
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Navigation" />
            <Text fw={700} size="lg" component={Link} to="/users">
              Roster
            </Text>
          </Group>
          <Menu position="bottom-end">
            {/* Named by what it shows (an aria-label would hide the name from voice control):
                "Account: <name>", the initials left out as they only repeat the name. */}
            <Menu.Target>
              <UnstyledButton>
                <Group gap="xs">
                  <VisuallyHidden>Account:</VisuallyHidden>
                  <Avatar size="sm" name={data.me.displayName} color="initials" aria-hidden />
                  <Text size="sm" visibleFrom="xs" data-testid="signed-in-agent">
                    {data.me.displayName}
                  </Text>
                  <IconChevronDown size={14} />
                </Group>
              </UnstyledButton>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>{data.me.email}</Menu.Label>
              <Menu.Item leftSection={<IconLock size={14} />} onClick={changePassword.open} data-testid="change-password">
                Change password
              </Menu.Item>
              <Menu.Item leftSection={<IconLogout size={14} />} onClick={() => void signOut()}>
                Sign out
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </AppShell.Header>
      <Suspense fallback={null}>
        {changingPassword && <ChangePasswordModal opened onClose={changePassword.close} />}
        <KeyboardCommands navigation={navigation} />
      </Suspense>
      {/* Saved views and segments can outgrow the screen: the navbar scrolls, not the page. */}
      <AppShell.Navbar p="xs" style={{ overflowY: "auto" }}>
        {navigation.map(({ to, label, icon: Icon }) => (
          <Fragment key={to}>
            <NavLink
              component={Link}
              to={to}
              label={label}
              leftSection={<Icon size={18} />}
              active={location.pathname.startsWith(to)}
              onClick={close}
            />
            {to === "/users" && (
              <Suspense fallback={null}>
                <ViewsNavigation onNavigate={close} />
              </Suspense>
            )}
          </Fragment>
        ))}
      </AppShell.Navbar>
      <AppShell.Main id={MAIN_CONTENT_ID} tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
