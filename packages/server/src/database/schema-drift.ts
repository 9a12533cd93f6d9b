import type { DataSource } from "typeorm";

/**
 * The statements TypeORM would run to make the migrated schema match the entities.
 * Empty means they agree; anything else is a migration someone forgot to write.
 */
export async function schemaDrift(dataSource: DataSource): Promise<string[]> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return sql.upQueries.map((query) => query.query);
}
