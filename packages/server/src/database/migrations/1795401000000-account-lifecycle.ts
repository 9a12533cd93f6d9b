/**
 * Account lifecycle: the audit log of every change, and business hours for agents' presence
 * (with a default Monday-to-Friday schedule).
 */
import { Table, type MigrationInterface, type QueryRunner } from "typeorm";
import { datetime, foreignKey, index, int, varchar } from "./columns";

export class AccountLifecycle1795401000000 implements MigrationInterface {
  name = "AccountLifecycle1795401000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "audit_events",
        columns: [
          { ...int("id"), isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          varchar("action", 48),
          varchar("actorType", 16),
          int("actorId", true),
          varchar("actorName", 200),
          { ...varchar("targetType", 16), default: "'USER'" },
          int("targetId"),
          varchar("fromState", 16, true),
          varchar("toState", 16, true),
          varchar("reason", 500, true),
          { name: "details", type: "text", isNullable: true },
          datetime("occurredAt"),
        ],
        indices: [
          index("IDX_audit_events_target", ["targetType", "targetId", "occurredAt", "id"]),
          index("IDX_audit_events_occurredAt", ["occurredAt", "id"]),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "business_hours",
        columns: [
          { ...int("id"), isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          int("agentId", true),
          varchar("timezone", 64),
          { name: "intervals", type: "text" },
          datetime("updatedAt"),
        ],
        indices: [index("UQ_business_hours_agentId", ["agentId"], true)],
        foreignKeys: [foreignKey("FK_business_hours_agent", "agentId", "users", "CASCADE")],
      }),
    );
    const weekdays = [1, 2, 3, 4, 5].map((day) => ({ day, start: "09:00", end: "17:00" }));
    await queryRunner.query(
      "INSERT INTO `business_hours` (`agentId`, `timezone`, `intervals`, `updatedAt`) VALUES (NULL, ?, ?, ?)",
      [
        "UTC",
        JSON.stringify(weekdays),
        // UTC text: what both drivers store for a datetime(3) column.
        new Date().toISOString().replace("T", " ").replace("Z", ""),
      ],
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("business_hours");
    await queryRunner.dropTable("audit_events");
  }
}
