import { Button, Tooltip, type ButtonProps } from "@mantine/core";
import type { ReactNode } from "react";
import { missingPermissionHint, usePermission } from "../../modules/auth/hooks/use-permission";

interface PermissionButtonProps extends ButtonProps {
  /** What the server requires for what the button does; without it the button says so on hover. */
  permission: string;
  onClick: () => void;
  testId: string;
  children: ReactNode;
}

/** A button the agent may lack the permission for (as GuardedMenuItem is for menus). */
export function PermissionButton({ permission, onClick, testId, children, ...props }: PermissionButtonProps) {
  const allowed = usePermission(permission);
  return (
    <Tooltip label={missingPermissionHint(permission)} disabled={allowed} multiline w={260}>
      {/* data-disabled rather than disabled: a disabled button gets no hover, so no tooltip. */}
      <Button
        {...props}
        onClick={() => {
          if (allowed) onClick();
        }}
        data-disabled={!allowed || undefined}
        aria-disabled={!allowed}
        data-testid={testId}
      >
        {children}
      </Button>
    </Tooltip>
  );
}
