/**
 * What the plain HTTP endpoints (CSV export and import) share with GraphQL: the same caller,
 * the same permissions, and refusals in one JSON shape, `{ code, message, errors: [{ message,
 * extensions: { code } }] }` (plain callers read `code`; the SPA and GraphQL clients read
 * `errors`), with the HTTP status a browser or a service expects. Express's own errors (a body
 * that does not parse, an unknown route's failure) end in `lastResortErrorHandler`, in the same
 * shape: never an HTML page.
 */
import type { NextFunction, Request, Response } from "express";
import type { Credentials } from "../common/context";
import { DomainError, ErrorCode } from "../common/errors";
import { logger } from "../common/logger";
import { SESSION_COOKIE } from "../modules/auth/auth.service";
import type { Viewer } from "../modules/auth/viewer";
import type { Services } from "../services";
import { credentialsOf, viewerOf } from "./credentials";
import { noteErrorCode } from "./request-observation";

const STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.BadUserInput]: 400,
  [ErrorCode.BadRequest]: 400,
  [ErrorCode.PayloadTooLarge]: 413,
};

/** What the request presented; reads the session cookie parsed by cookie-parser. */
export function plainCredentials(request: Request): Credentials {
  const cookie: unknown = request.cookies?.[SESSION_COOKIE];
  return credentialsOf(request, typeof cookie === "string" ? cookie : undefined);
}

/** The caller, who must hold `permission`. */
export async function authorizedViewer(request: Request, services: Services, now: Date, permission: string): Promise<Viewer> {
  const viewer = await viewerOf(plainCredentials(request), services, now);
  if (!viewer) throw new DomainError(ErrorCode.Unauthenticated, "Sign in first.");
  if (!viewer.permissions.has(permission)) {
    throw new DomainError(ErrorCode.Forbidden, `This needs the ${permission} permission.`, { missingPermissions: [permission] });
  }
  return viewer;
}

export function refuse(response: Response, error: DomainError, status = STATUS[error.code] ?? 400): void {
  noteErrorCode(error.code);
  response.status(status).json({
    code: error.code,
    message: error.message,
    errors: [{ message: error.message, extensions: { code: error.code, ...error.details } }],
  });
}

/** body-parser's refusals (they carry `type` and a 4xx `status`), in words that name no library. */
const BODY_ERRORS: Record<string, { code: ErrorCode; message: string }> = {
  "entity.parse.failed": { code: ErrorCode.BadRequest, message: "The request body is not valid JSON." },
  "entity.too.large": { code: ErrorCode.PayloadTooLarge, message: "The request body is larger than this endpoint accepts." },
  "encoding.unsupported": { code: ErrorCode.BadRequest, message: "The request body's content encoding is not supported." },
  "charset.unsupported": { code: ErrorCode.BadRequest, message: "The request body's charset is not supported." },
  "request.aborted": { code: ErrorCode.BadRequest, message: "The request was aborted before its body arrived." },
  "request.size.invalid": { code: ErrorCode.BadRequest, message: "The request body is shorter than its Content-Length." },
};

/**
 * Express's error handler of last resort, for every route: a DomainError as itself, a
 * client's mistake (a 4xx from a body parser) with its status, anything else logged and masked
 * as INTERNAL_SERVER_ERROR. Registered last, with four arguments (http/app.ts).
 */
export function lastResortErrorHandler(error: unknown, request: Request, response: Response, next: NextFunction): void {
  if (response.headersSent) {
    // Mid-stream: the only honest signal left is a broken response.
    next(error);
    return;
  }
  if (error instanceof DomainError) return refuse(response, error);
  const status =
    (error as { status?: unknown; statusCode?: unknown } | null)?.status ??
    (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === "number" && status >= 400 && status < 500) {
    const type = (error as { type?: unknown }).type;
    const known = typeof type === "string" ? BODY_ERRORS[type] : undefined;
    const code = known?.code ?? (status === 413 ? ErrorCode.PayloadTooLarge : ErrorCode.BadRequest);
    return refuse(response, new DomainError(code, known?.message ?? "This request cannot be read as sent."), status);
  }
  logger.error({ err: error, method: request.method, path: request.path }, "request failed: answered INTERNAL_SERVER_ERROR");
  refuse(response, new DomainError(ErrorCode.InternalServerError, "Something went wrong on our side; it has been logged."), 500);
}
