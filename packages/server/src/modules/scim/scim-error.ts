/**
 * SCIM's error contract (RFC 7644 §3.12): every refusal of /scim/v2 is a body of the Error
 * schema with `status` as a string and, where the RFC names one, a `scimType`. Roster's domain
 * errors are translated here in one switch, so the services below keep throwing DomainError.
 */
import { DomainError, ErrorCode, isUniqueViolation } from "../../common/errors";
import { isConnectionFailure, isLockConflict } from "../../database/database-errors";

export const SCIM_ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

/** The `scimType` values RFC 7644 §3.12 defines (those Roster answers). */
export type ScimType =
  "invalidFilter" | "tooMany" | "uniqueness" | "mutability" | "invalidSyntax" | "invalidPath" | "noTarget" | "invalidValue";

export class ScimError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly scimType?: ScimType,
  ) {
    super(message);
    this.name = "ScimError";
  }
}

export interface ScimErrorBody {
  schemas: [typeof SCIM_ERROR_SCHEMA];
  status: string;
  scimType?: ScimType;
  detail: string;
}

export function scimErrorBody(error: ScimError): ScimErrorBody {
  return {
    schemas: [SCIM_ERROR_SCHEMA],
    status: String(error.status),
    ...(error.scimType ? { scimType: error.scimType } : {}),
    detail: error.message,
  };
}

/** A DomainError, a database refusal or anything else as SCIM sees it; null for an unexpected failure (logged, masked as 500). */
export function asScimError(error: unknown): ScimError | null {
  if (error instanceof ScimError) return error;
  if (error instanceof DomainError) return fromDomainError(error);
  // Two creations raced past the writer's "is it free?" check; the database kept the first.
  if (isUniqueViolation(error)) return new ScimError(409, "This conflicts with a person that was just created.", "uniqueness");
  if (isLockConflict(error)) return new ScimError(409, "Someone else is changing this person right now; try again in a moment.");
  if (isConnectionFailure(error)) return new ScimError(503, "The database is not answering; try again in a moment.");
  return null;
}

function fromDomainError(error: DomainError): ScimError {
  switch (error.code) {
    case ErrorCode.Unauthenticated:
    case ErrorCode.InvalidCredentials:
      return new ScimError(401, error.message);
    case ErrorCode.Forbidden:
      return new ScimError(403, error.message);
    case ErrorCode.NotFound:
      return new ScimError(404, error.message);
    case ErrorCode.Conflict: {
      const argument = error.details.argument;
      // The writers name the taken field (a person's email or username, a role's name); a stale version is the other conflict.
      if (argument === "email" || argument === "username" || argument === "name")
        return new ScimError(409, error.message, "uniqueness");
      if ("currentVersion" in error.details) return new ScimError(412, error.message);
      return new ScimError(409, error.message);
    }
    case ErrorCode.BadUserInput:
      return new ScimError(400, error.message, "invalidValue");
    case ErrorCode.InvalidTransition:
    case ErrorCode.UserBanned:
    case ErrorCode.UserTrashed:
    case ErrorCode.UserNotActivated:
      // The person's state refuses the change (the last administrator, say): the value cannot be set now.
      return new ScimError(409, error.message);
    case ErrorCode.BadRequest:
      return new ScimError(400, error.message, "invalidSyntax");
    case ErrorCode.PayloadTooLarge:
      return new ScimError(413, error.message);
    case ErrorCode.RateLimited:
    case ErrorCode.TooManyAttempts:
      return new ScimError(429, error.message);
    case ErrorCode.ServiceUnavailable:
      return new ScimError(503, error.message);
    case ErrorCode.QueryTimeout:
      return new ScimError(503, error.message);
    case ErrorCode.InvalidToken:
    case ErrorCode.QueryTooDeep:
    case ErrorCode.TooManyAliases:
    case ErrorCode.TooManyDirectives:
    case ErrorCode.TooManyTokens:
    case ErrorCode.QueryTooCostly:
    case ErrorCode.TooManyFields:
      return new ScimError(400, error.message);
    case ErrorCode.InternalServerError:
      return new ScimError(500, error.message);
  }
}
