import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseEnv } from "node:util";
import { createDataSource, DatabaseUnreachableError } from "../database/data-source";
import { ConfigError, configVariables, configWarnings, ENV_FILE_VARIABLE, loadConfig } from "./config";

const repositoryRoot = path.resolve(__dirname, "../../../..");
const production = { NODE_ENV: "production", ROSTER_PUBLIC_URL: "https://roster.example.com" };

describe("configuration", () => {
  test("defaults: port 4000, the embedded database with demo data and the demo administrator", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 4000, databaseUrl: undefined, demoData: true, admin: { email: "admin@roster.test" } });
  });

  test("production on MySQL creates no administrator unless told to, and never demo data", () => {
    const config = loadConfig({ ...production, DATABASE_URL: "mysql://roster@db/roster" });
    expect(config.admin).toBeUndefined();
    expect(config.demoData).toBe(false);
  });

  test("production on the embedded database creates no demo data either, and says so loudly", () => {
    const config = loadConfig({ ...production, ROSTER_DEMO_DATA: "auto" });
    expect(config.demoData).toBe(false);
    expect(configWarnings(config)).toEqual([
      expect.stringMatching(/^Production on the embedded SQLite database .*Set DATABASE_URL/),
    ]);
    expect(configWarnings(loadConfig({ ...production, DATABASE_URL: "mysql://roster@db/roster" }))).toEqual([]);
    expect(configWarnings(loadConfig({}))).toEqual([]);
  });

  test("production needs ROSTER_PUBLIC_URL, and warns when it is plain HTTP on another host than this one", () => {
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(/ROSTER_PUBLIC_URL is required in production/);
    const withUrl = (url: string) =>
      configWarnings(loadConfig({ ...production, DATABASE_URL: "mysql://db/roster", ROSTER_PUBLIC_URL: url }));
    expect(withUrl("http://roster.example.com")).toEqual([
      expect.stringMatching(/^ROSTER_PUBLIC_URL is plain HTTP .*nobody can sign in/),
    ]);
    expect(withUrl("http://localhost:4000")).toEqual([]);
    expect(withUrl("https://roster.example.com/")).toEqual([]);
    expect(loadConfig({ ...production, ROSTER_PUBLIC_URL: "https://roster.example.com/" }).publicUrl).toBe(
      "https://roster.example.com",
    );
  });

  test("replicas are a comma-separated list; the read-your-writes window defaults to 5 s", () => {
    const config = loadConfig({
      DATABASE_URL: "mysql://db/roster",
      DATABASE_REPLICA_URLS: " mysql://r1/roster ,mysql://r2/roster,",
    });
    expect(config.databaseReplicaUrls).toEqual(["mysql://r1/roster", "mysql://r2/roster"]);
    expect(config.readYourWritesMs).toBe(5000);
    expect(loadConfig({}).databaseReplicaUrls).toEqual([]);
  });

  test("an empty value is an unset one", () => {
    expect(loadConfig({ PORT: "", ROSTER_LOGIN_ADDRESS_ATTEMPTS: " ", ROSTER_MAIL_FROM: "" })).toEqual(loadConfig({}));
  });

  test.each([
    [{ DATABASE_URL: "postgres://db/roster" }, "DATABASE_URL: must be a mysql:// URL"],
    [{ PORT: "eighty" }, "PORT:"],
    [
      { DATABASE_URL: "mysql://db/roster", DATABASE_REPLICA_URLS: "mysql://r1/roster, http://r2/roster" },
      "DATABASE_REPLICA_URLS.1: each must be a mysql:// URL of a replica of DATABASE_URL",
    ],
    [{ DATABASE_REPLICA_URLS: "mysql://r1/roster" }, "DATABASE_REPLICA_URLS needs DATABASE_URL"],
    [{ ROSTER_READ_YOUR_WRITES_MS: "-1" }, "ROSTER_READ_YOUR_WRITES_MS:"],
    [{ ROSTER_PUBLIC_URL: "roster.example.com" }, "ROSTER_PUBLIC_URL: must be an absolute http:// or https:// URL"],
    [{ ROSTER_PUBLIC_URL: "ftp://roster.example.com" }, "ROSTER_PUBLIC_URL: must be an absolute http:// or https:// URL"],
    [{ ROSTER_ADMIN_EMAIL: "not-an-email", ROSTER_ADMIN_PASSWORD: "long enough" }, "ROSTER_ADMIN_EMAIL:"],
    [{ ROSTER_ADMIN_EMAIL: "boss@example.com" }, "ROSTER_ADMIN_EMAIL and ROSTER_ADMIN_PASSWORD go together"],
    [
      { ROSTER_ADMIN_EMAIL: "boss@example.com", ROSTER_ADMIN_PASSWORD: "short" },
      "ROSTER_ADMIN_PASSWORD: must be at least 8 characters",
    ],
  ])("%j is refused, naming the variable", (environment, message) => {
    expect(() => loadConfig(environment)).toThrow(ConfigError);
    expect(() => loadConfig(environment)).toThrow(message);
  });

  test("an unreachable database is named, without its password", async () => {
    const attempt = createDataSource({
      databaseUrl: "mysql://roster:hunter2@127.0.0.1:1/roster",
      databaseReplicaUrls: [],
      dataDir: "/tmp",
      queryTimeoutMs: 1000,
    });
    await expect(attempt).rejects.toThrow(DatabaseUnreachableError);
    await expect(attempt).rejects.toThrow(/^DATABASE_URL: cannot connect to mysql:\/\/roster:\*\*\*@127\.0\.0\.1:1\/roster/);
    await expect(attempt).rejects.not.toThrow(/hunter2/);
  });
});

describe("the documented configuration", () => {
  const readme = fs.readFileSync(path.join(repositoryRoot, "README.md"), "utf8");
  const example = fs.readFileSync(path.join(repositoryRoot, ".env.example"), "utf8");
  /** Variables read straight from process.env elsewhere in the server (not by benches). */
  const readElsewhere = (function collect(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === "bench" ? [] : collect(file);
      if (!entry.name.endsWith(".ts") || entry.name.endsWith(".test.ts")) return [];
      return [...fs.readFileSync(file, "utf8").matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)].map((match) => match[1]);
    });
  })(path.resolve(__dirname, ".."));
  const variables = [...new Set([...configVariables, ...readElsewhere])];

  test("reads the variables it is expected to, including ones read outside config.ts", () => {
    expect(configVariables).toEqual(expect.arrayContaining(["PORT", "ROSTER_RATE_LIMIT_PER_MINUTE", "ROSTER_QUERY_TIMEOUT_MS"]));
    expect(readElsewhere).toContain("ROSTER_TRUST_PROXY");
  });

  test.each([...variables, ENV_FILE_VARIABLE])("README's configuration table lists %s", (name) => {
    const table = readme.slice(readme.indexOf("## Configuration"), readme.indexOf("## Production"));
    expect(table.split("\n").filter((line) => line.startsWith("| ") && line.includes(`\`${name}\``))).toHaveLength(1);
  });

  test.each(variables)(".env.example sets %s", (name) => {
    expect(example).toMatch(new RegExp(`^${name}=`, "m"));
  });

  test(".env.example reads the same in a POSIX shell and in Node, and its values are the defaults", () => {
    const inNode = parseEnv(example);
    const script = `set -a; . ./.env.example; set +a; exec "${process.execPath}" -e 'const names = process.argv.slice(1); console.log(JSON.stringify(Object.fromEntries(names.map((name) => [name, process.env[name]]))))' ${Object.keys(inNode).join(" ")}`;
    const inShell = JSON.parse(
      execFileSync("sh", ["-c", script], { cwd: repositoryRoot, env: { PATH: process.env.PATH }, encoding: "utf8" }),
    );
    expect(inShell).toEqual(inNode);
    expect(Object.keys(inNode).sort()).toEqual([...variables].sort());
    const { ROSTER_TRUST_PROXY, ...forConfig } = inNode;
    expect(ROSTER_TRUST_PROXY).toBe("loopback");
    expect(loadConfig(forConfig)).toEqual(loadConfig({}));
  });
});
