/** API keys for services. */
import { Table, type MigrationInterface, type QueryRunner } from "typeorm";
import { datetime, foreignKey, index, int, varchar } from "./columns";

export class ApiKeys1795402000000 implements MigrationInterface {
  name = "ApiKeys1795402000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: "api_keys",
        columns: [
          { ...int("id"), isPrimary: true, isGenerated: true, generationStrategy: "increment" },
          varchar("name", 100),
          varchar("prefix", 16),
          varchar("secretHash", 64),
          { name: "permissionList", type: "text" },
          int("createdById"),
          datetime("expiresAt", true),
          datetime("revokedAt", true),
          datetime("lastUsedAt", true),
          datetime("createdAt"),
        ],
        indices: [index("UQ_api_keys_secretHash", ["secretHash"], true)],
        foreignKeys: [foreignKey("FK_api_keys_createdBy", "createdById", "users", "CASCADE")],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("api_keys");
  }
}
