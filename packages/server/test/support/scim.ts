/**
 * What the SCIM test files share: the schemas' URNs, one request to /scim/v2 with an API key,
 * the assertion that an answer is a SCIM error, and the SQL statement count of a request read
 * off its access log line.
 */
import type { GraphQLClient } from "./graphql-client";

export const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
export const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

/** A SCIM answer's body, read loosely: a User, a Group, a list, a schema or an error, as each test expects. */
export interface Body {
  [attribute: string]: unknown;
  id: string;
  schemas: string[];
  status: string;
  scimType?: string;
  detail: string;
  userName: string;
  displayName: string;
  active: boolean;
  members?: { value: string; display: string; $ref: string }[];
  meta: { version: string; location: string };
  totalResults: number;
  itemsPerPage: number;
  Resources: Body[];
  attributes: { name: string }[];
}

export interface Answer {
  status: number;
  headers: Headers;
  body: Body;
}

export interface ScimRequestOptions {
  body?: unknown;
  raw?: string;
  /** Another key's secret, or null for none. */
  secret?: string | null;
  headers?: Record<string, string>;
}

export async function createApiKey(
  admin: GraphQLClient,
  name: string,
  permissions: string[],
): Promise<{ id: string; secret: string }> {
  const { createApiKey: created } = await admin.data<{ createApiKey: { secret: string; apiKey: { id: string } } }>(
    "mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } } }",
    { input: { name, permissions } },
  );
  return { id: created.apiKey.id, secret: created.secret };
}

/** One request to `${rosterUrl}/scim/v2${path}`, with `secret` as the bearer unless the options say otherwise. */
export async function scimRequest(
  rosterUrl: string,
  secret: string,
  method: string,
  path: string,
  options: ScimRequestOptions = {},
): Promise<Answer> {
  const headers: Record<string, string> = { "content-type": "application/scim+json", ...options.headers };
  const bearer = options.secret === undefined ? secret : options.secret;
  if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
  const response = await fetch(`${rosterUrl}/scim/v2${path}`, {
    method,
    headers,
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as Body };
}

/**
 * Requests on one resource type (`/Users`, `/Groups`) with the key `secret()` answers: `scim`
 * for any path, `patch` of one resource, `list` with query parameters. Getters, since the
 * roster and its key are made in beforeAll.
 */
export function scimClient(rosterUrl: () => string, secret: () => string, resources: "/Users" | "/Groups") {
  const scim = (method: string, path: string, options: ScimRequestOptions = {}) =>
    scimRequest(rosterUrl(), secret(), method, path, options);
  return {
    scim,
    patch: (id: string, operations: unknown[], headers: Record<string, string> = {}) =>
      scim("PATCH", `${resources}/${id}`, { body: { schemas: [PATCH_OP], Operations: operations }, headers }),
    list: (query: Record<string, string>) => scim("GET", `${resources}?${new URLSearchParams(query).toString()}`),
  };
}

/** The SCIM error an answer must be. */
export function expectError(answer: Answer, status: number, scimType?: string): void {
  expect(answer.status).toBe(status);
  expect(answer.headers.get("content-type")).toMatch(/^application\/scim\+json/);
  expect(answer.body.schemas).toEqual([ERROR]);
  expect(answer.body.status).toBe(String(status));
  expect(answer.body.scimType).toBe(scimType);
  expect(typeof answer.body.detail).toBe("string");
}

interface LogLine {
  msg?: string;
  requestId?: string;
  sqlStatements?: number;
}

/** A log destination for startTestRoster (with ROSTER_LOG_LEVEL info) that answers a request's SQL statement count. */
export class AccessLog {
  private readonly lines: LogLine[] = [];
  readonly destination = {
    write: (line: string) => {
      this.lines.push(JSON.parse(line) as LogLine);
    },
  };

  /** The statements of the request sent with this X-Request-Id, once its access line is written. */
  async statementsOf(requestId: string): Promise<number | undefined> {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const line = this.lines.find((candidate) => candidate.requestId === requestId && candidate.msg === "request completed");
      if (line) return line.sqlStatements;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no access line for ${requestId}`);
  }
}
