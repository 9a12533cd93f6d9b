/**
 * Who is calling, for GraphQL and for the plain HTTP endpoints alike: the session cookie of an
 * agent, or `Authorization: Bearer` for a service. A bearer token that does not work is refused
 * (UNAUTHENTICATED), never taken as "no caller".
 */
import type { Request } from "express";
import type { Credentials } from "../common/context";
import { DomainError, ErrorCode } from "../common/errors";
import type { Viewer } from "../modules/auth/viewer";
import type { Services } from "../services";

export function credentialsOf(request: Request, sessionToken: string | undefined): Credentials {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? "")?.[1];
  return { sessionToken, bearerToken: bearer, address: request.ip ?? "unknown" };
}

export async function viewerOf(credentials: Credentials, services: Services, now: Date): Promise<Viewer | null> {
  if (credentials.bearerToken !== undefined) {
    const viewer = await services.apiKeys.viewerFor(credentials.bearerToken, now);
    if (!viewer) throw new DomainError(ErrorCode.Unauthenticated, "This API key is unknown, revoked or expired.");
    return viewer;
  }
  return credentials.sessionToken ? services.auth.viewerFor(credentials.sessionToken, now) : null;
}
