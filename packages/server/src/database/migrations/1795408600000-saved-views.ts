/** Saved views of the people list (Roster issue 16). A new table: written the same on MariaDB and SQLite. */
import { Table, type MigrationInterface, type QueryRunner } from "typeorm";
import { foreignKey, index, int, timestamps, varchar } from "./columns";

export class SavedViews1795408600000 implements MigrationInterface {
  name = "SavedViews1795408600000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "saved_views",
        columns: [
          { ...int("id"), isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          varchar("name", 100),
          { name: "shared", type: "boolean" },
          int("ownerId", true),
          varchar("search", 200, true),
          varchar("states", 100),
          { name: "trash", type: "boolean" },
          int("roleId", true),
          { name: "segment", type: "text", isNullable: true },
          int("segmentId", true),
          varchar("sortField", 32),
          varchar("sortDirection", 4),
          { name: "columns", type: "text" },
          int("pageSize"),
          int("version"),
          ...timestamps,
        ],
        indices: [index("IDX_saved_views_owner", ["ownerId"])],
        foreignKeys: [
          foreignKey("FK_saved_views_owner", "ownerId", "users", "CASCADE"),
          foreignKey("FK_saved_views_role", "roleId", "roles", "CASCADE"),
          foreignKey("FK_saved_views_segment", "segmentId", "segments", "CASCADE"),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("saved_views");
  }
}
