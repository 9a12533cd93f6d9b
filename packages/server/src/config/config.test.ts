import { createDataSource, DatabaseUnreachableError } from "../database/data-source";
import { ConfigError, loadConfig } from "./config";

describe("configuration", () => {
  test("defaults: port 4000, the embedded database with demo data and the demo administrator", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 4000, databaseUrl: undefined, demoData: true, admin: { email: "admin@roster.test" } });
  });

  test("production on MySQL creates no administrator unless told to, and never demo data", () => {
    const config = loadConfig({ NODE_ENV: "production", DATABASE_URL: "mysql://roster@db/roster" });
    expect(config.admin).toBeUndefined();
    expect(config.demoData).toBe(false);
  });

  test.each([
    [{ DATABASE_URL: "postgres://db/roster" }, "DATABASE_URL: must be a mysql:// URL"],
    [{ PORT: "eighty" }, "PORT:"],
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
      dataDir: "/tmp",
      queryTimeoutMs: 1000,
    });
    await expect(attempt).rejects.toThrow(DatabaseUnreachableError);
    await expect(attempt).rejects.toThrow(/^DATABASE_URL: cannot connect to mysql:\/\/roster:\*\*\*@127\.0\.0\.1:1\/roster/);
    await expect(attempt).rejects.not.toThrow(/hunter2/);
  });
});
