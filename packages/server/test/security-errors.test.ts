/**
 * Issue 15, point 5: every refusal is a Roster error with its code and the right HTTP status,
 * never a 500, an HTML page or a message that names the server's stack.
 */
import type { GraphQLClient } from "./support/graphql-client";
import { startTestRoster, type TestRoster } from "./support/roster";

let roster: TestRoster;
let production: TestRoster;
let admin: GraphQLClient;

beforeAll(async () => {
  roster = await startTestRoster({ env: { ROSTER_RATE_LIMIT_PER_MINUTE: "1200" } });
  production = await startTestRoster({ env: { NODE_ENV: "production", ROSTER_PUBLIC_URL: "https://roster.example.com" } });
  admin = await roster.signIn();
});
afterAll(async () => {
  await roster.stop();
  await production.stop();
});

const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });

describe("GraphQL limits answer their own code and status", () => {
  test("a query over the cost limit is HTTP 400 QUERY_TOO_COSTLY; a spent budget is 429", async () => {
    // 1 + 100 × (1 + members): see limits.test.ts.
    const costlyQuery = `query ($members: Int!) {
      users(first: 100) { nodes { organization { members(first: $members) { nodes { communications(first: 1) { totalCount } } } } } }
    }`;
    const costly = await admin.request(costlyQuery, { members: 9 });
    expect(costly.status).toBe(400);
    expect(costly.errors?.map((error) => error.extensions?.code)).toEqual(["QUERY_TOO_COSTLY"]);

    // 1,200 points a minute: two queries of 901 points cannot both be paid.
    const first = await admin.request(costlyQuery, { members: 8 });
    expect(first.status).toBe(200);
    const second = await admin.request(costlyQuery, { members: 8 });
    expect(second.status).toBe(429);
    expect(second.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
  });

  test("100 @include on one field is one TOO_MANY_DIRECTIVES error, before validation", async () => {
    const response = await roster.anonymous().request(`{ __typename ${"@include(if: true) ".repeat(100)}}`);
    expect(response.status).toBe(400);
    expect(response.errors?.map((error) => error.extensions?.code)).toEqual(["TOO_MANY_DIRECTIVES"]);
  });

  test("1,000 duplicated fields are refused with a Roster code, not graphql-js's 'Validation aborted'", async () => {
    const response = await roster.anonymous().request(`{ ${"nope ".repeat(1000)}}`);
    expect(response.status).toBe(400);
    expect(response.errors?.map((error) => error.extensions?.code)).toEqual(["TOO_MANY_FIELDS"]);
    expect(JSON.stringify(response.errors)).not.toMatch(/aborted/i);
  });
});

describe("the error formatter", () => {
  test("never throws: a lone surrogate in an email argument is an ordinary refusal", async () => {
    for (const client of [roster.anonymous(), production.anonymous()]) {
      const response = await client.request("mutation ($email: String!) { requestPasswordReset(email: $email) }", {
        email: "a\ud800@example.com",
      });
      expect(response.status).toBeLessThan(500);
      expect(response.errors?.[0]?.extensions?.code).not.toBe("INTERNAL_SERVER_ERROR");
      const inline = await client.request('{ user(id: "\\ud800") { id } }');
      expect(inline.status).toBeLessThan(500);
    }
  });

  test("in production, no message names the server's stack; introspection is refused plainly", async () => {
    const client = production.anonymous();
    const introspection = await client.request("{ __schema { types { name } } }");
    expect(introspection.status).toBe(400);
    expect(introspection.errors?.[0]?.message).toMatch(/introspection/i);
    const unknownField = await client.request("{ nope }");
    const csrf = await fetch(`${production.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify({ query: "{ __typename }" }),
    });
    expect(csrf.status).toBe(400);
    const texts = [JSON.stringify(introspection.errors), JSON.stringify(unknownField.errors), await csrf.text()];
    for (const text of texts) {
      expect(text).not.toMatch(/apollo|graphql-js|express|typeorm|introspection: true|node_modules/i);
    }
  });
});

describe("a bad body on /graphql is answered in JSON", () => {
  test.each([
    ["malformed JSON", "{ not json", 400],
    ["a body over 1 MB", JSON.stringify({ query: `{ __typename } # ${"x".repeat(1_100_000)}` }), 413],
  ])("%s", async (_name, body, status) => {
    const response = await post(`${roster.url}/graphql`, body);
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const answer = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(answer.errors[0].extensions.code).toMatch(/^[A-Z_]+$/);
    expect(answer.errors[0].message).not.toMatch(/<html|at .*\.js/i);
  });
});
