#!/usr/bin/env node
/**
 * `node scripts/start.mjs` (or `pnpm start`): installs what is missing, builds the server and
 * the SPA, and starts Roster on one port. Without DATABASE_URL it runs on the embedded database,
 * filled with demo data on first start. The server reads `.env` (README "Configuration").
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { buildIsStale, ensureDependencies, root, run } from "./lib/setup.mjs";

const outputs = ["packages/server/dist/main.js", "packages/web/dist/index.html"];

try {
  ensureDependencies();
  // Both builds, whenever a source of either changed (scripts/lib/setup.mjs).
  if (buildIsStale(outputs) && !run("pnpm", ["build"])) throw new Error("The build failed; see above.");
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

// The server reads `.env` in its own working directory, the repository; a `.env` where this
// command was run (or a relative ROSTER_ENV_FILE) is named to it by its absolute path instead.
const envFile = path.resolve(process.env.ROSTER_ENV_FILE || ".env");
const env = process.env.ROSTER_ENV_FILE || fs.existsSync(envFile) ? { ...process.env, ROSTER_ENV_FILE: envFile } : process.env;
const server = spawn(process.execPath, ["--enable-source-maps", "packages/server/dist/main.js"], {
  cwd: root,
  stdio: "inherit",
  env,
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
