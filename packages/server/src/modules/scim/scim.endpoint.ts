/**
 * `/scim/v2`: SCIM 2.0 provisioning (RFC 7643, RFC 7644) for identity providers (Okta, Entra
 * ID), mounted by http/app.ts. Bearer authentication only, by an API key with scim.provision
 * (a session cookie is not read: no browser should provision). Bodies are read as
 * application/scim+json or application/json; answers are application/scim+json, refusals in
 * SCIM's error schema (scim-error.ts). This layer reads the request and writes the answer; the
 * work is ScimUserService's (people) and ScimGroupService's (roles).
 */
import express, { type NextFunction, type Request, type Response } from "express";
import type { Clock } from "../../common/clock";
import { logger } from "../../common/logger";
import { credentialsOf, viewerOf } from "../../http/credentials";
import { noteErrorCode, resumeRequestContext } from "../../http/request-observation";
import type { Services } from "../../services";
import { actorOf, type Actor } from "../audit/actor";
import { Permission } from "../roles/permissions";
import { DEFAULT_COUNT, listOf, MAX_BODY_BYTES, resourceTypes, schemas, serviceProviderConfig } from "./scim-discovery";
import { asScimError, ScimError, scimErrorBody } from "./scim-error";
import type { ScimGroup } from "./scim-group.mapper";
import { pathsOf, project, returns } from "./scim-projection";
import type { ScimUser } from "./scim-user.mapper";
import type { ScimListQuery, ScimReading, ScimResourceService } from "./scim-list";

const SCIM_JSON = "application/scim+json; charset=utf-8";

/** The API key each authenticated request acts as (set by the first middleware, read by the routes). */
const actors = new WeakMap<Request, Actor>();

function send(response: Response, status: number, body: unknown): void {
  response.status(status).type(SCIM_JSON).send(JSON.stringify(body));
}

/** `…/scim/v2` as the caller reached it (behind a proxy, as ROSTER_TRUST_PROXY lets Express read it). */
function baseUrlOf(request: Request): string {
  return `${request.protocol}://${request.get("host")}${request.baseUrl}`;
}

function queryText(request: Request, name: string): string | undefined {
  const value = request.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw new ScimError(400, `${name} may be given once.`, "invalidValue");
  return value;
}

function queryInteger(request: Request, name: string, fallback: number): number {
  const value = queryText(request, name);
  if (value === undefined) return fallback;
  if (!/^-?\d{1,9}$/.test(value)) throw new ScimError(400, `${name} must be an integer.`, "invalidValue");
  return Number(value);
}

function listQuery(request: Request): ScimListQuery {
  const sortOrder = queryText(request, "sortOrder") ?? "ascending";
  if (sortOrder !== "ascending" && sortOrder !== "descending") {
    throw new ScimError(400, "sortOrder must be ascending or descending.", "invalidValue");
  }
  return {
    filter: queryText(request, "filter"),
    startIndex: queryInteger(request, "startIndex", 1),
    count: queryInteger(request, "count", DEFAULT_COUNT),
    sortBy: queryText(request, "sortBy"),
    sortOrder,
  };
}

/** A User or Group as asked by `attributes` / `excludedAttributes`. */
function shaped(request: Request, resource: ScimUser | ScimGroup): Record<string, unknown> {
  return project({ ...resource }, pathsOf(request.query.attributes), pathsOf(request.query.excludedAttributes));
}

function readingOf(request: Request, now: Date): ScimReading {
  const attributes = pathsOf(request.query.attributes);
  const excluded = pathsOf(request.query.excludedAttributes);
  return { baseUrl: baseUrlOf(request), now, returned: (attribute) => returns(attribute, attributes, excluded) };
}

function sendResource(request: Request, response: Response, status: number, resource: ScimUser | ScimGroup): void {
  response.setHeader("ETag", resource.meta.version);
  if (status === 201) response.setHeader("Location", resource.meta.location);
  send(response, status, shaped(request, resource));
}

async function authenticate(request: Request, services: Services, now: Date): Promise<Actor> {
  const credentials = credentialsOf(request, undefined);
  if (credentials.bearerToken === undefined) {
    throw new ScimError(401, "Send a Roster API key with the scim.provision permission as Authorization: Bearer <key>.");
  }
  const viewer = await viewerOf(credentials, services, now);
  if (!viewer?.permissions.has(Permission.ScimProvision)) {
    throw new ScimError(403, `This API key lacks the ${Permission.ScimProvision} permission.`);
  }
  return actorOf(viewer);
}

/** Express's body parser refusals (a 4xx with a `type`), as SCIM words them. */
function bodyError(error: unknown): ScimError | null {
  const { status, type } = (error ?? {}) as { status?: unknown; type?: unknown };
  if (typeof status !== "number" || status < 400 || status >= 500) return null;
  if (type === "entity.too.large") return new ScimError(413, `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
  if (type === "entity.parse.failed") return new ScimError(400, "The request body is not valid JSON.", "invalidSyntax");
  return new ScimError(status, "This request body cannot be read as sent.", "invalidSyntax");
}

function scimErrors(error: unknown, request: Request, response: Response, next: NextFunction): void {
  if (response.headersSent) return next(error);
  const known = asScimError(error) ?? bodyError(error);
  if (!known) logger.error({ err: error, method: request.method, path: request.path }, "SCIM request failed: answered 500");
  const answer = known ?? new ScimError(500, "Something went wrong on our side; it has been logged.");
  noteErrorCode(answer.scimType ?? `SCIM_${answer.status}`);
  if (answer.status === 401) response.setHeader("WWW-Authenticate", 'Bearer realm="Roster SCIM"');
  send(response, answer.status, scimErrorBody(answer));
}

type Route = (work: (request: Request, response: Response, actor: Actor, now: Date) => Promise<void>) => express.RequestHandler;

/** One resource type's routes (RFC 7644 §3): list, read, create, replace, patch, delete. */
function serve<Resource extends ScimUser | ScimGroup>(
  router: express.Router,
  route: Route,
  path: string,
  service: ScimResourceService<Resource>,
): void {
  router.get(
    path,
    route(async (request, response, _actor, now) => {
      const list = await service.list(listQuery(request), readingOf(request, now));
      send(response, 200, { ...list, Resources: list.Resources.map((resource) => shaped(request, resource)) });
    }),
  );
  router.get(
    `${path}/:id`,
    route(async (request, response, _actor, now) =>
      sendResource(request, response, 200, await service.get(request.params.id as string, readingOf(request, now))),
    ),
  );
  router.post(
    path,
    route(async (request, response, actor, now) =>
      sendResource(request, response, 201, await service.create(actor, request.body, baseUrlOf(request), now)),
    ),
  );
  // PUT replaces, PATCH modifies; both answer the resource as it is now.
  for (const method of ["put", "patch"] as const) {
    router[method](
      `${path}/:id`,
      route(async (request, response, actor, now) => {
        const write = method === "put" ? service.replace : service.patch;
        const id = request.params.id as string;
        const resource = await write.call(service, actor, id, request.body, request.get("if-match"), baseUrlOf(request), now);
        sendResource(request, response, 200, resource);
      }),
    );
  }
  router.delete(
    `${path}/:id`,
    route(async (request, response, actor, now) => {
      await service.delete(actor, request.params.id as string, request.get("if-match"), now);
      response.status(204).end();
    }),
  );
}

export function scimEndpoint(services: Services, clock: Clock): express.Router {
  const router = express.Router();
  /** A route's work, with the failures handed to the SCIM error handler. */
  const route: Route = (work) => async (request, response, next) => {
    try {
      await work(request, response, actors.get(request)!, clock());
    } catch (error) {
      next(error);
    }
  };

  // Who is calling, before any body is read.
  router.use(async (request, _response, next) => {
    try {
      actors.set(request, await authenticate(request, services, clock()));
      next();
    } catch (error) {
      next(error);
    }
  });
  router.use(
    express.json({ type: ["application/json", "application/scim+json"], limit: MAX_BODY_BYTES }),
    // Back in the request's context (its id, its SQL statement tally) after reading the body.
    resumeRequestContext,
  );

  router.get(
    "/ServiceProviderConfig",
    route(async (request, response) => send(response, 200, serviceProviderConfig(baseUrlOf(request)))),
  );
  router.get(
    "/ResourceTypes",
    route(async (request, response) => send(response, 200, listOf(resourceTypes(baseUrlOf(request))))),
  );
  router.get(
    "/ResourceTypes/:id",
    route(async (request, response) => {
      const found = resourceTypes(baseUrlOf(request)).find((type) => type.id === request.params.id);
      if (!found) throw new ScimError(404, `There is no resource type ${request.params.id}.`);
      send(response, 200, found);
    }),
  );
  router.get(
    "/Schemas",
    route(async (request, response) => send(response, 200, listOf(schemas(baseUrlOf(request))))),
  );
  router.get(
    "/Schemas/:id",
    route(async (request, response) => {
      const found = schemas(baseUrlOf(request)).find((schema) => schema.id === request.params.id);
      if (!found) throw new ScimError(404, `There is no schema ${request.params.id}.`);
      send(response, 200, found);
    }),
  );

  serve(router, route, "/Users", services.scimUsers);
  serve(router, route, "/Groups", services.scimGroups);
  router.post(
    "/Bulk",
    route(async () => {
      throw new ScimError(501, "Bulk operations are not supported (ServiceProviderConfig says so).");
    }),
  );

  router.use((request) => {
    throw new ScimError(404, `There is nothing at ${request.method} ${request.baseUrl}${request.path}.`);
  });
  router.use(scimErrors);
  return router;
}
