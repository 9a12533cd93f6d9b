import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startTestRoster, type TestRoster } from "./support/roster";

let roster: TestRoster;
const webDir = fs.mkdtempSync(path.join(os.tmpdir(), "roster-web-"));

beforeAll(async () => {
  fs.mkdirSync(path.join(webDir, "assets"));
  fs.writeFileSync(path.join(webDir, "index.html"), "<!doctype html><title>Roster SPA</title>");
  fs.writeFileSync(path.join(webDir, "assets", "app-1234.js"), "console.log('app')");
  roster = await startTestRoster({ webDir });
});
afterAll(async () => {
  await roster.stop();
  fs.rmSync(webDir, { recursive: true, force: true });
});

test("health and readiness", async () => {
  expect(await (await fetch(`${roster.url}/healthz`)).json()).toEqual({ status: "ok" });
  const ready = await fetch(`${roster.url}/readyz`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({ status: "ready" });
});

test("serves the SPA at / and its client routes, with long-lived hashed assets", async () => {
  for (const route of ["/", "/users/12", "/organizations"]) {
    const response = await fetch(`${roster.url}${route}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("<title>Roster SPA</title>");
  }
  const asset = await fetch(`${roster.url}/assets/app-1234.js`);
  expect(asset.headers.get("cache-control")).toContain("immutable");
  expect((await fetch(`${roster.url}/assets/missing.js`)).status).toBe(404);
});

test("GraphQL refuses a simple cross-site request (CSRF prevention)", async () => {
  const response = await fetch(`${roster.url}/graphql?query=${encodeURIComponent("{ me { id } }")}`);
  expect(response.status).toBe(400);
  expect(await response.text()).toMatch(/CSRF/);
});

test("GraphQL answers a GET with the preflight header", async () => {
  const response = await fetch(`${roster.url}/graphql?query=${encodeURIComponent("{ me { id } }")}`, {
    headers: { "apollo-require-preflight": "true" },
  });
  expect(await response.json()).toEqual({
    data: { me: null },
    extensions: { sqlStatements: 0, cost: { requested: 1, limit: 3000, remaining: 2999 } },
  });
});
