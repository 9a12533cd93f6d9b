/**
 * The bulk job that wrote an audit event, so the log can show a job as one entry and still
 * reach each person's row. No foreign key: like the rest of the log, the events outlive the job.
 */
import type { MigrationInterface, QueryRunner } from "typeorm";
import { index } from "./columns";

export class AuditBulkJob1795408300000 implements MigrationInterface {
  name = "AuditBulkJob1795408300000";

  async up(queryRunner: QueryRunner): Promise<void> {
    // A native ALTER on both dialects: TypeORM's addColumn rebuilds the table on SQLite, which
    // for the audit log means copying every event ever recorded.
    await queryRunner.query("ALTER TABLE audit_events ADD COLUMN bulkJobId integer NULL");
    await queryRunner.createIndex("audit_events", index("IDX_audit_events_bulkJob", ["bulkJobId", "occurredAt", "id"]));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex("audit_events", "IDX_audit_events_bulkJob");
    await queryRunner.query("ALTER TABLE audit_events DROP COLUMN bulkJobId");
  }
}
