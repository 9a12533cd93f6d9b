/**
 * Webhooks (Roster issue 19): subscriptions and their deliveries, and the `webhooks.manage`
 * permission for the Administrator role. New tables: written the same on MariaDB and SQLite.
 */
import { Table, type MigrationInterface, type QueryRunner } from "typeorm";
import { datetime, foreignKey, index, int, timestamps, varchar } from "./columns";

export class Webhooks1795409300000 implements MigrationInterface {
  name = "Webhooks1795409300000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "webhooks",
        columns: [
          { ...int("id"), isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          varchar("url", 2000),
          { name: "eventList", type: "text" },
          int("segmentId", true),
          varchar("secret", 64),
          varchar("previousSecret", 64, true),
          datetime("previousSecretUntil", true),
          { name: "active", type: "boolean" },
          varchar("disabledReason", 500, true),
          int("ownerId", true),
          int("cursor"),
          datetime("leaseUntil", true),
          ...timestamps,
        ],
        foreignKeys: [
          foreignKey("FK_webhooks_segment", "segmentId", "segments", "SET NULL"),
          foreignKey("FK_webhooks_owner", "ownerId", "users", "SET NULL"),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "webhook_deliveries",
        columns: [
          { ...int("id"), isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          int("webhookId"),
          int("changeEventId"),
          varchar("type", 40),
          varchar("orderKey", 40),
          { name: "payload", type: "text" },
          varchar("status", 16),
          int("attempts"),
          datetime("nextAttemptAt"),
          datetime("retryUntil"),
          datetime("lastAttemptAt", true),
          int("responseStatus", true),
          int("responseTimeMs", true),
          varchar("error", 500, true),
          datetime("createdAt"),
          datetime("deliveredAt", true),
        ],
        indices: [
          index("IDX_webhook_deliveries_due", ["webhookId", "status", "nextAttemptAt"]),
          index("IDX_webhook_deliveries_order", ["webhookId", "orderKey", "id"]),
        ],
        foreignKeys: [foreignKey("FK_webhook_deliveries_webhook", "webhookId", "webhooks", "CASCADE")],
      }),
    );
    await queryRunner.query(
      "INSERT INTO role_permissions (roleId, permission) SELECT id, 'webhooks.manage' FROM roles WHERE systemKey = 'ADMINISTRATOR'",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DELETE FROM role_permissions WHERE permission = 'webhooks.manage'");
    await queryRunner.dropTable("webhook_deliveries");
    await queryRunner.dropTable("webhooks");
  }
}
