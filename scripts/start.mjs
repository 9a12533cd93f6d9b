#!/usr/bin/env node
/**
 * `node scripts/start.mjs` (or `pnpm start`): installs what is missing, builds the server and
 * the SPA, and starts Roster on one port. Without DATABASE_URL it runs on the embedded database,
 * filled with demo data on first start. The server reads `.env` (README "Configuration").
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ensureDependencies, root, run } from "./lib/setup.mjs";

const sources = [
  "packages/person/src",
  "packages/segments/src",
  "packages/server/src",
  "packages/web/src",
  "packages/web/index.html",
  "codegen.yml",
  "pnpm-lock.yaml",
];
const outputs = ["packages/server/dist/main.js", "packages/web/dist/index.html"];

function newest(entry) {
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(entry).map((name) => newest(path.join(entry, name))));
}

/** Builds unless both builds exist and are newer than every source. */
function buildNeeded() {
  const absolute = (file) => path.join(root, file);
  if (!outputs.every((file) => fs.existsSync(absolute(file)))) return true;
  const built = Math.min(...outputs.map((file) => fs.statSync(absolute(file)).mtimeMs));
  return sources.some((file) => fs.existsSync(absolute(file)) && newest(absolute(file)) > built);
}

try {
  ensureDependencies();
  if (buildNeeded() && !run("pnpm", ["build"])) throw new Error("The build failed; see above.");
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
