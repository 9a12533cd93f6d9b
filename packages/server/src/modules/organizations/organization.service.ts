/**
 * Organizations (SPEC §5): the list, the detail's aggregates, and the writes of
 * organizations.manage. A write is one transaction with its audit events, over the version its
 * caller read; people it attaches or unlinks are changed through the person writer, so each of
 * them moves version and has an event of their own.
 */
import { In, IsNull, Like, type DataSource, type EntityManager, type FindOptionsWhere, type SelectQueryBuilder } from "typeorm";
import { manyPer, onePer } from "../../common/batch";
import { DomainError, ErrorCode, badInput } from "../../common/errors";
import { fetchPage, type Page } from "../../common/pagination";
import { SortDirection, toDirection } from "../../common/sort";
import { truncateToWidth, WIDTH } from "../../common/widths";
import { dialectOf, writeLock } from "../../database/data-source";
import { LIKE_ESCAPE, findIn, insertMany, likeContains, querySql, readNumber } from "../../database/sql";
import { OrganizationAttribute } from "../attributes/custom-attribute.entity";
import type { Actor } from "../audit/actor";
import { AuditAction, AuditTarget } from "../audit/audit.enums";
import type { AuditService } from "../audit/audit.service";
import { organizationChange, type ChangeRecorder } from "../changes/change-recorder";
import { ChangeType } from "../changes/change.enums";
import type { AttributeInput } from "../users/dto/user.inputs";
import type { PersonWriter } from "../users/person-writer";
import { User } from "../users/user.entity";
import type { CreateOrganizationInput, UpdateOrganizationInput } from "./dto/organization.inputs";
import { OrganizationSortField, type OrganizationSort } from "./dto/organizations.args";
import { domainProblem, normalizeDomain } from "./organization-domains";
import type { OrganizationDomainPreview } from "./organization-domain-preview.type";
import { OrganizationDomain } from "./organization-domain.entity";
import { Organization } from "./organization.entity";

/** Members are the people linked to the organization, trashed ones excepted. */
const memberCountSql = "(SELECT COUNT(*) FROM users m WHERE m.organizationId = o.id AND m.state <> 'TRASHED')";

const sortExpressions: Record<OrganizationSortField, { expression: string; nullable: boolean }> = {
  [OrganizationSortField.NAME]: { expression: "o.name", nullable: false },
  [OrganizationSortField.WEBSITE]: { expression: "o.website", nullable: true },
  [OrganizationSortField.PHONE]: { expression: "o.phone", nullable: true },
  [OrganizationSortField.MEMBER_COUNT]: { expression: memberCountSql, nullable: false },
};

/** The columns of an organization a write sets. */
type OrganizationPatch = Partial<Pick<Organization, "name" | "website" | "phone" | "notes">>;

export class OrganizationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly people: PersonWriter,
    private readonly changes: ChangeRecorder,
  ) {}

  async findByIds(ids: readonly number[]): Promise<(Organization | null)[]> {
    const organizations = await this.dataSource.getRepository(Organization).findBy({ id: In([...ids]) });
    return onePer(ids, organizations, (organization) => organization.id);
  }

  page(
    search: string | null | undefined,
    sort: OrganizationSort | null | undefined,
    first: number,
    after: string | null | undefined,
  ): Promise<Page<Organization>> {
    const field = sort?.field ?? OrganizationSortField.NAME;
    const direction = toDirection(sort?.direction ?? SortDirection.ASC);
    return fetchPage(
      this.filtered(search),
      { key: `${field}-${direction}`, ...sortExpressions[field], idExpression: "o.id", direction },
      first,
      after,
    );
  }

  count(search: string | null | undefined): Promise<number> {
    return this.filtered(search).getCount();
  }

  async memberCounts(organizationIds: readonly number[]): Promise<number[]> {
    const rows = await querySql<{ organizationId: number; total: unknown }>(
      this.dataSource,
      `SELECT m.organizationId AS organizationId, COUNT(*) AS total FROM users m
       WHERE m.organizationId IN (:...organizationIds) AND m.state <> 'TRASHED' GROUP BY m.organizationId`,
      { organizationIds },
    );
    const totals = new Map(rows.map((row) => [Number(row.organizationId), readNumber(row.total)]));
    return organizationIds.map((id) => totals.get(id) ?? 0);
  }

  async domainsOf(organizationIds: readonly number[]): Promise<string[][]> {
    const rows = await this.dataSource
      .getRepository(OrganizationDomain)
      .find({ where: { organizationId: In([...organizationIds]) }, order: { domain: "ASC" } });
    return manyPer(organizationIds, rows, (row) => row.organizationId).map((domains) => domains.map((row) => row.domain));
  }

  async attributesOf(organizationIds: readonly number[]): Promise<OrganizationAttribute[][]> {
    const rows = await this.dataSource
      .getRepository(OrganizationAttribute)
      .find({ where: { organizationId: In([...organizationIds]) }, order: { name: "ASC" } });
    return manyPer(organizationIds, rows, (row) => row.organizationId);
  }

  /** A new organization, with its domains and attributes; `attachExisting` brings in the people of its domains. */
  async create(actor: Actor, input: CreateOrganizationInput, now: Date): Promise<Organization> {
    const values = organizationValues(input);
    const name = values.name ?? null;
    if (name === null) throw badInput("name", "name must not be blank.");
    const domains = storedDomains(input.domains ?? []);
    return this.dataSource.transaction(async (manager) => {
      await this.checkNameFree(manager, name, null);
      await checkDomainsFree(manager, domains, null);
      const organization = await manager.save(
        manager.create(Organization, {
          name,
          website: values.website ?? null,
          phone: values.phone ?? null,
          notes: values.notes ?? null,
          createdAt: now,
          updatedAt: now,
        }),
      );
      await insertMany(
        manager,
        OrganizationDomain,
        domains.map((domain) => ({ domain, organizationId: organization.id })),
      );
      const attributes = await setAttributes(manager, organization.id, input.attributes ?? []);
      // Before the people it attaches: in the feed, an organization exists before anyone joins it.
      await this.changes.record(manager, actor, [organizationChange(ChangeType.ORGANIZATION_CREATED, organization.id)], now);
      const attached = input.attachExisting ? await this.attach(manager, actor, organization.id, domains, now) : 0;
      await this.audit.record(
        manager,
        actor,
        {
          action: AuditAction.ORGANIZATION_CREATED,
          targetType: AuditTarget.ORGANIZATION,
          targetId: organization.id,
          details: {
            name: organization.name,
            website: organization.website,
            phone: organization.phone,
            domains,
            ...attributes,
            attachedPeople: attached,
          },
        },
        now,
      );
      return organization;
    });
  }

  /**
   * An edit based on `version`: an organization changed since is refused with CONFLICT and
   * `currentVersion`, never merged. Domains, attributes and columns move the version together;
   * an edit that changes nothing leaves it (and records nothing).
   */
  async update(actor: Actor, id: number, version: number, input: UpdateOrganizationInput, now: Date): Promise<Organization> {
    const patch = organizationValues(input);
    if (input.name !== undefined && input.name !== null && patch.name === null) {
      throw badInput("name", "name must not be blank.");
    }
    // A null name leaves it as it is.
    if (patch.name === null) delete patch.name;
    const domains = input.domains === undefined || input.domains === null ? null : storedDomains(input.domains);
    return this.dataSource.transaction(async (manager) => {
      const organization = await this.load(manager, id);
      if (organization.version !== version) throw staleOrganization(organization);
      const changed = changedColumns(organization, patch);
      if (changed.name !== undefined) await this.checkNameFree(manager, changed.name, id);
      const before = (await manager.find(OrganizationDomain, { where: { organizationId: id } })).map((row) => row.domain);
      const added = domains ? domains.filter((domain) => !before.includes(domain)) : [];
      const removed = domains ? before.filter((domain) => !domains.includes(domain)) : [];
      await checkDomainsFree(manager, added, id);
      if (removed.length) await manager.delete(OrganizationDomain, { organizationId: id, domain: In(removed) });
      await insertMany(
        manager,
        OrganizationDomain,
        added.map((domain) => ({ domain, organizationId: id })),
      );
      const attributes = await setAttributes(manager, id, input.attributes ?? []);
      if (Object.keys(changed).length === 0 && added.length === 0 && removed.length === 0 && !Object.keys(attributes).length) {
        return organization;
      }
      const attached = input.attachExisting ? await this.attach(manager, actor, id, added, now) : 0;
      const result = await manager
        .createQueryBuilder()
        .update(Organization)
        .set({ ...changed, updatedAt: now, version: () => "version + 1" })
        .where("id = :id AND version = :version", { id, version })
        .execute();
      if (result.affected !== 1) throw staleOrganization(await this.load(manager, id));
      await this.audit.record(
        manager,
        actor,
        {
          action: AuditAction.ORGANIZATION_UPDATED,
          targetType: AuditTarget.ORGANIZATION,
          targetId: id,
          details: {
            ...Object.fromEntries(
              Object.entries(changed).map(([column, after]) => [
                column,
                { before: organization[column as keyof OrganizationPatch], after },
              ]),
            ),
            ...(added.length || removed.length ? { domains: { added, removed } } : {}),
            ...attributes,
            ...(attached ? { attachedPeople: attached } : {}),
          },
        },
        now,
      );
      const fields = [
        ...Object.keys(changed),
        ...(added.length || removed.length ? ["domains"] : []),
        ...Object.keys(attributes),
      ];
      await this.changes.record(
        manager,
        actor,
        [organizationChange(ChangeType.ORGANIZATION_UPDATED, id, { fields: fields.sort() })],
        now,
      );
      return Object.assign(organization, changed, { version: organization.version + 1, updatedAt: now });
    });
  }

  /**
   * Deletes an organization; its members are unlinked (each through the person writer, with an
   * event), never deleted, and their communications stay theirs.
   */
  async delete(actor: Actor, id: number, now: Date): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const organization = await this.load(manager, id);
      const members = await manager.find(User, { where: { organizationId: id }, lock: writeLock(this.dataSource) });
      const reason = truncateToWidth(`${organization.name} was deleted.`, WIDTH.audit.reason);
      const { stale } = await this.people.updateMany(
        manager,
        actor,
        members.map((user) => ({ user, changes: { organizationId: null }, event: { reason } })),
        now,
      );
      // The members are locked (or, on SQLite, the whole database is), so none can be stale; if
      // one is, nothing is deleted.
      if (stale.length) {
        throw new DomainError(ErrorCode.Conflict, `A member of ${organization.name} was changed meanwhile; try again.`);
      }
      const domains = (await manager.find(OrganizationDomain, { where: { organizationId: id }, order: { domain: "ASC" } })).map(
        (row) => row.domain,
      );
      // The foreign keys would cascade too; said here, so it holds whatever a connection's settings.
      await manager.delete(OrganizationDomain, { organizationId: id });
      await manager.delete(OrganizationAttribute, { organizationId: id });
      await manager.delete(Organization, { id });
      await this.audit.record(
        manager,
        actor,
        {
          action: AuditAction.ORGANIZATION_DELETED,
          targetType: AuditTarget.ORGANIZATION,
          targetId: id,
          details: { name: organization.name, domains, unlinkedPeople: members.length },
        },
        now,
      );
      await this.changes.record(manager, actor, [organizationChange(ChangeType.ORGANIZATION_DELETED, id)], now);
    });
  }

  /** What adding `domain` to an organization (`organizationId`, or a new one) would do. */
  async domainPreview(domain: string, organizationId: number | null): Promise<OrganizationDomainPreview> {
    const [stored] = storedDomains([domain], "domain");
    const owner = await this.dataSource.getRepository(OrganizationDomain).findOneBy({ domain: stored });
    const takenBy =
      owner && owner.organizationId !== organizationId
        ? await this.dataSource.getRepository(Organization).findOneBy({ id: owner.organizationId })
        : null;
    const attachableCount = await this.dataSource.getRepository(User).countBy(withoutOrganizationAt([stored]));
    return { domain: stored, attachableCount, takenBy };
  }

  /** Attaches the people without an organization whose email is at one of `domains`; returns how many. */
  private async attach(
    manager: EntityManager,
    actor: Actor,
    organizationId: number,
    domains: readonly string[],
    now: Date,
  ): Promise<number> {
    if (domains.length === 0) return 0;
    const people = await manager.find(User, { where: withoutOrganizationAt(domains), lock: writeLock(this.dataSource) });
    const { written, stale } = await this.people.updateMany(
      manager,
      actor,
      people.map((user) => ({ user, changes: { organizationId } })),
      now,
    );
    if (stale.length) throw new DomainError(ErrorCode.Conflict, "Someone changed one of these people meanwhile; try again.");
    return written.length;
  }

  private async load(manager: EntityManager, id: number): Promise<Organization> {
    const organization = await manager.findOne(Organization, { where: { id }, lock: writeLock(this.dataSource) });
    if (!organization) throw new DomainError(ErrorCode.NotFound, `There is no organization with id ${id}.`, { argument: "id" });
    return organization;
  }

  /**
   * Names are unique whatever the case. MariaDB's `_ci` collation compares so (the unique index
   * too); SQLite's NOCASE folds ASCII only, so there the names are compared lower-cased.
   */
  private async checkNameFree(manager: EntityManager, name: string, exceptId: number | null): Promise<void> {
    const query = manager.createQueryBuilder(Organization, "o");
    if (dialectOf(this.dataSource) === "sqlite") query.where("roster_lower(o.name) = :lower", { lower: name.toLowerCase() });
    else query.where("o.name = :name", { name });
    const holders = await query.getMany();
    const taken = holders.find((holder) => holder.id !== exceptId);
    if (taken) {
      throw new DomainError(ErrorCode.Conflict, `There is already an organization named ${taken.name}.`, {
        argument: "name",
        organizationId: String(taken.id),
      });
    }
  }

  private filtered(search: string | null | undefined): SelectQueryBuilder<Organization> {
    const query = this.dataSource.getRepository(Organization).createQueryBuilder("o");
    const text = search?.trim();
    if (text) {
      query.where(
        `(o.name LIKE :search ${LIKE_ESCAPE} OR o.website LIKE :search ${LIKE_ESCAPE}
          OR o.id IN (SELECT d.organizationId FROM organization_domains d WHERE d.domain LIKE :search ${LIKE_ESCAPE}))`,
        { search: likeContains(text) },
      );
    }
    return query;
  }
}

/** The columns as stored: trimmed, blank ones null (a blank name too: the callers refuse it). */
function organizationValues(input: {
  name?: string | null;
  website?: string | null;
  phone?: string | null;
  notes?: string | null;
}): OrganizationPatch {
  const values: Record<string, string | null> = {};
  for (const column of ["name", "website", "phone", "notes"] as const) {
    const value = input[column];
    if (value !== undefined) values[column] = value === null ? null : value.trim() || null;
  }
  return values as OrganizationPatch;
}

/** Only what differs from the organization as read. */
function changedColumns(organization: Organization, patch: OrganizationPatch): OrganizationPatch {
  return Object.fromEntries(
    Object.entries(patch).filter(([column, value]) => organization[column as keyof OrganizationPatch] !== value),
  ) as OrganizationPatch;
}

/** Domains in their stored spelling, each once; one that is not a domain name is BAD_USER_INPUT naming `argument`. */
function storedDomains(domains: readonly string[], argument = "domains"): string[] {
  const stored = domains.map(normalizeDomain);
  for (const domain of stored) {
    const problem = domainProblem(domain);
    if (problem) throw badInput(argument, `${argument}: ${problem}.`);
  }
  return [...new Set(stored)].sort();
}

/** A domain belongs to one organization at most: CONFLICT naming `domains` and the organization that has it. */
async function checkDomainsFree(manager: EntityManager, domains: readonly string[], exceptId: number | null): Promise<void> {
  const held = (await findIn(manager, OrganizationDomain, "domain", domains)).find((row) => row.organizationId !== exceptId);
  if (!held) return;
  const owner = await manager.findOneBy(Organization, { id: held.organizationId });
  throw new DomainError(ErrorCode.Conflict, `${held.domain} already belongs to ${owner?.name ?? "another organization"}.`, {
    argument: "domains",
    domain: held.domain,
    organizationId: String(held.organizationId),
    organizationName: owner?.name ?? null,
  });
}

/**
 * People without an organization whose email is at one of `domains`. Emails are stored
 * lower-case and stored domains hold no LIKE wildcard (organization-domains.ts), so the pattern
 * needs no escaping; the leading @ keeps sub-domains out.
 */
function withoutOrganizationAt(domains: readonly string[]): FindOptionsWhere<User>[] {
  return domains.map((domain) => ({ organizationId: IsNull(), email: Like(`%@${domain}`) }));
}

/**
 * Sets each attribute (the last one given for a name wins); an empty value removes it. Names
 * match whatever their case, as MariaDB's collation matches them. Returns what changed, as an
 * audit event's `attr.<name>: { before, after }`.
 */
async function setAttributes(
  manager: EntityManager,
  organizationId: number,
  attributes: readonly AttributeInput[],
): Promise<Record<string, { before: string | null; after: string | null }>> {
  if (attributes.length === 0) return {};
  const wanted = new Map(attributes.map((attribute) => [attribute.name.toLowerCase(), attribute]));
  const existing = await manager.find(OrganizationAttribute, { where: { organizationId } });
  const changes: Record<string, { before: string | null; after: string | null }> = {};
  const replaced: string[] = [];
  const inserted: Pick<OrganizationAttribute, "organizationId" | "name" | "type" | "value">[] = [];
  for (const [key, attribute] of wanted) {
    const current = existing.filter((row) => row.name.toLowerCase() === key);
    const before = current[0]?.value ?? null;
    const after = attribute.value === "" ? null : attribute.value;
    const unchanged =
      after === null
        ? current.length === 0
        : current.length === 1 &&
          current[0].name === attribute.name &&
          current[0].type === attribute.type &&
          current[0].value === after;
    if (unchanged) continue;
    replaced.push(...current.map((row) => row.name));
    if (after !== null) inserted.push({ organizationId, name: attribute.name, type: attribute.type, value: after });
    changes[`attr.${attribute.name}`] = { before, after };
  }
  if (replaced.length) await manager.delete(OrganizationAttribute, { organizationId, name: In(replaced) });
  await insertMany(manager, OrganizationAttribute, inserted);
  return changes;
}

function staleOrganization(current: Organization): DomainError {
  return new DomainError(
    ErrorCode.Conflict,
    `${current.name} was changed by someone else meanwhile (now version ${current.version}). Reload and make your change again.`,
    { currentVersion: current.version },
  );
}
