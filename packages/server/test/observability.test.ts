/**
 * Operability: every request's id (the caller's when sane, else a new one) echoed and on its
 * access line, which names the operation, status, duration and SQL statement count; and
 * GET /metrics, its protection, and what it reports after some traffic, with label values
 * that never carry what a caller wrote beyond a bounded set of operation names.
 */
import { OPERATION_LABEL_LIMIT } from "../src/http/metrics";
import type { GraphQLClient } from "./support/graphql-client";
import { startTestRoster, type TestRoster } from "./support/roster";

const TOKEN = "observability-test-token-0123456789";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Roster's log lines, parsed as they come (every line must be JSON). */
class LogCapture {
  readonly lines: Record<string, unknown>[] = [];
  write(line: string): void {
    this.lines.push(JSON.parse(line) as Record<string, unknown>);
  }

  /** The access line of a request: written when the response closes, which may be just after the client has it. */
  async accessLine(requestId: string): Promise<Record<string, unknown>> {
    for (let waited = 0; waited < 2_000; waited += 20) {
      const line = this.lines.find((candidate) => candidate.requestId === requestId && candidate.msg === "request completed");
      if (line) return line;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no access line for ${requestId}`);
  }
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parseMetrics(text: string): Sample[] {
  return text
    .split("\n")
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const match = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
      return { name: match[1], labels, value: Number(match[3]) };
    });
}

const find = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.find((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));

const logs = new LogCapture();
let roster: TestRoster;
let admin: GraphQLClient;

beforeAll(async () => {
  roster = await startTestRoster({ env: { ROSTER_LOG_LEVEL: "info", ROSTER_METRICS_TOKEN: TOKEN }, logDestination: logs });
  admin = await roster.signIn();
});
afterAll(() => roster.stop());

function graphql(client: GraphQLClient, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Response> {
  return client.fetch("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

const PEOPLE_PAGE = "query PeoplePage { users(first: 5) { totalCount nodes { id displayName } } }";

const scrape = async (): Promise<Sample[]> => {
  const response = await fetch(`${roster.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
  return parseMetrics(await response.text());
};

describe("request ids and access lines", () => {
  test("a sent X-Request-Id is echoed and carried by the request's access line", async () => {
    const response = await graphql(admin, { query: PEOPLE_PAGE }, { "x-request-id": "trace-42.abc_DEF" });
    const body = (await response.json()) as { data: unknown; extensions: { sqlStatements: number } };
    expect(response.status).toBe(200);
    expect(body.data).toBeTruthy();
    expect(response.headers.get("x-request-id")).toBe("trace-42.abc_DEF");

    const line = await logs.accessLine("trace-42.abc_DEF");
    expect(line).toMatchObject({ level: "info", method: "POST", path: "/graphql", operation: "PeoplePage", status: 200 });
    expect(new Date(line.time as string).toISOString()).toBe(line.time);
    expect(line.durationMs).toEqual(expect.any(Number));
    expect(line.durationMs as number).toBeGreaterThan(0);
    // The request's one statement tally, the same the response reports.
    expect(line.sqlStatements).toBeGreaterThan(0);
    expect(line.sqlStatements).toBe(body.extensions.sqlStatements);
    expect(line.errorCodes).toBeUndefined();
  });

  test("without a sane X-Request-Id, a new id is made, echoed and logged", async () => {
    const none = await graphql(admin, { query: PEOPLE_PAGE });
    const generated = none.headers.get("x-request-id") ?? "";
    expect(generated).toMatch(UUID);
    expect(await logs.accessLine(generated)).toMatchObject({ operation: "PeoplePage", status: 200 });

    for (const insane of ["has spaces in it", "x".repeat(129), "semi;colon", "<script>"]) {
      const response = await graphql(admin, { query: PEOPLE_PAGE }, { "x-request-id": insane });
      const replaced = response.headers.get("x-request-id") ?? "";
      expect(replaced).toMatch(UUID);
      await logs.accessLine(replaced);
      expect(logs.lines.some((line) => line.requestId === insane)).toBe(false);
    }
  });

  test("a failed request's access line names its error codes; plain endpoints get ids and lines too", async () => {
    const anonymous = roster.anonymous();
    const response = await graphql(anonymous, { query: "query Peek { users(first: 1) { totalCount } }" });
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors.map((error) => error.extensions.code)).toEqual(["UNAUTHENTICATED"]);
    const line = await logs.accessLine(response.headers.get("x-request-id")!);
    expect(line).toMatchObject({ operation: "Peek", errorCodes: ["UNAUTHENTICATED"] });

    const missing = await fetch(`${roster.url}/nothing/here`, { headers: { "x-request-id": "plain-1" } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("x-request-id")).toBe("plain-1");
    expect(await logs.accessLine("plain-1")).toMatchObject({
      method: "GET",
      path: "/nothing/here",
      status: 404,
      errorCodes: ["NOT_FOUND"],
    });
  });

  test("every line Roster wrote is JSON with a timestamp and a level name", () => {
    expect(logs.lines.length).toBeGreaterThan(0);
    for (const line of logs.lines) {
      expect(line).toEqual(
        expect.objectContaining({ time: expect.any(String), level: expect.any(String), msg: expect.any(String) }),
      );
    }
  });
});

describe("/metrics", () => {
  test("asks for the token when one is configured", async () => {
    for (const authorization of [undefined, "Bearer wrong-token-wrong-token-00", `Basic ${TOKEN}`, `Bearer ${TOKEN}x`]) {
      const response = await fetch(`${roster.url}/metrics`, { headers: authorization ? { authorization } : {} });
      expect(response.status).toBe(401);
      const body = (await response.json()) as { code: string };
      expect(body.code).toBe("UNAUTHENTICATED");
    }
    await scrape();
  });

  test("reports request durations by operation, errors by code, the pool, the job queue and the event loop", async () => {
    const before = find(await scrape(), "roster_http_request_duration_seconds_count", { operation: "PeoplePage", status: "200" });
    for (let index = 0; index < 3; index += 1) expect((await graphql(admin, { query: PEOPLE_PAGE })).status).toBe(200);
    await graphql(roster.anonymous(), { query: "query Peek { users(first: 1) { totalCount } }" });

    const samples = await scrape();
    const count = find(samples, "roster_http_request_duration_seconds_count", { operation: "PeoplePage", status: "200" });
    expect(count!.value).toBe((before?.value ?? 0) + 3);
    expect(find(samples, "roster_http_request_duration_seconds_bucket", { operation: "PeoplePage", le: "+Inf" })).toBeDefined();
    expect(find(samples, "roster_graphql_errors_total", { code: "UNAUTHENTICATED" })!.value).toBeGreaterThanOrEqual(2);
    expect(find(samples, "roster_db_pool_connections", { state: "all" })!.value).toBeGreaterThanOrEqual(1);
    expect(find(samples, "roster_db_pool_connections", { state: "free" })).toBeDefined();
    expect(find(samples, "roster_jobs", { kind: "bulk", status: "queued" })!.value).toBe(0);
    expect(find(samples, "roster_jobs", { kind: "import", status: "running" })!.value).toBe(0);
    expect(find(samples, "nodejs_eventloop_lag_seconds")).toBeDefined();
    expect(find(samples, "nodejs_eventloop_lag_p99_seconds")).toBeDefined();
    // Plain endpoints are labelled by their route.
    expect(find(samples, "roster_http_request_duration_seconds_count", { operation: "GET /*", status: "404" })).toBeDefined();
  });

  test("label values are Roster's own: operation names are bounded, and nothing else a caller sends is a label", async () => {
    const marker = "callerText";
    await graphql(admin, { query: `{ users(first: 1) { totalCount } }` }, { "x-request-id": `${marker}-id` });
    await graphql(admin, { query: PEOPLE_PAGE, operationName: `${marker}Missing` });
    await graphql(admin, { query: `query ${marker}Broken {` });
    await fetch(`${roster.url}/${marker}/path?${marker}=1`);
    await fetch(`${roster.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
    const flood = Array.from({ length: OPERATION_LABEL_LIMIT + 5 }, (_, index) => `query Flood${index} { __typename }`);
    for (let start = 0; start < flood.length; start += 20) {
      const answers = await Promise.all(flood.slice(start, start + 20).map((query) => graphql(roster.anonymous(), { query })));
      for (const answer of answers) expect(answer.status).toBe(200);
    }

    const samples = await scrape();
    const operations = new Set(
      samples.filter((sample) => sample.name.startsWith("roster_http_request")).map((sample) => sample.labels.operation),
    );
    expect(operations.size).toBeLessThanOrEqual(OPERATION_LABEL_LIMIT + 20);
    expect(operations).toContain("other");
    expect(operations).not.toContain(`Flood${OPERATION_LABEL_LIMIT + 4}`);
    for (const sample of samples) {
      for (const value of Object.values(sample.labels)) expect(value).not.toContain(marker);
    }
    const routes = [...operations].filter((operation) => operation.includes(" "));
    for (const route of routes) expect(route).toMatch(/^(GET|POST) \/(healthz|readyz|metrics|account|export|import|assets|\*)$/);
  });
});

describe("/metrics without a token", () => {
  let open: TestRoster;
  beforeAll(async () => {
    open = await startTestRoster();
  });
  afterAll(() => open.stop());

  test("answers this machine, and refuses a client a local proxy speaks for", async () => {
    const local = await fetch(`${open.url}/metrics`);
    expect(local.status).toBe(200);
    expect(await local.text()).toContain("roster_http_request_duration_seconds");

    // A reverse proxy on this machine (trusted by default) forwarding an outside caller.
    const forwarded = await fetch(`${open.url}/metrics`, { headers: { "x-forwarded-for": "203.0.113.9" } });
    expect(forwarded.status).toBe(403);
    expect(((await forwarded.json()) as { code: string }).code).toBe("FORBIDDEN");
  });
});
