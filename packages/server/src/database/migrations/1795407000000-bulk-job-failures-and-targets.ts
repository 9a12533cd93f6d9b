/**
 * A bulk job that fails says why, like an import (jobs/leased-job.ts); and a job over a list of
 * people keeps the list as rows, not as one JSON text, which MariaDB's `text` capped at about
 * 6,000 ids.
 */
import { Table, TableColumn, type MigrationInterface, type QueryRunner } from "typeorm";
import { foreignKey, int, varchar } from "./columns";

const CHUNK = 500;

export class BulkJobFailuresAndTargets1795407000000 implements MigrationInterface {
  name = "BulkJobFailuresAndTargets1795407000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    // bulk_jobs has no NOCASE column, and foreign keys are off while migrations run forward, so
    // SQLite's table rebuild for these column changes loses nothing.
    await queryRunner.addColumn("bulk_jobs", new TableColumn(varchar("error", 1000, true)));
    await queryRunner.createTable(
      new Table({
        name: "bulk_job_targets",
        columns: [
          { ...int("jobId"), isPrimary: true },
          { ...int("userId"), isPrimary: true },
        ],
        // Like the results, targets outlive deleted people (a DELETE job reports on them).
        foreignKeys: [foreignKey("FK_bulk_job_targets_job", "jobId", "bulk_jobs", "CASCADE")],
      }),
    );
    const jobs = (await queryRunner.query("SELECT id, targetIds FROM bulk_jobs WHERE targetIds IS NOT NULL")) as {
      id: number;
      targetIds: string;
    }[];
    for (const { id, targetIds } of jobs) {
      const ids = JSON.parse(targetIds) as number[];
      for (let start = 0; start < ids.length; start += CHUNK) {
        const chunk = ids.slice(start, start + CHUNK);
        await queryRunner.query(
          `INSERT INTO bulk_job_targets (jobId, userId) VALUES ${chunk.map(() => "(?, ?)").join(", ")}`,
          chunk.flatMap((userId) => [id, userId]),
        );
      }
    }
    await queryRunner.dropColumn("bulk_jobs", "targetIds");
    await queryRunner.addColumn("bulk_jobs", new TableColumn({ name: "byIds", type: "boolean", default: 0 }));
    await queryRunner.query("UPDATE bulk_jobs SET byIds = 1 WHERE segment IS NULL");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Native ALTERs only: TypeORM changes a SQLite column by rebuilding the table, and dropping
    // bulk_jobs to rebuild it would cascade to every job's results and targets (foreign keys
    // are on inside an undo's transaction). On MariaDB the list goes back into MEDIUMTEXT: a
    // plain text column is what capped lists at about 6,000 ids.
    const sqlite = queryRunner.connection.driver.options.type === "better-sqlite3";
    await queryRunner.query(`ALTER TABLE bulk_jobs ADD COLUMN targetIds ${sqlite ? "text" : "mediumtext"} NULL`);
    const jobs = (await queryRunner.query("SELECT DISTINCT jobId FROM bulk_job_targets")) as { jobId: number }[];
    for (const { jobId } of jobs) {
      const rows = (await queryRunner.query("SELECT userId FROM bulk_job_targets WHERE jobId = ? ORDER BY userId", [jobId])) as {
        userId: number;
      }[];
      await queryRunner.query("UPDATE bulk_jobs SET targetIds = ? WHERE id = ?", [
        JSON.stringify(rows.map(({ userId }) => userId)),
        jobId,
      ]);
    }
    await queryRunner.query("ALTER TABLE bulk_jobs DROP COLUMN byIds");
    await queryRunner.dropTable("bulk_job_targets");
    await queryRunner.query("ALTER TABLE bulk_jobs DROP COLUMN error");
  }
}
