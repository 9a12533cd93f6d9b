import fs from "node:fs";
import path from "node:path";
import { schemaDrift } from "../src/database/schema-drift";
import { schemaFileText } from "../src/schema/build-schema";
import { startTestRoster, testDatabase, type TestRoster } from "./support/roster";

let roster: TestRoster;
beforeAll(async () => {
  roster = await startTestRoster();
});
afterAll(() => roster.stop());

test(`the migrated ${testDatabase} schema matches the entities`, async () => {
  expect(await schemaDrift(roster.dataSource)).toEqual([]);
});

test("email and username compare case-insensitively, as on MariaDB's _ci collations", async () => {
  // SQLite needs NOCASE on the column; TypeORM's SQLite table rebuild (when a migration adds a
  // column) silently drops it, which this catches.
  const [row] = await roster.dataSource.query("SELECT COUNT(*) AS n FROM users WHERE email = ?", ["ADMIN@ROSTER.TEST"]);
  expect(Number(row.n)).toBe(1);
});

test("migrations can be undone and redone", async () => {
  const { dataSource } = roster;
  for (let step = 0; step < dataSource.migrations.length; step += 1) await dataSource.undoLastMigration({ transaction: "each" });
  const queryRunner = dataSource.createQueryRunner();
  try {
    for (const entity of dataSource.entityMetadatas) {
      expect([entity.tableName, await queryRunner.hasTable(entity.tableName)]).toEqual([entity.tableName, false]);
    }
  } finally {
    await queryRunner.release();
  }
  await dataSource.runMigrations({ transaction: "each" });
  expect(await schemaDrift(dataSource)).toEqual([]);
});

test("the committed schema.graphql is what the resolvers produce (run `pnpm generate`)", async () => {
  const committed = fs.readFileSync(path.join(__dirname, "../schema.graphql"), "utf8");
  expect(committed).toBe(await schemaFileText());
});
