/**
 * Issue 15, point 6: helmet's headers on every response, a CSP without inline scripts, and HSTS
 * in production only.
 */
import { startTestRoster, type TestRoster } from "./support/roster";

let roster: TestRoster;
let production: TestRoster;

beforeAll(async () => {
  roster = await startTestRoster();
  production = await startTestRoster({ env: { NODE_ENV: "production", ROSTER_PUBLIC_URL: "https://roster.example.com" } });
});
afterAll(async () => {
  await roster.stop();
  await production.stop();
});

test.each(["/", "/healthz", "/graphql?query=%7B__typename%7D", "/export/users.csv", "/no/such/page"])(
  "%s carries the security headers",
  async (path) => {
    const response = await fetch(`${roster.url}${path}`, { headers: { "apollo-require-preflight": "1" } });
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(response.headers.get("strict-transport-security")).toBeNull();
  },
);

test("HSTS in production", async () => {
  const response = await fetch(`${production.url}/healthz`);
  expect(response.headers.get("strict-transport-security")).toMatch(/max-age=31536000/);
});
