/**
 * The paths the server answers itself; every other path is the SPA's (its index.html). Read by
 * the server's SPA fallback and by the SPA's dev server (packages/web/vite.config.ts), which
 * proxies exactly these to the API, so `pnpm dev` and `pnpm start` route alike.
 * A prefix ending in "/" covers only what is under it: /import is the SPA's import page,
 * /import/… the server's upload endpoints.
 */
export const SERVER_PATHS = [
  "/graphql",
  "/healthz",
  "/readyz",
  "/metrics",
  "/account/",
  "/export/",
  "/import/",
  "/scim/",
] as const;

/** Whether a request path is one of the server's own (see SERVER_PATHS). */
export function isServerPath(pathname: string): boolean {
  return SERVER_PATHS.some((prefix) =>
    prefix.endsWith("/") ? pathname.startsWith(prefix) : pathname === prefix || pathname.startsWith(`${prefix}/`),
  );
}
