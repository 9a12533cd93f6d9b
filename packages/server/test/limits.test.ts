/**
 * The query limits (README "Limits"): each with a document just under it, which runs, and one
 * just over it, which is refused with its code before any SQL; the cost budget per caller
 * (HTTP 429 with Retry-After); and what production switches off.
 */
import { QUERY_LIMITS } from "../src/http/query-limits";
import { CommunicationKind } from "../src/modules/communications/communication.enums";
import type { GraphQLClient, GraphQLResponse } from "./support/graphql-client";
import { createCommunication, createOrganization, createPerson } from "./support/fixtures";
import { startTestRoster, type TestRoster } from "./support/roster";

let roster: TestRoster;
let admin: GraphQLClient;

beforeAll(async () => {
  roster = await startTestRoster();
  admin = await roster.signIn();
  const acme = await createOrganization(roster.dataSource, { name: "Acme" });
  const person = await createPerson(roster.dataSource, { organizationId: acme.id });
  await createCommunication(roster.dataSource, person, { kind: CommunicationKind.TICKET });
});
afterAll(() => roster.stop());

const code = (response: GraphQLResponse<unknown>) => response.errors?.[0]?.extensions?.code;

/** Refused before anything ran: the code, no data, and not one SQL statement. */
function expectRefused(response: GraphQLResponse<unknown>, expected: string): void {
  expect(code(response)).toBe(expected);
  expect(response.data ?? null).toBeNull();
  expect(response.extensions.sqlStatements).toBe(0);
}

function expectRan(response: GraphQLResponse<unknown>): void {
  expect(response.errors).toBeUndefined();
  expect(response.data).toBeTruthy();
  expect(response.extensions.sqlStatements).toBeGreaterThan(0);
}

/**
 * A chain of `levels` nested fields ending in a scalar:
 * users > nodes > organization > members > nodes > organization > …
 */
function nestedQuery(levels: number): string {
  const cycle = ["organization", "members(first: 1)", "nodes"];
  const fields = Array.from({ length: levels - 1 }, (_, index) =>
    index === 0 ? "users(first: 1)" : index === 1 ? "nodes" : cycle[(index - 2) % cycle.length],
  );
  const scalar = { nodes: "id", organization: "id" }[fields[fields.length - 1]] ?? "totalCount";
  return `{ ${fields.map((field) => `${field} {`).join(" ")} ${scalar} ${"} ".repeat(fields.length)}}`;
}

describe("depth", () => {
  test("the chain helper nests as many levels as asked", () => {
    expect(nestedQuery(4)).toBe("{ users(first: 1) { nodes { organization { id } } } }");
    expect(nestedQuery(5)).toBe("{ users(first: 1) { nodes { organization { members(first: 1) { totalCount } } } } }");
  });

  test(`${QUERY_LIMITS.maxDepth} levels run; one more is QUERY_TOO_DEEP`, async () => {
    expectRan(await admin.request(nestedQuery(QUERY_LIMITS.maxDepth)));
    const refused = await admin.request(nestedQuery(QUERY_LIMITS.maxDepth + 1));
    expectRefused(refused, "QUERY_TOO_DEEP");
    expect(refused.errors?.[0].extensions).toMatchObject({ depth: QUERY_LIMITS.maxDepth + 1, limit: QUERY_LIMITS.maxDepth });
    expect(refused.status).toBe(400);
  });

  test("depth counts through fragments", async () => {
    const deep = nestedQuery(QUERY_LIMITS.maxDepth + 1).replace(/^\{ users\(first: 1\) \{ (.*) \} \}$/, "$1");
    const viaFragment = `query { users(first: 1) { ...Deep } } fragment Deep on UserConnection { ${deep} }`;
    expectRefused(await admin.request(viaFragment), "QUERY_TOO_DEEP");
  });
});

describe("aliases and directives", () => {
  const aliased = (count: number) => `{ ${Array.from({ length: count }, (_, index) => `a${index}: me { id }`).join(" ")} }`;
  const directed = (count: number) => `{ me { ${Array.from({ length: count }, () => "id @include(if: true)").join(" ")} } }`;

  test(`${QUERY_LIMITS.maxAliases} aliases run; one more is TOO_MANY_ALIASES`, async () => {
    expectRan(await admin.request(aliased(QUERY_LIMITS.maxAliases)));
    expectRefused(await admin.request(aliased(QUERY_LIMITS.maxAliases + 1)), "TOO_MANY_ALIASES");
  });

  test(`${QUERY_LIMITS.maxDirectives} directives run; one more is TOO_MANY_DIRECTIVES`, async () => {
    expectRan(await admin.request(directed(QUERY_LIMITS.maxDirectives)));
    expectRefused(await admin.request(directed(QUERY_LIMITS.maxDirectives + 1)), "TOO_MANY_DIRECTIVES");
  });
});

describe("tokens", () => {
  // `{ users(states: [ … ]) { totalCount } }`: twelve tokens besides the list's values.
  const sized = (tokens: number) => `{ users(states: [${"ACTIVE ".repeat(tokens - 12)}]) { totalCount } }`;

  test(`${QUERY_LIMITS.maxTokens} tokens run; one more is TOO_MANY_TOKENS`, async () => {
    expectRan(await admin.request(sized(QUERY_LIMITS.maxTokens)));
    const refused = await admin.request(sized(QUERY_LIMITS.maxTokens + 1));
    expectRefused(refused, "TOO_MANY_TOKENS");
    expect(refused.errors?.[0].message).toContain(String(QUERY_LIMITS.maxTokens));
  });
});

describe("cost", () => {
  // 1 + 100 × (1 + members × 1): each person's organization's members, each with a page of
  // communications.
  const COSTLY = `query ($members: Int!) {
    users(first: 100) { nodes { organization { members(first: $members) { nodes { communications(first: 1) { totalCount } } } } } }
  }`;

  test("the cost follows the documented formula and is reported in extensions", async () => {
    const simple = await admin.request("{ users(first: 100) { nodes { id roles { name } } } }");
    expect(simple.extensions.cost).toMatchObject({ requested: 1 });
    const nested = await admin.request("{ users(first: 100) { nodes { communications(first: 50) { totalCount } } } }");
    expect(nested.extensions.cost).toMatchObject({ requested: 1 + 100 * 1 });
    const mutation = await (await roster.signIn()).request("mutation { logout }");
    expect(mutation.extensions.cost).toMatchObject({ requested: QUERY_LIMITS.mutationCost });
  });

  test(`a cost of ${1 + 100 * 9} runs; ${1 + 100 * 10} (over ${QUERY_LIMITS.maxCost}) is QUERY_TOO_COSTLY, from the variables`, async () => {
    const under = await admin.request(COSTLY, { members: 8 });
    expectRan(under);
    expect(under.extensions.cost).toMatchObject({ requested: 901 });
    const over = await admin.request(COSTLY, { members: 9 });
    expectRefused(over, "QUERY_TOO_COSTLY");
    expect(over.errors?.[0].extensions).toMatchObject({ cost: 1001, limit: QUERY_LIMITS.maxCost });
  });

  test("first is capped at 100", async () => {
    const response = await admin.request("{ users(first: 101) { totalCount } }");
    expect(code(response)).toBe("BAD_USER_INPUT");
    expect(response.errors?.[0].message).toMatch(/100/);
  });
});

describe("the cost budget per caller", () => {
  let limited: TestRoster;
  beforeAll(async () => {
    limited = await startTestRoster({ env: { ROSTER_RATE_LIMIT_PER_MINUTE: "30" } });
    for (let index = 0; index < 8; index += 1) await createPerson(limited.dataSource);
  });
  afterAll(() => limited.stop());

  // 1 + 8 × 1 = 9 points.
  const NINE_POINTS = "{ users(first: 8) { nodes { communications(first: 1) { totalCount } } } }";

  test("spending past the budget answers 429 with Retry-After, runs no SQL, and spares other callers", async () => {
    const agent = await limited.signIn();
    for (const remaining of [21, 12, 3]) {
      const response = await agent.request(NINE_POINTS);
      expect(response.errors).toBeUndefined();
      expect(response.extensions.cost).toEqual({ requested: 9, limit: 30, remaining });
    }
    const refused = await agent.request(NINE_POINTS);
    expect(refused.status).toBe(429);
    expectRefused(refused, "RATE_LIMITED");
    // Six points missing at 30 a minute: twelve seconds.
    expect(refused.headers.get("retry-after")).toBe("12");
    expect(refused.errors?.[0].extensions?.retryAfterSeconds).toBe(12);
    expect(refused.errors?.[0].message).toMatch(/Try again in 12 s/);
    expect(refused.extensions.cost).toEqual({ requested: 9, limit: 30, remaining: 3 });
    // A cheaper operation still fits in what is left.
    expect((await agent.request("{ me { id } }")).errors).toBeUndefined();

    const colleague = await limited.signIn();
    const response = await colleague.request(NINE_POINTS);
    expect(response.errors).toBeUndefined();
    expect(response.extensions.cost).toEqual({ requested: 9, limit: 30, remaining: 21 });
  });
});

describe("production", () => {
  let production: TestRoster;
  beforeAll(async () => {
    production = await startTestRoster({ env: { NODE_ENV: "production", ROSTER_PUBLIC_URL: "https://roster.example.com" } });
  });
  afterAll(() => production.stop());

  test("introspection is off", async () => {
    const response = await production.anonymous().request("{ __schema { queryType { name } } }");
    expect(code(response)).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(response.errors?.[0].message).toMatch(/introspection/i);
  });

  test("a misspelled field gets no suggestion of the real names", async () => {
    const response = await production.anonymous().request("{ mee { id } }");
    expect(code(response)).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(response.errors?.[0].message).not.toMatch(/did you mean/i);
    const development = await roster.anonymous().request("{ mee { id } }");
    expect(development.errors?.[0].message).toMatch(/did you mean "me"/i);
  });

  test("no statement counts and no stack traces leave the server", async () => {
    const response = await production.anonymous().request("{ users(first: 1) { totalCount } }");
    expect(code(response)).toBe("UNAUTHENTICATED");
    expect(response.extensions.sqlStatements).toBeUndefined();
    expect(JSON.stringify(response.errors)).not.toMatch(/stacktrace|\.ts:\d+/);
  });
});
