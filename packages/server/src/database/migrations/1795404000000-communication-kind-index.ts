/**
 * Per-person aggregates of one kind (`tickets.count`, `chats.last`, `surveys.avgRating`,
 * `calls.duration` in segments) seek on (userId, kind) and are answered from the index alone:
 * dates, ratings and durations are in it, so no row of the table is read.
 */
import type { MigrationInterface, QueryRunner } from "typeorm";
import { index } from "./columns";

export class CommunicationKindIndex1795404000000 implements MigrationInterface {
  name = "CommunicationKindIndex1795404000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      "communications",
      index("IDX_communications_user_kind_occurredAt", ["userId", "kind", "occurredAt", "rating", "durationSeconds"]),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex("communications", "IDX_communications_user_kind_occurredAt");
  }
}
