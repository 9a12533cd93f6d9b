/**
 * What a first start needs beyond migrations: the administrator named by the environment, and
 * demo data in an empty embedded database so a new user has something to browse, and the check
 * that production has an administrator at all.
 */
import type { DataSource } from "typeorm";
import type { Config } from "./config/config";
import { ActorType } from "./modules/audit/audit.enums";
import { AuditService } from "./modules/audit/audit.service";
import { hashPassword } from "./modules/auth/password";
import { ChangeRecorder } from "./modules/changes/change-recorder";
import { SystemRole } from "./modules/roles/role.enums";
import { Role, UserRole } from "./modules/roles/role.entity";
import { PersonWriter } from "./modules/users/person-writer";
import { User } from "./modules/users/user.entity";
import { UserKind, UserSource, UserState } from "./modules/users/user.enums";
import { effectiveStateSql } from "./modules/users/user-state";
import { seedDemoData } from "./seed/seed-generator";

/**
 * Creates the administrator when no one has that email yet. An existing account is left as it
 * is: changing the environment must not silently reset a password someone has since changed.
 * Written by the person writer like everyone else, but not audited: the log starts with what
 * people do, and nobody has acted yet.
 */
export async function ensureAdministrator(
  dataSource: DataSource,
  admin: NonNullable<Config["admin"]>,
  now: Date,
  people = new PersonWriter(new AuditService(dataSource), new ChangeRecorder()),
): Promise<"created" | "exists"> {
  const existing = await dataSource.getRepository(User).existsBy({ email: admin.email });
  if (existing) return "exists";
  const passwordHash = await hashPassword(admin.password);
  await dataSource.transaction(async (manager) => {
    const administrators = await manager.findOneByOrFail(Role, { systemKey: SystemRole.ADMINISTRATOR });
    const user = await people.create(
      manager,
      { type: ActorType.SYSTEM, id: null, name: "Roster" },
      {
        email: admin.email,
        displayName: "Administrator",
        kind: UserKind.AGENT,
        state: UserState.ACTIVE,
        source: UserSource.AGENT,
        passwordHash,
        emailVerifiedAt: now,
      },
      now,
      null,
    );
    // Agent membership follows from `kind`; Administrator is the one system role assigned explicitly.
    await manager.insert(UserRole, { userId: user.id, roleId: administrators.id });
  });
  return "created";
}

/** Fills the embedded database with demo people on its first start, and only then. */
export async function seedDemoDataIfEmpty(dataSource: DataSource, now: Date): Promise<boolean> {
  const people = await dataSource.getRepository(User).count();
  if (people > 0) return false;
  await seedDemoData(dataSource, now);
  return true;
}

/** Whether someone can sign in and manage Roster: an administrator whose account is active now. */
export async function activeAdministratorExists(dataSource: DataSource, now: Date): Promise<boolean> {
  return dataSource
    .getRepository(User)
    .createQueryBuilder("u")
    .innerJoin(UserRole, "ur", "ur.userId = u.id")
    .innerJoin(Role, "r", "r.id = ur.roleId AND r.systemKey = :administrator", { administrator: SystemRole.ADMINISTRATOR })
    .where(effectiveStateSql("u", UserState.ACTIVE), { now })
    .getExists();
}
