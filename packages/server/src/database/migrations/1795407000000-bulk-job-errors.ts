/** A bulk job that fails says why, like an import (jobs/leased-job.ts). */
import { TableColumn, type MigrationInterface, type QueryRunner } from "typeorm";
import { varchar } from "./columns";

export class BulkJobErrors1795407000000 implements MigrationInterface {
  name = "BulkJobErrors1795407000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    // bulk_jobs has no NOCASE column, so SQLite's table rebuild for addColumn loses nothing.
    await queryRunner.addColumn("bulk_jobs", new TableColumn(varchar("error", 1000, true)));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn("bulk_jobs", "error");
  }
}
