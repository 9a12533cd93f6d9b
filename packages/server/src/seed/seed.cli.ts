/**
 * `pnpm seed --users N [--organizations N] [--communications-per-user N] [--agents N] [--seed N]`:
 * adds generated people to the configured database (DATABASE_URL, or the embedded one).
 */
import "reflect-metadata";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig, loadEnvironmentFile } from "../config/config";
import { openDatabase, DatabaseUnreachableError, redactUrl } from "../database/data-source";
import { seedPeople } from "./seed-generator";

const usage = "Usage: pnpm seed --users N [--organizations N] [--communications-per-user N] [--agents N] [--seed N]";

function count(flag: string, value: string | undefined, { required = false, min = 0 } = {}): number | undefined {
  if (value === undefined) {
    if (required) throw new Error(`--${flag} is required.\n${usage}`);
    return undefined;
  }
  const number = Number(value);
  if (!Number.isInteger(number) || number < min)
    throw new Error(`--${flag} must be a whole number of at least ${min}, got "${value}".`);
  return number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      users: { type: "string" },
      organizations: { type: "string" },
      "communications-per-user": { type: "string" },
      agents: { type: "string" },
      seed: { type: "string" },
    },
  });
  const options = {
    users: count("users", values.users, { required: true, min: 1 })!,
    organizations: count("organizations", values.organizations, { min: 1 }),
    communicationsPerUser: count("communications-per-user", values["communications-per-user"]),
    agents: count("agents", values.agents),
    seed: count("seed", values.seed),
  };
  loadEnvironmentFile();
  const config = loadConfig();
  const dataSource = await openDatabase(config);
  try {
    console.log(`Seeding ${config.databaseUrl ? redactUrl(config.databaseUrl) : `the embedded database in ${config.dataDir}`}…`);
    const started = performance.now();
    const summary = await seedPeople(dataSource, { ...options, onProgress: (message) => console.log(`  ${message}`) });
    const seconds = (performance.now() - started) / 1000;
    console.table(summary);
    console.log(`Done in ${seconds.toFixed(1)} s.`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  const badFlag =
    error instanceof Error &&
    (error.message.startsWith("--") || String((error as { code?: unknown }).code).startsWith("ERR_PARSE_ARGS"));
  const expected = badFlag || error instanceof ConfigError || error instanceof DatabaseUnreachableError;
  if (expected) console.error(`${(error as Error).message}${badFlag ? `\n${usage}` : ""}`);
  // Not the error object itself: a failed multi-row INSERT would print megabytes of SQL.
  else console.error("Seeding failed:", error instanceof Error ? error.message.slice(0, 2000) : error);
  process.exit(1);
});
