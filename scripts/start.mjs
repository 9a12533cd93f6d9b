#!/usr/bin/env node
/**
 * `node scripts/start.mjs` (or `pnpm start`): installs what is missing, builds the server and
 * the SPA, and starts Roster on one port. Without DATABASE_URL it runs on the embedded database,
 * filled with demo data on first start.
 */
import { spawn } from "node:child_process";
import { ensureDependencies, root, run } from "./lib/setup.mjs";

try {
  ensureDependencies();
  if (!run("pnpm", ["build"])) throw new Error("The build failed; see above.");
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

const server = spawn(process.execPath, ["--enable-source-maps", "packages/server/dist/main.js"], { cwd: root, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
