import type { AuthChecker } from "type-graphql";
import type { RequestContext } from "../../common/context";
import { DomainError, ErrorCode } from "../../common/errors";

/**
 * The one place `@Authorized(permission, …)` is enforced: the caller needs every listed
 * permission. No caller is UNAUTHENTICATED; a caller without the permission is FORBIDDEN.
 */
export const authChecker: AuthChecker<RequestContext, string> = ({ context }, permissions) => {
  const { viewer } = context;
  if (!viewer) throw new DomainError(ErrorCode.Unauthenticated, "Sign in first.");
  const missing = permissions.filter((permission) => !viewer.permissions.has(permission));
  if (missing.length > 0) {
    throw new DomainError(ErrorCode.Forbidden, `This needs the ${missing.join(", ")} permission.`, {
      missingPermissions: missing,
    });
  }
  return true;
};
