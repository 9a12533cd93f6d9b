/**
 * What the README's two commands need before anything else, with only Node 20 on the machine:
 * pnpm, the dependencies (native ones built against the local Node headers), and Chromium for
 * the browser tests. Plain Node, no dependencies, so it runs before `pnpm install`.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** The pnpm of package.json's `packageManager` ("pnpm@12.21.0"), pinned there once for the scripts and the Dockerfile. */
const PNPM_VERSION = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).packageManager.replace(/^pnpm@/, "");

/** Runs a command in the repository, output shown; returns whether it succeeded. */
export function run(command, args, options = {}) {
  console.log(`\n$ ${[command, ...args].join(" ")}`);
  return spawnSync(command, args, { cwd: root, stdio: "inherit", ...options }).status === 0;
}

/**
 * Commands at once (each is mostly one busy core), each one's output printed whole as it ends so
 * that none interleave; resolves to whether each exited 0.
 */
export function runTogether(commands) {
  return Promise.all(
    commands.map(
      ([command, args]) =>
        new Promise((resolve) => {
          const output = [];
          const child = spawn(command, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
          child.stdout.on("data", (chunk) => output.push(chunk));
          child.stderr.on("data", (chunk) => output.push(chunk));
          child.on("error", (error) => output.push(Buffer.from(`${error.message}\n`)));
          child.on("close", (code) => {
            console.log(`\n$ ${[command, ...args].join(" ")}`);
            process.stdout.write(Buffer.concat(output));
            resolve(code === 0);
          });
        }),
    ),
  );
}

const quietly = (command, args) => spawnSync(command, args, { cwd: root, stdio: "ignore" }).status === 0;

/** pnpm itself: the installed one (a note when it is not the pinned version), else the pinned version installed globally with npm. */
export function ensurePnpm() {
  const installed = spawnSync("pnpm", ["--version"], { cwd: root, encoding: "utf8" });
  if (installed.status === 0) {
    const version = installed.stdout.trim();
    if (version !== PNPM_VERSION)
      console.log(`pnpm ${version} is installed; Roster pins ${PNPM_VERSION} (npm install --global pnpm@${PNPM_VERSION}).`);
    return;
  }
  if (!run("npm", ["install", "--global", `pnpm@${PNPM_VERSION}`]) || !quietly("pnpm", ["--version"])) {
    throw new Error(`Could not install pnpm ${PNPM_VERSION}: run \`npm install --global pnpm@${PNPM_VERSION}\` and try again.`);
  }
}

export function ensureDependencies() {
  ensurePnpm();
  // better-sqlite3 builds from source; with Node's headers installed locally (Debian's nodejs
  // package), node-gyp uses them instead of downloading them.
  if (!process.env.npm_config_nodedir && fs.existsSync("/usr/include/node/node.h")) process.env.npm_config_nodedir = "/usr";
  const installed = path.join(root, "node_modules/.modules.yaml");
  const lockfile = path.join(root, "pnpm-lock.yaml");
  if (fs.existsSync(installed) && fs.statSync(installed).mtimeMs >= fs.statSync(lockfile).mtimeMs) return;
  if (!run("pnpm", ["install", "--frozen-lockfile"])) throw new Error("pnpm install failed; see above.");
}

/** Debian's Chromium for the browser tests (no browser downloads on these machines). */
export function ensureChromium(executable = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium") {
  if (fs.existsSync(executable)) return true;
  const canInstall = process.getuid?.() === 0 && quietly("apt-get", ["--version"]);
  if (!canInstall) return false;
  return (
    run("apt-get", ["install", "-y", "chromium"]) || (run("apt-get", ["update"]) && run("apt-get", ["install", "-y", "chromium"]))
  );
}

// What a build is made of: every package's sources and configuration (its package.json,
// tsconfig files, vite.config.ts, index.html…) and the repository's own. Tests and what the
// build writes are not: editing a test must not rebuild, and a build must not outdate itself.
const ROOT_SOURCES = ["package.json", "pnpm-lock.yaml", "pnpm-workspace.yaml", "tsconfig.base.json", "codegen.yml"];
const NOT_SOURCES = new Set(["node_modules", "dist", "test", "e2e", "generated"]);

function newest(entry) {
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  const names = fs.readdirSync(entry).filter((name) => !NOT_SOURCES.has(name) && !name.endsWith(".test.ts"));
  return Math.max(0, ...names.map((name) => newest(path.join(entry, name))));
}

/** Whether any of `outputs` (paths from the repository root) is missing or older than a source of the build. */
export function buildIsStale(outputs) {
  const files = outputs.map((file) => path.join(root, file));
  if (!files.every((file) => fs.existsSync(file))) return true;
  const built = Math.min(...files.map((file) => fs.statSync(file).mtimeMs));
  const sources = [
    ...ROOT_SOURCES.map((file) => path.join(root, file)),
    ...fs.readdirSync(path.join(root, "packages")).map((name) => path.join(root, "packages", name)),
  ];
  return sources.some((source) => fs.existsSync(source) && newest(source) > built);
}
