import { In, type DataSource, type SelectQueryBuilder } from "typeorm";
import { manyPer, onePer } from "../../common/batch";
import { fetchPage, type Page } from "../../common/pagination";
import { SortDirection, toDirection } from "../../common/sort";
import { LIKE_ESCAPE, likeContains, querySql, readNumber } from "../../database/sql";
import { OrganizationAttribute } from "../attributes/custom-attribute.entity";
import { OrganizationSortField, type OrganizationSort } from "./dto/organizations.args";
import { OrganizationDomain } from "./organization-domain.entity";
import { Organization } from "./organization.entity";

/** Members are the people linked to the organization, trashed ones excepted. */
const memberCountSql = "(SELECT COUNT(*) FROM users m WHERE m.organizationId = o.id AND m.state <> 'TRASHED')";

const sortExpressions: Record<OrganizationSortField, string> = {
  [OrganizationSortField.NAME]: "o.name",
  [OrganizationSortField.WEBSITE]: "o.website",
  [OrganizationSortField.PHONE]: "o.phone",
  [OrganizationSortField.MEMBER_COUNT]: memberCountSql,
};

export class OrganizationService {
  constructor(private readonly dataSource: DataSource) {}

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
      { key: `${field}-${direction}`, expression: sortExpressions[field], idExpression: "o.id", direction },
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
