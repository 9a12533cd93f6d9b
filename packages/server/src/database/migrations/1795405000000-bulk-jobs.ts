/** Bulk jobs and their per-person results. */
import { Table, type MigrationInterface, type QueryRunner } from "typeorm";
import { datetime, foreignKey, index, int, varchar } from "./columns";

export class BulkJobs1795405000000 implements MigrationInterface {
  name = "BulkJobs1795405000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "bulk_jobs",
        columns: [
          { ...int("id"), isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          varchar("action", 32),
          { name: "parameters", type: "text" },
          { name: "targetIds", type: "text", isNullable: true },
          { name: "segment", type: "text", isNullable: true },
          varchar("status", 16),
          int("total"),
          int("processed"),
          int("succeeded"),
          int("skipped"),
          int("failed"),
          int("cursor"),
          varchar("actorType", 16),
          int("actorId", true),
          varchar("actorName", 200),
          datetime("createdAt"),
          datetime("startedAt", true),
          datetime("finishedAt", true),
          datetime("cancelRequestedAt", true),
          datetime("leaseUntil", true),
        ],
        indices: [index("IDX_bulk_jobs_status", ["status", "id"])],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "bulk_job_results",
        columns: [
          { ...int("jobId"), isPrimary: true },
          { ...int("userId"), isPrimary: true },
          varchar("displayName", 200),
          varchar("outcome", 16),
          varchar("reason", 500, true),
          datetime("processedAt"),
        ],
        // The results outlive deleted people (DELETE jobs report on them), so no key to users.
        foreignKeys: [foreignKey("FK_bulk_job_results_job", "jobId", "bulk_jobs", "CASCADE")],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("bulk_job_results");
    await queryRunner.dropTable("bulk_jobs");
  }
}
