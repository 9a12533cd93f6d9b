import { useMeQuery } from "../../../generated/graphql";

/**
 * Whether the signed-in agent holds a permission, read from the `me` query the shell has already
 * loaded. Only for showing or hiding controls: the server checks every operation itself.
 */
export function usePermission(permission: string): boolean {
  const { data } = useMeQuery({ fetchPolicy: "cache-first" });
  return data?.me?.permissions.includes(permission) ?? false;
}

/** The sentence a disabled control shows when the agent lacks its permission. */
export function missingPermissionHint(permission: string): string {
  return `You need the "${permission}" permission for this. Ask an administrator for a role that has it.`;
}
