import { Permission } from "../src/modules/roles/permissions";
import { UserState } from "../src/modules/users/user.enums";
import { createAgent, createPerson } from "./support/fixtures";
import { ADMIN, startTestRoster, type TestRoster } from "./support/roster";

const ME = "{ me { id email kind roles { name } } }";
const USERS = "{ users(first: 1) { totalCount } }";
const LOGIN = "mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { id email } }";

let roster: TestRoster;
beforeAll(async () => {
  roster = await startTestRoster();
});
afterAll(() => roster.stop());

describe("agent sign-in", () => {
  test("signs in the first administrator from the environment and keeps the session in an httpOnly cookie", async () => {
    const client = roster.anonymous();
    const response = await client.request(LOGIN, ADMIN);
    expect(response.errors).toBeUndefined();
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^roster_session=[\w-]{43};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);

    const { me } = await client.data<{ me: { email: string; kind: string; roles: { name: string }[] } }>(ME);
    expect(me.email).toBe(ADMIN.email);
    expect(me.kind).toBe("AGENT");
    expect(me.roles.map((role) => role.name)).toEqual(expect.arrayContaining(["Administrator", "Agent"]));
  });

  test("the sign-in answer is read as the new agent: their own permissions come with it", async () => {
    const response = await roster
      .anonymous()
      .request<{ login: { email: string; permissions: string[] } }>(
        "mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { email permissions } }",
        ADMIN,
      );
    expect(response.errors).toBeUndefined();
    expect(response.data?.login.email).toBe(ADMIN.email);
    expect(response.data?.login.permissions).toEqual(expect.arrayContaining([Permission.PeopleManage, Permission.RolesManage]));
  });

  test("records the sign-in on the agent", async () => {
    const client = await roster.signIn();
    const { me } = await client.data<{ me: { lastLoginAt: string; loginCount: number } }>("{ me { lastLoginAt loginCount } }");
    expect(me.lastLoginAt).toBe(roster.clock.now().toISOString());
    expect(me.loginCount).toBeGreaterThanOrEqual(1);
  });

  test.each([
    ["a wrong password", { email: ADMIN.email, password: "not the password" }],
    ["an unknown email", { email: "nobody@roster.test", password: ADMIN.password }],
  ])("answers %s with INVALID_CREDENTIALS and the same message", async (_case, credentials) => {
    const response = await roster.anonymous().request(LOGIN, credentials);
    expect(response.errors?.[0]).toMatchObject({
      message: "Wrong email or password.",
      extensions: { code: "INVALID_CREDENTIALS" },
    });
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  test("refuses customers and agents who are not active, exactly like a wrong password (issue 15: no oracle)", async () => {
    await createPerson(roster.dataSource, { email: "customer@example.com", password: "customer-password" });
    await createAgent(roster.dataSource, {
      email: "banned-agent@roster.test",
      password: "agent-password",
      state: UserState.BANNED,
    });
    for (const credentials of [
      { email: "customer@example.com", password: "customer-password" },
      { email: "banned-agent@roster.test", password: "agent-password" },
    ]) {
      expect(await roster.anonymous().errorCode(LOGIN, credentials)).toBe("INVALID_CREDENTIALS");
    }
  });

  test("logout ends the session on the server, not only in the browser", async () => {
    const client = await roster.signIn();
    const stolenCookie = client.cookieHeader();
    expect(await client.data("mutation { logout }")).toEqual({ logout: true });
    expect(await client.data(ME)).toEqual({ me: null });
    const replay = await fetch(`${roster.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: stolenCookie ?? "" },
      body: JSON.stringify({ query: "{ me { id } }" }),
    });
    expect(await replay.json()).toMatchObject({ data: { me: null } });
  });

  test("a session ends when it expires", async () => {
    const client = await roster.signIn();
    roster.clock.advanceDays(15);
    try {
      expect(await client.data(ME)).toEqual({ me: null });
    } finally {
      roster.clock.advanceDays(-15);
    }
  });
});

describe("reads need a session with people.view", () => {
  test("no session: UNAUTHENTICATED", async () => {
    const response = await roster.anonymous().request(USERS);
    expect(response.data).toBeNull();
    expect(response.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
  });

  test("an agent whose roles lack people.view: FORBIDDEN, naming the permission", async () => {
    await createAgent(roster.dataSource, { email: "trainee@roster.test", password: "trainee-password" });
    // Agents get people.view from the system Agent role; take it away to get an agent without it.
    await roster.dataSource.query(
      "DELETE FROM role_permissions WHERE permission = ? AND roleId IN (SELECT id FROM roles WHERE systemKey = ?)",
      [Permission.PeopleView, "AGENT"],
    );
    const trainee = await roster.signIn({ email: "trainee@roster.test", password: "trainee-password" });
    const response = await trainee.request(USERS);
    expect(response.errors?.[0]).toMatchObject({
      extensions: { code: "FORBIDDEN", missingPermissions: [Permission.PeopleView] },
    });
    expect(response.errors?.[0].message).toContain("people.view");
    // Their own permissions stay readable, so the SPA can tell them what they may not do.
    const { me } = await trainee.data<{ me: { permissions: string[] } }>("{ me { permissions } }");
    expect(me.permissions).not.toContain(Permission.PeopleView);
    // The administrator still reads.
    expect(await (await roster.signIn()).data(USERS)).toMatchObject({ users: { totalCount: expect.any(Number) } });
  });
});

describe("an agent's own sessions", () => {
  const SESSIONS = "{ mySessions { id current } }";
  type Sessions = { mySessions: { id: string; current: boolean }[] };

  test("listed with this one marked; one ended by id, then every other; another agent's is NOT_FOUND", async () => {
    const credentials = { email: "sessions@roster.test", password: "sessions-passphrase" };
    await createAgent(roster.dataSource, credentials);
    const [laptop, phone, tablet] = [
      await roster.signIn(credentials),
      await roster.signIn(credentials),
      await roster.signIn(credentials),
    ];
    const listed = (await laptop.data<Sessions>(SESSIONS)).mySessions;
    expect(listed).toHaveLength(3);
    expect(listed.filter((session) => session.current)).toHaveLength(1);

    const phoneSession = (await phone.data<Sessions>(SESSIONS)).mySessions.find((session) => session.current)!;
    expect(await laptop.data("mutation ($id: ID!) { revokeSession(id: $id) }", { id: phoneSession.id })).toEqual({
      revokeSession: true,
    });
    expect(await phone.errorCode(SESSIONS)).toBe("UNAUTHENTICATED");
    expect(await laptop.data("mutation { revokeOtherSessions }")).toEqual({ revokeOtherSessions: 1 });
    expect(await tablet.errorCode(SESSIONS)).toBe("UNAUTHENTICATED");
    expect((await laptop.data<Sessions>(SESSIONS)).mySessions).toEqual([expect.objectContaining({ current: true })]);

    const admin = await roster.signIn();
    const mine = (await laptop.data<Sessions>(SESSIONS)).mySessions[0];
    expect(await admin.errorCode("mutation ($id: ID!) { revokeSession(id: $id) }", { id: mine.id })).toBe("NOT_FOUND");
    expect((await laptop.data<Sessions>(SESSIONS)).mySessions).toHaveLength(1);
  });

  test("without a session there are none to list", async () => {
    expect(await roster.anonymous().errorCode(SESSIONS)).toBe("UNAUTHENTICATED");
  });
});
