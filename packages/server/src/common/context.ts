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

export interface RequestContext {
  /** "now" for everything this request reads: ended bans, `now-30d` in segments. */
  now: Date;
  viewer: Viewer | null;
  services: Services;
  loaders: Loaders;
  session: SessionCookie;
}
