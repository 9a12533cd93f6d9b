import { Menu, Tooltip } from "@mantine/core";
import type { ReactNode } from "react";
import { missingPermissionHint } from "../../modules/auth/hooks/use-permission";

interface GuardedMenuItemProps {
  /** The permission the item needs; without it the item is disabled and says so on hover. */
  permission: string;
  allowed: boolean;
  destructive?: boolean;
  onClick: () => void;
  testId: string;
  children: ReactNode;
}

/** A menu entry the agent may lack the permission for: disabled then, with the reason. */
export function GuardedMenuItem({ permission, allowed, destructive, onClick, testId, children }: GuardedMenuItemProps) {
  const item = (
    <Menu.Item color={destructive ? "red" : undefined} disabled={!allowed} onClick={onClick} data-testid={testId}>
      {children}
    </Menu.Item>
  );
  if (allowed) return item;
  return (
    <Tooltip label={missingPermissionHint(permission)} position="left" multiline w={260}>
      <div>{item}</div>
    </Tooltip>
  );
}
