/**
 * `pnpm migration:check`: migrates the configured database (the embedded one by default)
 * and fails when the entities and the migrated schema disagree.
 */
import "reflect-metadata";
import { loadConfig, loadEnvironmentFile } from "../config/config";
import { openDatabase } from "./data-source";
import { schemaDrift } from "./schema-drift";

async function main(): Promise<void> {
  loadEnvironmentFile();
  const dataSource = await openDatabase(loadConfig());
  try {
    const drift = await schemaDrift(dataSource);
    if (drift.length > 0) {
      console.error("Entities and migrations disagree. A new migration must do:\n" + drift.join(";\n"));
      process.exitCode = 1;
    } else {
      console.log(`Schema matches the entities (${dataSource.options.type}).`);
    }
  } finally {
    await dataSource.destroy();
  }
}

void main();
