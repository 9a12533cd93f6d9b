/**
 * The change feed's outbox (Roster issue 19): `change_events`, written with each change, and
 * the sequencer's one row; the new `changes.read` permission for the Administrator role.
 * New tables: written the same on MariaDB and SQLite.
 */
import { Table, type MigrationInterface, type QueryRunner } from "typeorm";
import { datetime, index, int, varchar } from "./columns";

export class ChangeEvents1795409200000 implements MigrationInterface {
  name = "ChangeEvents1795409200000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "change_events",
        columns: [
          { ...int("id"), isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          int("position", true),
          varchar("type", 40),
          varchar("subjectType", 16),
          int("subjectId"),
          int("personId", true),
          { name: "data", type: "text" },
          datetime("occurredAt"),
          varchar("actorType", 16),
          int("actorId", true),
        ],
        indices: [
          // Also serves the sequencer's "position IS NULL ORDER BY id" (the id follows in the index).
          index("UQ_change_events_position", ["position"], true),
          index("IDX_change_events_person", ["personId", "id"]),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "change_sequence",
        columns: [{ ...int("id"), isPrimary: true }, int("lastPosition")],
      }),
    );
    await queryRunner.query("INSERT INTO change_sequence (id, lastPosition) VALUES (1, 0)");
    await queryRunner.query(
      "INSERT INTO role_permissions (roleId, permission) SELECT id, 'changes.read' FROM roles WHERE systemKey = 'ADMINISTRATOR'",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DELETE FROM role_permissions WHERE permission = 'changes.read'");
    await queryRunner.dropTable("change_sequence");
    await queryRunner.dropTable("change_events");
  }
}
