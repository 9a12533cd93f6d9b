import { createOrganization } from "./support/fixtures";
import type { GraphQLClient } from "./support/graphql-client";
import { startTestRoster, type TestRoster } from "./support/roster";
import { logger } from "../src/common/logger";

let roster: TestRoster;
let agent: GraphQLClient;

beforeAll(async () => {
  roster = await startTestRoster();
  await createOrganization(roster.dataSource, { name: "Solo" });
  agent = await roster.signIn();
});
afterAll(() => roster.stop());

describe("bad arguments are BAD_USER_INPUT with a message naming the argument", () => {
  test.each([
    ["first over 100", "{ users(first: 101) { totalCount } }", "first"],
    ["first below 1", "{ users(first: 0) { totalCount } }", "first"],
    ["a malformed cursor", '{ users(first: 5, after: "not-a-cursor") { totalCount } }', "after"],
    ["a cursor of another sort", "CURSOR_OF_OTHER_SORT", "after"],
    ["a non-numeric id", '{ user(id: "abc") { id } }', "id"],
    ["an unknown role", '{ users(roleId: "9999") { totalCount } }', "roleId"],
    [
      "first over 100 on a timeline",
      "{ organizations(first: 1) { nodes { communications(first: 500) { totalCount } } } }",
      "first",
    ],
    ["a sign-in with no email address", 'mutation { login(email: "nope", password: "x") { id } }', "email"],
    ["a malformed organization cursor", '{ organizations(after: "@@@") { totalCount } }', "after"],
    ["a malformed change-feed cursor", '{ changes(after: "@@@") { totalCount } }', "after"],
    [
      "a webhook URL that is not http(s)",
      'mutation { createWebhook(input: { url: "ftp://example.com/x", events: [PERSON_CREATED] }) { secret } }',
      "url",
    ],
    [
      "a webhook to a loopback address",
      'mutation { createWebhook(input: { url: "http://127.0.0.1/x", events: [PERSON_CREATED] }) { secret } }',
      "url",
    ],
    ["a malformed webhook id", 'mutation { deleteWebhook(id: "abc") }', "id"],
    ["a malformed webhook delivery id", 'mutation { redeliverWebhook(deliveryId: "abc") { id } }', "deliveryId"],
    [
      "a replay range that ends before it starts",
      'mutation { redeliverWebhookRange(webhookId: "1", from: "2026-06-02T00:00:00Z", to: "2026-06-01T00:00:00Z") }',
      "to",
    ],
  ])("%s", async (_case, query, argument) => {
    let document = query;
    if (query === "CURSOR_OF_OTHER_SORT") {
      const { users } = await agent.data<{ users: { pageInfo: { endCursor: string } } }>(
        "{ users(first: 1) { pageInfo { endCursor } } }",
      );
      document = `{ users(first: 1, after: "${users.pageInfo.endCursor}", sort: { field: EMAIL }) { totalCount } }`;
    }
    const response = await agent.request(document);
    expect(response.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(response.errors?.[0].message).toContain(argument);
  });

  test.each([
    [
      "an unknown sort field in a variable",
      "query ($sort: UserSort) { users(sort: $sort) { totalCount } }",
      { sort: { field: "SHOE_SIZE" } },
      "sort",
    ],
    [
      "an unknown state in a variable",
      "query ($states: [UserState!]) { users(states: $states) { totalCount } }",
      { states: ["ASLEEP"] },
      "states",
    ],
    ["a string for first", "query ($first: Int!) { users(first: $first) { totalCount } }", { first: "ten" }, "first"],
  ])("%s", async (_case, query, variables, argument) => {
    const response = await agent.request(query, variables);
    expect(response.status).toBe(400);
    expect(response.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(response.errors?.[0].message).toContain(argument);
  });

  test("an unknown sort field written in the query is refused before it runs", async () => {
    const response = await agent.request("{ users(sort: { field: SHOE_SIZE }) { totalCount } }");
    expect(response.status).toBe(400);
    expect(response.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(response.errors?.[0].message).toContain("SHOE_SIZE");
    // Refused before the caller is even looked up: not one statement.
    expect(response.extensions.sqlStatements).toBe(0);
  });
});

test("internal errors are masked: no SQL, no stack", async () => {
  await roster.dataSource.query("DROP TABLE user_attributes");
  // Logged for the operator, in full: the server runs in this process, so its logger is this one.
  const logged: unknown[] = [];
  const spy = jest
    .spyOn(logger, "error")
    .mockImplementation(((...args: unknown[]) => void logged.push(args)) as typeof logger.error);
  try {
    const response = await agent.request("{ users(first: 1) { nodes { attributes { name } } } }");
    const error = response.errors?.[0];
    expect(error?.extensions).toEqual({ code: "INTERNAL_SERVER_ERROR" });
    expect(error?.message).toBe("Something went wrong on our side; it has been logged.");
    expect(JSON.stringify(response)).not.toMatch(/user_attributes|SELECT|stacktrace/i);
    const internal = logged.find((args) => (args as unknown[])[1] === "internal error, answered INTERNAL_SERVER_ERROR") as
      [{ err: Error }, string] | undefined;
    expect(internal?.[0].err.message).toMatch(/user_attributes/);
  } finally {
    spy.mockRestore();
  }
});
