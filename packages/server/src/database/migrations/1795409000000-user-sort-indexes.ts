/**
 * The people list sorted by email or username, a page at a time, read through an index in the
 * list's own order (value, then id). The unique indexes cannot serve it: MariaDB does not extend a
 * unique index with the primary key, so `ORDER BY email, id` sorted every person with an email,
 * and the people without one (`email IS NULL ORDER BY id`) were sorted too.
 */
import type { MigrationInterface, QueryRunner } from "typeorm";
import { index } from "./columns";

export class UserSortIndexes1795409000000 implements MigrationInterface {
  name = "UserSortIndexes1795409000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex("users", index("IDX_users_email_id", ["email", "id"]));
    await queryRunner.createIndex("users", index("IDX_users_username_id", ["username", "id"]));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex("users", "IDX_users_username_id");
    await queryRunner.dropIndex("users", "IDX_users_email_id");
  }
}
