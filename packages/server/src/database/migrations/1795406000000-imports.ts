/** CSV imports and their rejected rows. */
import { Table, type MigrationInterface, type QueryRunner } from "typeorm";
import { datetime, foreignKey, int, varchar } from "./columns";

export class Imports1795406000000 implements MigrationInterface {
  name = "Imports1795406000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "import_jobs",
        columns: [
          { ...int("id"), isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          varchar("fileName", 255),
          varchar("filePath", 1000),
          { name: "mapping", type: "text" },
          varchar("status", 16),
          int("processedRows"),
          int("created"),
          int("updated"),
          int("unchanged"),
          int("rejected"),
          int("fileBytes"),
          int("bytesDone"),
          varchar("error", 1000, true),
          varchar("actorType", 16),
          int("actorId", true),
          varchar("actorName", 200),
          datetime("createdAt"),
          datetime("finishedAt", true),
          datetime("leaseUntil", true),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "import_rejections",
        columns: [
          { ...int("jobId"), isPrimary: true },
          { ...int("line"), isPrimary: true },
          varchar("reason", 500),
          { name: "raw", type: "text" },
        ],
        foreignKeys: [foreignKey("FK_import_rejections_job", "jobId", "import_jobs", "CASCADE")],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("import_rejections");
    await queryRunner.dropTable("import_jobs");
  }
}
