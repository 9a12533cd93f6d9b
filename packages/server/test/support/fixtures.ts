/**
 * Test data written straight through TypeORM, so each test states exactly the people,
 * organizations and communications its assertions are about. Defaults are unique per call.
 */
import type { DataSource } from "typeorm";
import { UserAttribute } from "../../src/modules/attributes/custom-attribute.entity";
import { hashPassword } from "../../src/modules/auth/password";
import { addToSummaries } from "../../src/modules/communications/communication-summaries";
import { Communication } from "../../src/modules/communications/communication.entity";
import { CommunicationKind } from "../../src/modules/communications/communication.enums";
import { OrganizationDomain } from "../../src/modules/organizations/organization-domain.entity";
import { Organization } from "../../src/modules/organizations/organization.entity";
import { Role, UserRole } from "../../src/modules/roles/role.entity";
import type { SystemRole } from "../../src/modules/roles/role.enums";
import { User } from "../../src/modules/users/user.entity";
import { AttributeType, UserKind, UserSource, UserState } from "../../src/modules/users/user.enums";

let sequence = 0;
const next = () => ++sequence;

export async function createPerson(dataSource: DataSource, fields: Partial<User> & { password?: string } = {}): Promise<User> {
  const n = next();
  const { password, ...rest } = fields;
  return dataSource.getRepository(User).save(
    dataSource.getRepository(User).create({
      displayName: `Person ${String(n).padStart(4, "0")}`,
      email: `person${n}@example.com`,
      username: `person${n}`,
      kind: UserKind.CUSTOMER,
      state: UserState.ACTIVE,
      source: UserSource.AGENT,
      passwordHash: password ? await hashPassword(password) : null,
      ...rest,
    }),
  );
}

export function createAgent(dataSource: DataSource, fields: Partial<User> & { password?: string } = {}): Promise<User> {
  return createPerson(dataSource, { kind: UserKind.AGENT, emailVerifiedAt: new Date("2025-01-01T00:00:00Z"), ...fields });
}

export async function assignSystemRole(dataSource: DataSource, user: User, systemKey: SystemRole): Promise<void> {
  const role = await dataSource.getRepository(Role).findOneByOrFail({ systemKey });
  await dataSource.getRepository(UserRole).insert({ userId: user.id, roleId: role.id });
}

export async function createOrganization(
  dataSource: DataSource,
  fields: Partial<Organization> & { domains?: string[] } = {},
): Promise<Organization> {
  const n = next();
  const { domains = [], ...rest } = fields;
  const organization = await dataSource
    .getRepository(Organization)
    .save(dataSource.getRepository(Organization).create({ name: `Organization ${n}`, ...rest }));
  if (domains.length > 0) {
    await dataSource
      .getRepository(OrganizationDomain)
      .insert(domains.map((domain) => ({ domain, organizationId: organization.id })));
  }
  return organization;
}

/** Written as the recorder writes one: the communication and its person's summaries together. */
export function createCommunication(
  dataSource: DataSource,
  user: User,
  fields: Partial<Communication> & { kind: CommunicationKind },
): Promise<Communication> {
  const defaults: Partial<Communication> =
    fields.kind === CommunicationKind.TICKET
      ? { status: "open", subject: "A ticket" }
      : { subject: `A ${fields.kind.toLowerCase()}` };
  return dataSource.transaction(async (manager) => {
    const communication = await manager.save(
      manager.create(Communication, {
        userId: user.id,
        occurredAt: new Date("2026-06-01T10:00:00Z"),
        createdAt: new Date("2026-06-01T10:00:00Z"),
        ...defaults,
        ...fields,
      }),
    );
    await addToSummaries(manager, [communication.id]);
    return communication;
  });
}

export async function setAttribute(
  dataSource: DataSource,
  user: User,
  name: string,
  value: string,
  type = AttributeType.STRING,
): Promise<void> {
  await dataSource.getRepository(UserAttribute).insert({ userId: user.id, name, value, type });
}
