/**
 * Segment enter/leave for webhooks (Roster issue 19): each webhook's members of its saved
 * segment, when its segment was last evaluated over everyone, and deliveries that are not feed
 * events (no change event). webhooks and webhook_deliveries have no NOCASE column, and foreign
 * keys are off while migrations run forward, so SQLite's table rebuilds for these column
 * changes lose nothing.
 */
import { Table, TableColumn, type MigrationInterface, type QueryRunner } from "typeorm";
import { datetime, foreignKey, int } from "./columns";

export class WebhookSegments1795409400000 implements MigrationInterface {
  name = "WebhookSegments1795409400000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn("webhooks", new TableColumn(datetime("segmentEvaluatedAt", true)));
    await queryRunner.changeColumn("webhook_deliveries", "changeEventId", new TableColumn(int("changeEventId", true)));
    await queryRunner.createTable(
      new Table({
        name: "webhook_segment_members",
        columns: [{ ...int("webhookId"), isPrimary: true }, { ...int("userId"), isPrimary: true }, int("segmentId")],
        // No foreign key to users: a deleted member's row outlives them until their segment.left is queued.
        foreignKeys: [
          foreignKey("FK_webhook_segment_members_webhook", "webhookId", "webhooks", "CASCADE"),
          foreignKey("FK_webhook_segment_members_segment", "segmentId", "segments", "CASCADE"),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("webhook_segment_members");
    await queryRunner.query("DELETE FROM webhook_deliveries WHERE changeEventId IS NULL");
    await queryRunner.changeColumn("webhook_deliveries", "changeEventId", new TableColumn(int("changeEventId")));
    await queryRunner.dropColumn("webhooks", "segmentEvaluatedAt");
  }
}
