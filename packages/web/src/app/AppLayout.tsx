import { useApolloClient } from "@apollo/client/react";
import { AppShell, Burger, Center, Group, Loader, Menu, NavLink, Text, UnstyledButton, Avatar } from "@mantine/core";
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
} from "@tabler/icons-react";
import { Link, Navigate, Outlet, useLocation, useNavigate } from "react-router";
import { useLogoutMutation, useMeQuery } from "../generated/graphql";
import { ChangePasswordModal } from "../modules/auth/components/ChangePasswordModal";
import { ErrorState } from "../shared/components/ErrorState";

// `permission`: shown only to agents who hold it (the page would only say they may not).
const NAVIGATION = [
  { to: "/users", label: "Users", icon: IconUsers },
  { to: "/team", label: "Team", icon: IconUserShield },
  { to: "/organizations", label: "Organizations", icon: IconBuilding },
  { to: "/import", label: "Import", icon: IconUpload, permission: "people.import" },
  { to: "/roles", label: "Roles", icon: IconShieldLock },
  { to: "/api-keys", label: "API keys", icon: IconKey, permission: "apiKeys.manage" },
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

  const signOut = async () => {
    await logout();
    // Nothing read while signed in may outlive the session.
    await client.clearStore();
    navigate("/sign-in", { replace: true });
  };

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: "sm", collapsed: { mobile: !opened } }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Navigation" />
            <Text fw={700} size="lg" component={Link} to="/users">
              Roster
            </Text>
          </Group>
          <Menu position="bottom-end">
            <Menu.Target>
              <UnstyledButton aria-label="Account">
                <Group gap="xs">
                  <Avatar size="sm" name={data.me.displayName} color="initials" />
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
      <ChangePasswordModal opened={changingPassword} onClose={changePassword.close} />
      <AppShell.Navbar p="xs">
        {NAVIGATION.filter(({ permission }) => !permission || data.me?.permissions.includes(permission)).map(
          ({ to, label, icon: Icon }) => (
            <NavLink
              key={to}
              component={Link}
              to={to}
              label={label}
              leftSection={<Icon size={18} />}
              active={location.pathname.startsWith(to)}
              onClick={close}
            />
          ),
        )}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
