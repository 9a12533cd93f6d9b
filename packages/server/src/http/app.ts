/**
 * The one HTTP port: health checks, metrics at /metrics, GraphQL at /graphql, the modules' CSV
 * endpoints at /import and /export, SCIM provisioning at /scim/v2, and the built SPA at / (with an index.html fallback so
 * client-side routes survive a reload).
 */
import fs from "node:fs";
import path from "node:path";
import type { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import cookieParser from "cookie-parser";
import express, { type Request, type Response } from "express";
import helmet from "helmet";
import type { DataSource } from "typeorm";
import type { Clock } from "../common/clock";
import type { RequestContext, SessionCookie } from "../common/context";
import type { Config } from "../config/config";
import { createLoaders } from "../loaders";
import { SESSION_COOKIE } from "../modules/auth/auth.service";
import { exportEndpoint } from "../modules/exports/export.endpoint";
import { importEndpoint } from "../modules/imports/import.endpoint";
import { scimEndpoint } from "../modules/scim/scim.endpoint";
import type { Services } from "../services";
import { accountPages } from "./account-pages";
import { credentialsOf } from "./credentials";
import { isServerPath } from "./server-paths";
import { csrfGuard } from "./csrf";
import { countingLimits } from "./query-limits";
import { metricsEndpoint, type RosterMetrics } from "./metrics";
import { lastResortErrorHandler, refuse } from "./plain-endpoint";
import type { ReadRouting } from "./read-routing";
import { observeRequests, resumeRequestContext } from "./request-observation";
import { DomainError, ErrorCode } from "../common/errors";

/** /readyz answers 503 if the database has not answered `SELECT 1` by then (orchestrators probe with a 2 s budget or more). */
const READINESS_TIMEOUT_MS = 1_500;

export interface AppDependencies {
  config: Pick<Config, "nodeEnv" | "webDir" | "metricsToken">;
  dataSource: DataSource;
  services: Services;
  apollo: ApolloServer<RequestContext>;
  clock: Clock;
  metrics: RosterMetrics;
  readRouting: ReadRouting;
}

function sessionCookie(request: Request, response: Response, secure: boolean): SessionCookie {
  const options = { httpOnly: true, sameSite: "lax", secure, path: "/" } as const;
  const token: unknown = request.cookies?.[SESSION_COOKIE];
  return {
    token: typeof token === "string" && token !== "" ? token : undefined,
    set: (value, expiresAt) => response.cookie(SESSION_COOKIE, value, { ...options, expires: expiresAt }),
    clear: () => response.clearCookie(SESSION_COOKIE, options),
  };
}

/**
 * Express's `trust proxy` from ROSTER_TRUST_PROXY (README "Configuration"): unset, only a proxy
 * on the same machine (loopback) is believed about the client's address; a number is that many
 * hops; otherwise a comma-separated list of addresses, subnets or Express's names
 * (loopback, linklocal, uniquelocal). `true`/`false` as written. It decides `request.ip`, which
 * the rate limiter charges when a caller has no key or session.
 */
export function trustProxySetting(value: string | undefined): boolean | number | string {
  const text = value?.trim() ?? "";
  if (text === "") return "loopback";
  if (text === "true") return true;
  if (text === "false") return false;
  if (/^\d+$/.test(text)) return Number(text);
  return text
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean)
    .join(",");
}

/**
 * The security headers of every response (helmet): a strict Content-Security-Policy the built
 * SPA passes (its only script is a same-origin module; Mantine injects <style> elements at
 * runtime, hence 'unsafe-inline' for styles only), no framing, nosniff, no referrer across
 * origins, and HSTS in production only (development runs over plain http on localhost).
 */
function securityHeaders(production: boolean): express.RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        "base-uri": ["'self'"],
        "script-src": ["'self'"],
        "script-src-attr": ["'none'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        ...(production ? { "upgrade-insecure-requests": [] } : {}),
      },
    },
    frameguard: { action: "deny" },
    referrerPolicy: { policy: "strict-origin-when-cross-origin" },
    strictTransportSecurity: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
}

/** What the SPA build writes beside each asset (packages/web/vite.config.ts), best first. */
const PRECOMPRESSED = [
  { encoding: "br", suffix: ".br" },
  { encoding: "gzip", suffix: ".gz" },
] as const;

// The build's file names: one folder, no path (so nothing here can reach outside it).
const ASSET_NAME = /^\/\w[\w.-]*$/;

const IMMUTABLE = { immutable: true, maxAge: "1y" } as const;

/**
 * Serves an asset's brotli or gzip twin, compressed once at build time, to a browser that accepts
 * it: no CPU per request, and brotli's better ratio. Falls through to the plain file otherwise.
 */
function precompressedAssets(assetsDir: string): express.RequestHandler {
  return (request, response, next) => {
    if ((request.method !== "GET" && request.method !== "HEAD") || !ASSET_NAME.test(request.path)) return next();
    // Caches must keep one copy per encoding of the same URL.
    response.vary("Accept-Encoding");
    // Our order, not the header's: browsers list gzip before br, at the same weight.
    const variant = PRECOMPRESSED.find((candidate) => request.acceptsEncodings(candidate.encoding) === candidate.encoding);
    if (!variant) return next();
    const file = path.join(assetsDir, request.path.slice(1));
    if (!fs.existsSync(file + variant.suffix)) return next();
    // The type of the asset, not of its .br/.gz file (sendFile keeps a type already set).
    response.type(path.extname(file));
    response.setHeader("Content-Encoding", variant.encoding);
    response.sendFile(file + variant.suffix, IMMUTABLE, (error) => {
      if (!error || response.headersSent) return;
      // Gone since the check (a build replacing the folder): the plain file may still be there.
      response.removeHeader("Content-Encoding");
      response.removeHeader("Content-Type");
      next();
    });
  };
}

function serveSpa(app: express.Express, webDir: string): void {
  const indexFile = path.join(webDir, "index.html");
  if (!fs.existsSync(indexFile)) {
    app.get("/", (_request, response) => {
      response
        .type("text/plain")
        .send(`Roster's API is running at /graphql. The web app is not built: run \`pnpm build\` (looked in ${webDir}).`);
    });
    return;
  }
  // Hashed assets never change under their name; index.html must always be fresh.
  const assetsDir = path.join(webDir, "assets");
  app.use("/assets", precompressedAssets(assetsDir), express.static(assetsDir, { ...IMMUTABLE, fallthrough: false }));
  app.use(express.static(webDir, { index: false }));
  app.get(/.*/, (request, response, next) => {
    if (isServerPath(request.path)) return next();
    response.setHeader("Cache-Control", "no-cache");
    response.sendFile(indexFile);
  });
}

export function createHttpApp({
  config,
  dataSource,
  services,
  apollo,
  clock,
  metrics,
  readRouting,
}: AppDependencies): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", trustProxySetting(process.env.ROSTER_TRUST_PROXY));
  // First, so every response (a refusal, a 404) has a request id and an access line.
  app.use(observeRequests(metrics));
  app.use(securityHeaders(config.nodeEnv === "production"));

  app.get("/healthz", (_request, response) => {
    response.json({ status: "ok" });
  });
  app.get("/metrics", metricsEndpoint(metrics, config.metricsToken));
  // One database probe at a time, shared by concurrent polls: a frozen database must not collect
  // a pending query per poll (the driver ends each within seconds, data-source.ts).
  let readinessProbe: Promise<unknown> | undefined;
  app.get("/readyz", async (_request, response) => {
    readinessProbe ??= dataSource.query("SELECT 1").finally(() => {
      readinessProbe = undefined;
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), READINESS_TIMEOUT_MS);
    });
    try {
      const outcome = await Promise.race([readinessProbe.then(() => "ready" as const), timedOut]);
      if (outcome === "ready") response.json({ status: "ready" });
      else response.status(503).json({ status: "database not answering" });
    } catch {
      response.status(503).json({ status: "database unreachable" });
    } finally {
      clearTimeout(timer);
    }
  });

  const secureCookies = config.nodeEnv === "production";
  app.use(
    "/graphql",
    cookieParser(),
    express.json({ limit: "1mb" }),
    // Back in the request's context (its id, its SQL statement tally) after reading the body.
    resumeRequestContext,
    countingLimits(config.nodeEnv !== "production"),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<RequestContext> => {
        const now = clock();
        const session = sessionCookie(req, res, secureCookies);
        return {
          now,
          credentials: credentialsOf(req, session.token),
          viewer: null,
          services,
          session,
          loaders: createLoaders(services, now),
        };
      },
    }),
  );

  app.use("/account", accountPages(services, clock));
  app.use("/export", cookieParser(), exportEndpoint(services, clock, readRouting));
  app.use("/import", cookieParser(), csrfGuard, importEndpoint(services, clock));
  // Bearer keys only, so neither cookies nor the CSRF guard (which protects cookie sessions).
  app.use("/scim/v2", scimEndpoint(services, clock));
  serveSpa(app, config.webDir);
  // Nothing else answers: JSON, never Express's HTML pages.
  app.use((request, response) => {
    refuse(response, new DomainError(ErrorCode.NotFound, `There is nothing at ${request.method} ${request.path}.`), 404);
  });
  app.use(lastResortErrorHandler);
  return app;
}
