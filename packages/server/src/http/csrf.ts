/**
 * Cross-site request forgery, one rule for /graphql (Apollo's csrfPrevention, configured with
 * these headers) and the CSV import: a request a browser would send cross-site without asking
 * first (a "simple" request: no content type, or text/plain, a form's, with no custom header)
 * is refused. A preflighted content type (application/json, text/csv), one of CSRF_HEADERS, or
 * an `Authorization` header (API keys; a browser never adds one by itself) lets it through.
 */
import type { NextFunction, Request, Response } from "express";
import { DomainError, ErrorCode } from "../common/errors";
import { refuse } from "./plain-endpoint";

/** Headers a cross-site page cannot add without a CORS preflight, which Roster never grants. */
export const CSRF_HEADERS = ["x-roster-csrf", "apollo-require-preflight", "x-apollo-operation-name"] as const;

const SIMPLE_CONTENT_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"]);

export function looksForged(request: Request): boolean {
  const contentType = request.headers["content-type"];
  if (contentType !== undefined) {
    const essence = contentType.split(";")[0].trim().toLowerCase();
    if (essence !== "" && !SIMPLE_CONTENT_TYPES.has(essence)) return false;
  }
  if (request.headers.authorization) return false;
  return !CSRF_HEADERS.some((header) => {
    const value = request.headers[header];
    return typeof value === "string" && value.length > 0;
  });
}

/** Express middleware for the endpoints that change something with a body (the CSV import). */
export function csrfGuard(request: Request, response: Response, next: NextFunction): void {
  if (request.method === "GET" || request.method === "HEAD" || !looksForged(request)) return next();
  request.resume();
  refuse(
    response,
    new DomainError(
      ErrorCode.BadRequest,
      `This request was refused as a possible cross-site request forgery: send the file as text/csv, or with an ${CSRF_HEADERS[0]} header.`,
    ),
    400,
  );
}
