/** Saved segments. */
import { Table, type MigrationInterface, type QueryRunner } from "typeorm";
import { foreignKey, index, int, timestamps, varchar } from "./columns";

export class Segments1795403000000 implements MigrationInterface {
  name = "Segments1795403000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "segments",
        columns: [
          { ...int("id"), isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          varchar("name", 100),
          { name: "query", type: "text" },
          { name: "shared", type: "boolean" },
          int("ownerId", true),
          int("version"),
          ...timestamps,
        ],
        indices: [index("IDX_segments_owner", ["ownerId"])],
        foreignKeys: [foreignKey("FK_segments_owner", "ownerId", "users", "CASCADE")],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("segments");
  }
}
