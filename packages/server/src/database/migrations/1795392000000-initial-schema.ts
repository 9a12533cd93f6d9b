/**
 * The first schema: people, organizations, roles (with the five system roles), communications
 * and sessions. Written with QueryRunner's Table API so the same migration runs on MariaDB/MySQL
 * and on SQLite; `pnpm migration:check` proves the entities agree with it on both.
 */
import { Table, type MigrationInterface, type QueryRunner, type TableColumnOptions } from "typeorm";
import { datetime, foreignKey, index, int, timestamps, varchar } from "./columns";

interface SystemRoleRow {
  id: number;
  systemKey: string;
  name: string;
  description: string;
  kind: "CUSTOMER" | "AGENT";
  permissions: string[];
}

const customerBasics = ["tickets.submit", "chats.start"];
const agentAll = [
  "people.view",
  "people.manage",
  "people.delete",
  "people.import",
  "people.export",
  "organizations.manage",
  "roles.manage",
  "segments.manage",
  "audit.view",
  "apiKeys.manage",
  "communications.record",
];

const systemRoles: SystemRoleRow[] = [
  { id: 1, systemKey: "EVERYONE", name: "Everyone", kind: "CUSTOMER", description: "Every person.", permissions: customerBasics },
  {
    id: 2,
    systemKey: "REGISTERED",
    name: "Registered User",
    kind: "CUSTOMER",
    description: "Every active person.",
    permissions: [...customerBasics, "community.post"],
  },
  {
    id: 3,
    systemKey: "VERIFIED",
    name: "Registered User with Verified Email",
    kind: "CUSTOMER",
    description: "Every person whose email address is verified.",
    permissions: [...customerBasics, "community.post"],
  },
  {
    id: 4,
    systemKey: "ADMINISTRATOR",
    name: "Administrator",
    kind: "AGENT",
    description: "Every agent permission.",
    permissions: agentAll,
  },
  {
    id: 5,
    systemKey: "AGENT",
    name: "Agent",
    kind: "AGENT",
    description: "Every agent: sees people and records their communications.",
    permissions: ["people.view", "people.manage", "people.export", "communications.record"],
  },
];

export class InitialSchema1795392000000 implements MigrationInterface {
  name = "InitialSchema1795392000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    // Searched and sorted text compares without case on SQLite too, as MariaDB's _ci collation does.
    const sqlite = queryRunner.connection.driver.options.type === "better-sqlite3";
    const id: TableColumnOptions = { ...int("id"), isPrimary: true, isGenerated: true, generationStrategy: "increment" };
    const text = (name: string, length: number, nullable = false): TableColumnOptions => ({
      ...varchar(name, length, nullable),
      ...(sqlite ? { collation: "NOCASE" } : {}),
    });

    await queryRunner.createTable(
      new Table({
        name: "organizations",
        columns: [
          id,
          text("name", 200),
          text("website", 500, true),
          varchar("phone", 50, true),
          { name: "notes", type: "text", isNullable: true },
          int("version"),
          ...timestamps,
        ],
        indices: [
          index("UQ_organizations_name", ["name"], true),
          index("IDX_organizations_website", ["website"]),
          index("IDX_organizations_phone", ["phone"]),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "organization_domains",
        columns: [{ ...text("domain", 255), isPrimary: true }, int("organizationId")],
        indices: [index("IDX_organization_domains_organizationId", ["organizationId"])],
        foreignKeys: [foreignKey("FK_organization_domains_organization", "organizationId", "organizations", "CASCADE")],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "organization_attributes",
        columns: [
          { ...varchar("name", 100), isPrimary: true },
          varchar("type", 16),
          varchar("value", 1000),
          { ...int("organizationId"), isPrimary: true },
        ],
        foreignKeys: [foreignKey("FK_organization_attributes_organization", "organizationId", "organizations", "CASCADE")],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "users",
        columns: [
          id,
          text("email", 320, true),
          text("username", 100, true),
          text("displayName", 200),
          varchar("phone", 50, true),
          varchar("timezone", 64, true),
          varchar("locale", 20, true),
          varchar("kind", 16),
          varchar("state", 16),
          varchar("source", 16),
          varchar("passwordHash", 255, true),
          datetime("emailVerifiedAt", true),
          datetime("lastLoginAt", true),
          { ...int("loginCount"), default: 0 },
          datetime("bannedUntil", true),
          varchar("banReason", 500, true),
          varchar("stateBeforeBan", 16, true),
          varchar("stateBeforeTrash", 16, true),
          int("organizationId", true),
          int("version"),
          ...timestamps,
        ],
        indices: [
          index("UQ_users_email", ["email"], true),
          index("UQ_users_username", ["username"], true),
          index("IDX_users_displayName", ["displayName", "id"]),
          index("IDX_users_createdAt", ["createdAt", "id"]),
          index("IDX_users_lastLoginAt", ["lastLoginAt", "id"]),
          index("IDX_users_state", ["state"]),
          index("IDX_users_organizationId", ["organizationId"]),
        ],
        foreignKeys: [foreignKey("FK_users_organization", "organizationId", "organizations", "SET NULL")],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "user_attributes",
        columns: [
          { ...varchar("name", 100), isPrimary: true },
          varchar("type", 16),
          varchar("value", 1000),
          { ...int("userId"), isPrimary: true },
        ],
        foreignKeys: [foreignKey("FK_user_attributes_user", "userId", "users", "CASCADE")],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "roles",
        columns: [
          id,
          text("name", 100),
          { ...varchar("description", 500), default: "''" },
          varchar("kind", 16),
          varchar("systemKey", 32, true),
          ...timestamps,
        ],
        indices: [index("UQ_roles_name", ["name"], true), index("UQ_roles_systemKey", ["systemKey"], true)],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "role_permissions",
        columns: [
          { ...int("roleId"), isPrimary: true },
          { ...varchar("permission", 64), isPrimary: true },
        ],
        foreignKeys: [foreignKey("FK_role_permissions_role", "roleId", "roles", "CASCADE")],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "user_roles",
        columns: [
          { ...int("userId"), isPrimary: true },
          { ...int("roleId"), isPrimary: true },
        ],
        indices: [index("IDX_user_roles_roleId", ["roleId"])],
        foreignKeys: [
          foreignKey("FK_user_roles_user", "userId", "users", "CASCADE"),
          foreignKey("FK_user_roles_role", "roleId", "roles", "CASCADE"),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "communications",
        columns: [
          id,
          varchar("kind", 16),
          varchar("subject", 500, true),
          varchar("status", 32, true),
          datetime("occurredAt"),
          int("userId"),
          int("agentId", true),
          varchar("externalId", 200, true),
          int("durationSeconds", true),
          varchar("direction", 16, true),
          int("rating", true),
          varchar("moderation", 16, true),
          datetime("createdAt"),
        ],
        indices: [
          index("IDX_communications_user_occurredAt", ["userId", "occurredAt", "id"]),
          index("IDX_communications_agentId", ["agentId"]),
          index("UQ_communications_kind_externalId", ["kind", "externalId"], true),
        ],
        foreignKeys: [
          foreignKey("FK_communications_user", "userId", "users", "CASCADE"),
          foreignKey("FK_communications_agent", "agentId", "users", "SET NULL"),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: "sessions",
        columns: [id, varchar("tokenHash", 64), int("userId"), datetime("createdAt"), datetime("expiresAt")],
        indices: [index("UQ_sessions_tokenHash", ["tokenHash"], true), index("IDX_sessions_userId", ["userId"])],
        foreignKeys: [foreignKey("FK_sessions_user", "userId", "users", "CASCADE")],
      }),
    );

    const now = new Date().toISOString().replace("T", " ").replace("Z", "");
    for (const role of systemRoles) {
      await queryRunner.query(
        "INSERT INTO `roles` (`id`, `name`, `description`, `kind`, `systemKey`, `createdAt`, `updatedAt`) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [role.id, role.name, role.description, role.kind, role.systemKey, now, now],
      );
      for (const permission of role.permissions) {
        await queryRunner.query("INSERT INTO `role_permissions` (`roleId`, `permission`) VALUES (?, ?)", [role.id, permission]);
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      "sessions",
      "communications",
      "user_roles",
      "role_permissions",
      "roles",
      "user_attributes",
      "users",
      "organization_attributes",
      "organization_domains",
      "organizations",
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
