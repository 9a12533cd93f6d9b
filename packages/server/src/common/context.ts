/**
 * What every resolver receives: the request's clock, the caller, the services, and a fresh set
 * of DataLoaders (a new set per request, so nothing cached leaks between callers).
 */
import type { Loaders } from "../loaders";
import type { Services } from "../services";
import type { Viewer } from "../modules/auth/viewer";

export interface SessionCookie {
  token: string | undefined;
  set(token: string, expiresAt: Date): void;
  clear(): void;
}

/** What the request presented, read without touching the database. */
export interface Credentials {
  /** The agent's session cookie. */
  sessionToken?: string;
  /** `Authorization: Bearer …`: a service's API key. */
  bearerToken?: string;
  /** The client's address: whom a request without credentials is rate-limited as. */
  address: string;
}

export interface RequestContext {
  /** "now" for everything this request reads: ended bans, `now-30d` in segments. */
  now: Date;
  credentials: Credentials;
  /**
   * The caller, resolved from the credentials only once the operation has parsed and validated
   * (see http/request-gate.ts): a query refused by the limits runs no SQL at all.
   */
  viewer: Viewer | null;
  services: Services;
  loaders: Loaders;
  session: SessionCookie;
}
