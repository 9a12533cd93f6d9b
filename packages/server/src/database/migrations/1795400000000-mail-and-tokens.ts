/** The email outbox and the single-use tokens behind the links in account emails. */
import { Table, type MigrationInterface, type QueryRunner } from "typeorm";
import { datetime, foreignKey, index, int, varchar } from "./columns";

export class MailAndTokens1795400000000 implements MigrationInterface {
  name = "MailAndTokens1795400000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    const id = { ...int("id"), isPrimary: true, isGenerated: true, generationStrategy: "increment" as const };
    await queryRunner.createTable(
      new Table({
        name: "email_outbox",
        columns: [
          id,
          varchar("toAddress", 320),
          varchar("subject", 500),
          { name: "textBody", type: "text" },
          varchar("purpose", 32),
          int("userId", true),
          varchar("status", 16),
          { ...int("attempts"), default: 0 },
          datetime("nextAttemptAt"),
          varchar("lastError", 1000, true),
          datetime("sentAt", true),
          datetime("createdAt"),
        ],
        indices: [index("IDX_email_outbox_due", ["status", "nextAttemptAt"])],
        foreignKeys: [foreignKey("FK_email_outbox_user", "userId", "users", "SET NULL")],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "user_tokens",
        columns: [
          id,
          int("userId"),
          varchar("purpose", 32),
          varchar("tokenHash", 64),
          datetime("expiresAt"),
          datetime("usedAt", true),
          datetime("createdAt"),
        ],
        indices: [index("IDX_user_tokens_userId", ["userId"]), index("UQ_user_tokens_tokenHash", ["tokenHash"], true)],
        foreignKeys: [foreignKey("FK_user_tokens_user", "userId", "users", "CASCADE")],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable("user_tokens");
    await queryRunner.dropTable("email_outbox");
  }
}
