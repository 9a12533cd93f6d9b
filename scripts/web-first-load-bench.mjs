#!/usr/bin/env node
/**
 * `pnpm bench:web [--before DIR] [--after DIR] [--runs N] [--network MBPS,RTT]`: the SPA's first load, one build
 * against another (issue 16). Each build is served by its own Roster (the built server,
 * `packages/server/dist/main.js`, on a scratch embedded database with the demo data), and
 * /users is opened N times per build in Chromium, each time in a fresh context (cold cache,
 * signed in by cookie), the builds taking turns so that the machine's noise hits both alike.
 *
 * Per build it prints: the JavaScript the browser fetched before the first row showed (files,
 * bytes as served, and the same gzipped, the budget's measure), every byte transferred by then,
 * and the time from navigation start to the first table row visible (median and p95), then
 * after/before ratios.
 *
 * --before: the build to compare against (default /tmp/web-before); --after: the build to
 * measure (default packages/web/dist, `pnpm --filter @roster/web build`); --runs: 15; --network:
 * a line of that many Mbit/s each way and that round trip, emulated by Chromium (default: none).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import zlib from "node:zlib";
import { chromium } from "playwright-core";
import { root } from "./lib/setup.mjs";

const { values } = parseArgs({
  options: {
    before: { type: "string", default: "/tmp/web-before" },
    after: { type: "string", default: path.join(root, "packages/web/dist") },
    runs: { type: "string", default: "15" },
    // An agent's office line rather than localhost: "mbps,rtt" (e.g. 20,40), through Chromium's own emulation.
    network: { type: "string" },
  },
});
const runs = Number(values.runs);
const network = values.network ? (([mbps, rtt]) => ({ mbps: Number(mbps), rtt: Number(rtt) }))(values.network.split(",")) : null;
const ADMIN = { email: "bench@roster.test", password: "web first load bench" };
const MAIN = path.join(root, "packages/server/dist/main.js");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// The flags of packages/web/e2e/browser.ts: nothing reaches for the network at start.
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** A Roster child process serving `webDir` on a scratch database with the demo data. */
async function startRoster(webDir) {
  if (!fs.existsSync(path.join(webDir, "index.html"))) throw new Error(`No SPA build at ${webDir}.`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "roster-web-bench-"));
  const env = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    // Not production: that would send secure cookies and upgrade-insecure-requests over plain http.
    NODE_ENV: "development",
    PORT: "0",
    ROSTER_DATA_DIR: dataDir,
    ROSTER_WEB_DIR: webDir,
    ROSTER_DEMO_DATA: "auto",
    ROSTER_ADMIN_EMAIL: ADMIN.email,
    ROSTER_ADMIN_PASSWORD: ADMIN.password,
    ROSTER_RATE_LIMIT_PER_MINUTE: "1000000",
  };
  const child = spawn(process.execPath, [MAIN], { env, stdio: ["ignore", "pipe", "pipe"] });
  const kill = () => child.kill("SIGKILL");
  process.once("exit", kill);
  const tail = [];
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Roster did not start in 120 s:\n${tail.join("\n")}`)), 120_000);
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on("line", (line) => {
        tail.push(line);
        if (tail.length > 40) tail.shift();
        const port = /running on http:\/\/[^:]+:(\d+)/.exec(line)?.[1];
        if (port) {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${port}`);
        }
      });
    }
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`Roster exited (${code ?? signal}):\n${tail.join("\n")}`));
    });
  });
  return {
    url,
    async stop() {
      child.removeAllListeners("exit");
      process.removeListener("exit", kill);
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The session cookie of the bench administrator, signed in over GraphQL. */
async function sessionCookie(url) {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", "apollo-require-preflight": "true" },
    body: JSON.stringify({
      query: "mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { id } }",
      variables: ADMIN,
    }),
  });
  const body = await response.json();
  if (body.errors) throw new Error(`Sign-in failed: ${JSON.stringify(body.errors)}`);
  return response.headers.getSetCookie().map((header) => {
    const [pair] = header.split(";");
    const [name, ...value] = pair.split("=");
    return { name, value: value.join("="), url };
  });
}

/** One cold load of /users: time to the first row, and what was transferred by then. */
async function coldLoad(browser, server) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addCookies(server.cookies);
  const page = await context.newPage();
  if (network) {
    const cdp = await context.newCDPSession(page);
    const bytesPerSecond = (network.mbps * 1_000_000) / 8;
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: network.rtt,
      downloadThroughput: bytesPerSecond,
      uploadThroughput: bytesPerSecond,
    });
  }
  const scripts = [];
  page.on("response", async (response) => {
    if (response.request().resourceType() !== "script") return;
    const body = await response.body().catch(() => Buffer.alloc(0));
    scripts.push({ url: response.url(), gzipped: zlib.gzipSync(body, { level: 9 }).length });
  });
  await page.goto(`${server.url}/users`, { waitUntil: "commit" });
  // performance.now() counts from navigation start; polled every frame.
  const firstRowMs = await (
    await page.waitForFunction(
      // Runs in the page.
      () => globalThis.document.querySelector('[data-testid="users-table"] tbody tr') !== null && performance.now(),
      undefined,
      { polling: "raf", timeout: 60_000 },
    )
  ).jsonValue();
  const transfer = await page.evaluate(() => {
    const entries = [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")];
    const js = entries.filter((entry) => entry.initiatorType === "script" || /\.js$/.test(entry.name));
    return {
      total: entries.reduce((sum, entry) => sum + entry.transferSize, 0),
      js: js.reduce((sum, entry) => sum + entry.transferSize, 0),
      jsFiles: js.map((entry) => entry.name),
    };
  });
  await context.close();
  const fetched = scripts.filter((script) => transfer.jsFiles.includes(script.url));
  return {
    firstRowMs,
    totalBytes: transfer.total,
    jsBytes: transfer.js,
    jsFiles: transfer.jsFiles.length,
    jsGzipped: fetched.reduce((sum, script) => sum + script.gzipped, 0),
  };
}

const quantile = (numbers, q) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
};
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

function summary(samples) {
  const times = samples.map((sample) => sample.firstRowMs);
  const last = samples.at(-1);
  return {
    median: quantile(times, 0.5),
    p95: quantile(times, 0.95),
    jsFiles: last.jsFiles,
    jsBytes: quantile(
      samples.map((sample) => sample.jsBytes),
      0.5,
    ),
    jsGzipped: quantile(
      samples.map((sample) => sample.jsGzipped),
      0.5,
    ),
    totalBytes: quantile(
      samples.map((sample) => sample.totalBytes),
      0.5,
    ),
  };
}

const builds = { before: path.resolve(values.before), after: path.resolve(values.after) };
const servers = {};
let browser;
try {
  for (const [name, webDir] of Object.entries(builds)) {
    const roster = await startRoster(webDir);
    servers[name] = { ...roster, cookies: await sessionCookie(roster.url), samples: [] };
    console.log(`${name}: ${webDir} on ${roster.url}`);
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  // One load each, not counted: the servers' first answers (caches, JIT) are not the SPA's cost.
  for (const server of Object.values(servers)) await coldLoad(browser, server);
  for (let run = 0; run < runs; run += 1) {
    const order = run % 2 ? ["after", "before"] : ["before", "after"];
    for (const name of order) servers[name].samples.push(await coldLoad(browser, servers[name]));
  }
  const figures = Object.fromEntries(Object.entries(servers).map(([name, server]) => [name, summary(server.samples)]));
  const line = network ? `${network.mbps} Mbit/s, ${network.rtt} ms round trip` : "localhost, no throttling";
  console.log(`\n/users from a cold cache, ${runs} loads per build (1280×800, ${line}):`);
  for (const [name, figure] of Object.entries(figures)) {
    console.log(
      `${name.padEnd(6)}  JS before the first row: ${figure.jsFiles} files, ${kb(figure.jsBytes)} transferred, ` +
        `${kb(figure.jsGzipped)} gzipped; all transferred: ${kb(figure.totalBytes)}; ` +
        `first row: median ${figure.median.toFixed(0)} ms, p95 ${figure.p95.toFixed(0)} ms`,
    );
  }
  const ratio = (key) => (figures.after[key] / figures.before[key]).toFixed(2);
  console.log(
    `after/before  JS gzipped ×${ratio("jsGzipped")}, JS transferred ×${ratio("jsBytes")}, ` +
      `all transferred ×${ratio("totalBytes")}, first row median ×${ratio("median")}, p95 ×${ratio("p95")}`,
  );
} finally {
  await browser?.close();
  for (const server of Object.values(servers)) await server.stop();
}
