#!/usr/bin/env node
/**
 * `pnpm test`: every check of the repository, ending with one line `N passed, N failed`.
 *
 * The inner loop skips what a run does not need (no generate, typecheck or lint; a build only
 * when its sources changed since the last one):
 *   pnpm test -- <pattern…>   the tests whose path matches, in every project
 *   pnpm test:api [pattern…]  unit tests and the API suite on both databases
 *   pnpm test:e2e [pattern…]  the browser suite
 * Arguments starting with "-" go to Jest as they are (`-t "a test's name"`).
 *
 * 0. Set-up: pnpm, dependencies, Chromium (see scripts/lib/setup.mjs).
 * 1. Generated files are up to date (schema.graphql and the SPA's typed hooks).
 * 2. Type checks, lint, and the SPA's build (the browser tests use the build the server
 *    serves), the three at once.
 * 3. Jest: unit tests and the API suite on SQLite and on MariaDB (two workers), then the browser
 *    suite in Chromium (one).
 * 4. The Docker image builds (docker/Dockerfile), where a Docker engine runs; elsewhere one line
 *    says it was skipped, counted neither passed nor failed.
 *
 * MariaDB is the machine's server (ROSTER_TEST_MARIADB_URL, default mysql://root@127.0.0.1:3306).
 * When it cannot be reached the run says so loudly; under CI=true that is a failure.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { buildIsStale, ensureChromium, ensureDependencies, root, run, runTogether } from "./lib/setup.mjs";

const ci = process.env.CI === "true" || process.env.CI === "1";
const mariadbUrl = process.env.ROSTER_TEST_MARIADB_URL ?? "mysql://root@127.0.0.1:3306";
const results = { passed: 0, failed: 0 };

function check(name, ok) {
  results[ok ? "passed" : "failed"] += 1;
  console.log(`${ok ? "✔" : "✘"} ${name}`);
  return ok;
}

const generatedFiles = ["packages/server/schema.graphql", "packages/web/src/generated/graphql.ts"];
const digest = () =>
  generatedFiles
    .map((file) =>
      createHash("sha256")
        .update(fs.readFileSync(path.join(root, file)))
        .digest("hex"),
    )
    .join();

function banner(lines) {
  const width = Math.max(...lines.map((line) => line.length)) + 4;
  console.log(
    `\n${"!".repeat(width)}\n${lines.map((line) => `! ${line.padEnd(width - 4)} !`).join("\n")}\n${"!".repeat(width)}\n`,
  );
}

async function mariadbReachable() {
  const require = createRequire(path.join(root, "packages/server/package.json"));
  const mysql = require("mysql2/promise");
  try {
    const connection = await mysql.createConnection({ uri: mariadbUrl, connectTimeout: 3000 });
    await connection.end();
    return true;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

try {
  ensureDependencies();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  console.log("\n0 passed, 1 failed");
  process.exit(1);
}
if (!ensureChromium()) console.log("Chromium is missing and cannot be installed here: the browser tests will fail and say so.");

// `--scope api|e2e` (pnpm test:api, test:e2e); path patterns; Jest's own flags, `-t` with its value.
let scope = "all";
const jestFlags = [];
const pathPatterns = [];
const args = process.argv.slice(2).filter((arg) => arg !== "--");
for (let index = 0; index < args.length; index += 1) {
  const arg = args[index];
  if (arg === "--scope") scope = args[++index];
  else if (arg === "-t" || arg === "--testNamePattern") jestFlags.push(arg, args[++index]);
  else if (arg.startsWith("-")) jestFlags.push(arg);
  else pathPatterns.push(arg);
}
// The whole run, as CI does it; anything narrower is a developer's inner loop.
const full = scope === "all" && pathPatterns.length === 0 && jestFlags.length === 0;
const wants = (project) => scope === "all" || (scope === "api" ? project !== "e2e" : project === "e2e");

if (full) {
  const before = digest();
  const generated = run("pnpm", ["generate"]);
  check("generated files are up to date (`pnpm generate` changed nothing)", generated && digest() === before);
  // Each of these keeps about one core busy: together they take the time of the longest.
  const [typecheck, lint, web] = await runTogether([
    ["pnpm", ["typecheck"]],
    ["pnpm", ["lint"]],
    ["pnpm", ["--filter", "@roster/web", "build"]],
  ]);
  check("typecheck", typecheck);
  check("lint", lint);
  check("web build", web);
} else {
  // Some API tests run the built server (production starts, Node 24); the browser suite, the built SPA.
  if (wants("api:sqlite") && buildIsStale(["packages/server/dist/main.js"]))
    check("server build", run("pnpm", ["--filter", "@roster/server", "build"]));
  // The SPA only for a run that includes a browser test.
  const e2eFiles = fs.readdirSync(path.join(root, "packages/web/e2e")).map((file) => path.join(root, "packages/web/e2e", file));
  const e2eSelected =
    wants("e2e") && (!pathPatterns.length || e2eFiles.some((file) => new RegExp(pathPatterns.join("|")).test(file)));
  if (e2eSelected && buildIsStale(["packages/web/dist/index.html"])) {
    check("web build", run("pnpm", ["--filter", "@roster/web", "build"]));
  }
}

const projects = ["unit", "api:sqlite", "e2e"].filter(wants);
const mariadb = wants("api:mariadb") ? await mariadbReachable() : false;
if (mariadb === true) {
  projects.push("api:mariadb");
} else if (!wants("api:mariadb")) {
  // The browser suite alone does not need it.
} else {
  banner([
    `MariaDB is not reachable at ${mariadbUrl}: ${mariadb}`,
    "The API suite runs on SQLite only.",
    "Start it: start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd",
    ci ? "CI=true: this counts as a failure." : "Outside CI this is a warning; CI fails on it.",
  ]);
  if (ci) check("MariaDB is reachable", false);
}

const selection = pathPatterns.length ? ["--testPathPatterns", pathPatterns.join("|")] : [];
const filtered = jestFlags.some((flag) => flag === "-t" || flag.startsWith("--testNamePattern"));

/**
 * One Jest run over `runProjects`, its counts added to the results. Two workers for the API
 * suites: most of their time is spent waiting on MariaDB or on a timer, so two test files at once
 * cut the run by about a quarter on two cores. The browser suite keeps one: two Chromiums and
 * their servers at once would compete for two cores, and its waits are timed.
 */
function jestRun(runProjects, workers) {
  if (!runProjects.length) return;
  const report = path.join(os.tmpdir(), `roster-jest-${process.pid}-${runProjects.join("-").replaceAll(":", "")}.json`);
  const args = ["--selectProjects", ...runProjects, `--maxWorkers=${workers}`, "--json", `--outputFile=${report}`];
  // A pattern may match nothing in one of the two runs.
  if (selection.length) args.push("--passWithNoTests");
  run("node_modules/.bin/jest", [...args, ...selection, ...jestFlags]);
  if (!fs.existsSync(report)) {
    check(`jest produced a report (${runProjects.join(", ")})`, false);
    return;
  }
  const jest = JSON.parse(fs.readFileSync(report, "utf8"));
  results.passed += jest.numPassedTests;
  results.failed += jest.numFailedTests + jest.numRuntimeErrorTestSuites;
  // A pending (skipped) test is not a pass: it is reported as a failure so nothing hides behind it.
  // Only a filter the developer typed (`-t`) may leave tests out, and then they are said to be.
  const skipped = jest.numPendingTests + jest.numTodoTests;
  if (full || !filtered) results.failed += skipped;
  else if (skipped) console.log(`(${skipped} tests left out by your -t filter)`);
  fs.rmSync(report);
}

// ROSTER_TEST_WORKERS: the API suites' workers on a machine with more cores.
jestRun(
  projects.filter((project) => project !== "e2e"),
  Number(process.env.ROSTER_TEST_WORKERS) || 2,
);
jestRun(
  projects.filter((project) => project === "e2e"),
  1,
);

// Only in a full run, and only where an engine answers: the development machines have the
// docker command but no engine.
if (full) {
  const engine = spawnSync("docker", ["info"], { cwd: root, stdio: "ignore", timeout: 30_000 });
  if (engine.status === 0) {
    check("Docker image build (docker/Dockerfile)", run("docker", ["build", "-f", "docker/Dockerfile", "."]));
  } else {
    const why = engine.error?.code === "ENOENT" ? "no docker command" : "docker info failed";
    console.log(`- Docker image build: skipped, no Docker engine (${why})`);
  }
}

console.log(`\n${results.passed} passed, ${results.failed} failed`);
process.exit(results.failed === 0 ? 0 : 1);
