/**
 * What the plain HTTP endpoints (CSV export and import) share with GraphQL: the same caller,
 * the same permissions, and refusals in the same shape, `{ errors: [{ message, extensions }] }`,
 * with the HTTP status a browser or a service expects.
 */
import type { Request, Response } from "express";
import { DomainError, ErrorCode } from "../common/errors";
import { SESSION_COOKIE } from "../modules/auth/auth.service";
import type { Viewer } from "../modules/auth/viewer";
import type { Services } from "../services";
import { credentialsOf, viewerOf } from "./credentials";

const STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.BadUserInput]: 400,
};

/** The caller, who must hold `permission`; reads the session cookie parsed by cookie-parser. */
export async function authorizedViewer(request: Request, services: Services, now: Date, permission: string): Promise<Viewer> {
  const cookie: unknown = request.cookies?.[SESSION_COOKIE];
  const viewer = await viewerOf(credentialsOf(request, typeof cookie === "string" ? cookie : undefined), services, now);
  if (!viewer) throw new DomainError(ErrorCode.Unauthenticated, "Sign in first.");
  if (!viewer.permissions.has(permission)) {
    throw new DomainError(ErrorCode.Forbidden, `This needs the ${permission} permission.`, { missingPermissions: [permission] });
  }
  return viewer;
}

export function refuse(response: Response, error: DomainError, status = STATUS[error.code] ?? 400): void {
  response.status(status).json({ errors: [{ message: error.message, extensions: { code: error.code, ...error.details } }] });
}
