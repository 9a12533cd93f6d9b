/**
 * Issue 15: the password policy (OWASP ASVS 2.1) on every path that sets a password, and the
 * token checked before the password (a forged token costs no hashing).
 */
import { loadConfig } from "../src/config/config";
import { passwordProblem } from "../src/modules/auth/password-policy";
import { createAgent } from "./support/fixtures";
import type { GraphQLClient } from "./support/graphql-client";
import { startTestRoster, type TestRoster } from "./support/roster";

let roster: TestRoster;
let admin: GraphQLClient;

beforeAll(async () => {
  roster = await startTestRoster();
  admin = await roster.signIn();
});
afterAll(() => roster.stop());

const WEAK = ["password", "12345678", "        ", "qwertyuiop", "Password1"];
const SET_PASSWORD =
  "mutation ($token: String!, $password: String!) { setPassword(token: $token, password: $password) { state } }";
const RESET = "mutation ($token: String!, $password: String!) { resetPassword(token: $token, password: $password) }";
const CHANGE = "mutation ($current: String!, $next: String!) { changePassword(currentPassword: $current, newPassword: $next) }";
const REGISTER = "mutation ($input: RegisterUserInput!) { registerUser(input: $input) { id } }";

describe("the policy", () => {
  test.each(WEAK)("%j is refused as common", (password) => {
    expect(passwordProblem("password", password)).toMatch(/too easy to guess/);
  });

  test.each([
    "correct horse battery",
    "matrix-passphrase",
    "sessions-passphrase",
    "plain-passphrase",
    "grüße aus köln am rhein",
    "пароль для входа в систему",
    "a".repeat(60) + " 🙂 zebra quilt",
  ])("%j is accepted (spaces and Unicode welcome)", (password) => {
    expect(passwordProblem("password", password)).toBeNull();
  });

  test("length: 8 to 128 characters, an emoji counting as one", () => {
    expect(passwordProblem("password", "z9!Qv#")).toMatch(/at least 8/);
    expect(passwordProblem("password", "x".repeat(129))).toMatch(/at most 128/);
  });

  test("the person's email or username is refused inside a password", () => {
    const person = { email: "milo.tester@example.com", username: "milotester" };
    expect(passwordProblem("password", "my milo.tester@example.com pass", person)).toMatch(/email address or username/);
    expect(passwordProblem("password", "zebra-milotester-quilt", person)).toMatch(/email address or username/);
  });
});

test("registerUser, changePassword and a forged-token setPassword apply the policy in the right order", async () => {
  for (const password of WEAK) {
    expect(await admin.errorCode(REGISTER, { input: { email: "weak-register@example.com", password } })).toBe("BAD_USER_INPUT");
  }
  const own = await admin.request(REGISTER, { input: { email: "own.email@example.com", password: "x own.email@example.com" } });
  expect(own.errors?.[0].message).toMatch(/email address or username/);

  await createAgent(roster.dataSource, { email: "changer@example.com", password: "changer-passphrase" });
  const changer = await roster.signIn({ email: "changer@example.com", password: "changer-passphrase" });
  for (const next of [...WEAK, "changer@example.com!!"]) {
    expect(await changer.errorCode(CHANGE, { current: "changer-passphrase", next })).toBe("BAD_USER_INPUT");
  }
  expect(
    (await changer.request(CHANGE, { current: "changer-passphrase", next: "changed-passphrase-ok" })).errors,
  ).toBeUndefined();

  // A forged token is the token's error even with a password the policy refuses: nothing else ran.
  for (const query of [SET_PASSWORD, RESET]) {
    expect(await roster.anonymous().errorCode(query, { token: "forged-token", password: "password" })).toBe("INVALID_TOKEN");
    const started = Date.now();
    expect(await roster.anonymous().errorCode(query, { token: "forged-token", password: "a-fine-passphrase-here" })).toBe(
      "INVALID_TOKEN",
    );
    expect(Date.now() - started).toBeLessThan(500);
  }
});

describe("production configuration", () => {
  const production = {
    NODE_ENV: "production",
    DATABASE_URL: "mysql://roster@db/roster",
    ROSTER_PUBLIC_URL: "https://roster.example.com",
    ROSTER_ADMIN_EMAIL: "boss@example.com",
  };

  test.each(["roster-admin", "password123", "12345678", "boss@example.com-1"])(
    "ROSTER_ADMIN_PASSWORD %j stops the start, naming the variable",
    (password) => {
      expect(() => loadConfig({ ...production, ROSTER_ADMIN_PASSWORD: password })).toThrow(/ROSTER_ADMIN_PASSWORD/);
    },
  );

  test("a missing password with an admin email stops the start; a strong one is taken", () => {
    expect(() => loadConfig(production)).toThrow(/ROSTER_ADMIN_PASSWORD/);
    expect(loadConfig({ ...production, ROSTER_ADMIN_PASSWORD: "violet staircase on a tuesday" }).admin).toEqual({
      email: "boss@example.com",
      password: "violet staircase on a tuesday",
    });
  });
});
