/**
 * SCIM provisioning (Roster issue 20): the `scim.provision` permission for the Administrator
 * role. No new table: a person's SCIM externalId is a custom attribute (modules/scim).
 */
import type { MigrationInterface, QueryRunner } from "typeorm";

export class ScimProvision1795409500000 implements MigrationInterface {
  name = "ScimProvision1795409500000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "INSERT INTO role_permissions (roleId, permission) SELECT id, 'scim.provision' FROM roles WHERE systemKey = 'ADMINISTRATOR'",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DELETE FROM role_permissions WHERE permission = 'scim.provision'");
  }
}
