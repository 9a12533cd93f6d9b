import { constantCase, sortFields } from "@roster/person";
import { In, type DataSource, type SelectQueryBuilder } from "typeorm";
import { manyPer, onePer } from "../../common/batch";
import { pageReader, type KeysetSort, type Page } from "../../common/pagination";
import { toDirection, SortDirection } from "../../common/sort";
import { findIn, LIKE_ESCAPE, likeContains, readNumber, type SqlCondition } from "../../database/sql";
import { UserAttribute } from "../attributes/custom-attribute.entity";
import { implicitRoleSql } from "../roles/role-membership";
import { TokenPurpose } from "../tokens/token-purpose";
import { UserToken } from "../tokens/user-token.entity";
import { invitationState, type InvitationState } from "./invitation-state";
import type { Role } from "../roles/role.entity";
import { UserSortField, type UserSort } from "./dto/users.args";
import { effectiveStateSql } from "./user-state";
import { User } from "./user.entity";
import { UserKind, type UserState } from "./user.enums";

export interface UserFilter {
  search?: string | null;
  states?: UserState[] | null;
  role?: Role | null;
  kind?: UserKind | null;
  organizationId?: number | null;
  /** Organization member lists leave trashed people out, as member counts do. */
  excludeTrashed?: boolean;
  /** Segment queries compiled by the segments module (`SegmentService.filterFor`), all of which a person must match. */
  segments?: readonly SqlCondition[];
}

/** Each sortable field of @roster/person is a column of `users` by the same name. */
const sortColumns = Object.fromEntries(
  sortFields.map((field) => [
    constantCase(field.name),
    { column: `u.${field.name}`, isDate: field.type === "datetime", nullable: field.nullable },
  ]),
) as Record<UserSortField, { column: string; isDate: boolean; nullable: boolean }>;

export class UserService {
  constructor(private readonly dataSource: DataSource) {}

  /** Each person's invitation state, in order, from one read of the agents' tokens (per 500). */
  async invitationsOf(people: readonly User[], now: Date): Promise<(InvitationState | null)[]> {
    const agentIds = people.filter((person) => person.kind === UserKind.AGENT).map((person) => person.id);
    const tokens = agentIds.length ? await findIn(this.dataSource.manager, UserToken, "userId", agentIds) : [];
    const invitations = new Map<number, UserToken[]>();
    for (const token of tokens) {
      if (token.purpose === TokenPurpose.INVITATION)
        invitations.set(token.userId, [...(invitations.get(token.userId) ?? []), token]);
    }
    return people.map((person) => invitationState(person, invitations.get(person.id) ?? [], now));
  }

  findById(id: number): Promise<User | null> {
    return this.dataSource.getRepository(User).findOneBy({ id });
  }

  async findByIds(ids: readonly number[]): Promise<(User | null)[]> {
    const users = await this.dataSource.getRepository(User).findBy({ id: In([...ids]) });
    return onePer(ids, users, (user) => user.id);
  }

  /** One page of the list: its arguments are checked now, the page is read when the answer is called. */
  page(
    filter: UserFilter,
    sort: UserSort | null | undefined,
    first: number,
    after: string | null | undefined,
    now: Date,
  ): () => Promise<Page<User>> {
    const field = sort?.field ?? UserSortField.DISPLAY_NAME;
    const direction = toDirection(sort?.direction ?? SortDirection.ASC);
    const { column, isDate, nullable } = sortColumns[field];
    const keyset: KeysetSort = {
      key: `${field}-${direction}`,
      expression: column,
      idExpression: "u.id",
      direction,
      isDate,
      nullable,
    };
    return pageReader(this.filtered(filter, now), keyset, first, after);
  }

  /**
   * Everyone matching, in id order, `size` at a time: for streamed exports and bulk jobs, which
   * must not hold a million people in memory. Each batch is a fresh keyset query after the last id.
   */
  async *inBatches(filter: UserFilter, now: Date, size: number, afterId = 0): AsyncGenerator<User[]> {
    let lastId = afterId;
    for (;;) {
      const batch = await this.filtered(filter, now)
        .andWhere("u.id > :lastId", { lastId })
        .orderBy("u.id", "ASC")
        .take(size)
        .getMany();
      if (batch.length > 0) yield batch;
      if (batch.length < size) return;
      lastId = batch[batch.length - 1].id;
    }
  }

  async count(filter: UserFilter, now: Date): Promise<number> {
    const [total] = await this.counts([filter], now);
    return total;
  }

  /** How many people match each filter, in order: one statement for the whole list (saved views' counts). */
  async counts(filters: readonly UserFilter[], now: Date): Promise<number[]> {
    if (filters.length === 0) return [];
    // TypeORM binds positional parameters on both dialects, so the parts' SQL and parameters concatenate.
    const parts = filters.map((filter, index) =>
      this.filtered(filter, now).select(String(index), "position").addSelect("COUNT(*)", "total").getQueryAndParameters(),
    );
    const rows = (await this.dataSource.query(
      parts.map(([sql]) => sql).join(" UNION ALL "),
      parts.flatMap(([, parameters]) => parameters),
    )) as { position: unknown; total: unknown }[];
    const totals = new Array<number>(filters.length).fill(0);
    for (const row of rows) totals[readNumber(row.position)] = readNumber(row.total);
    return totals;
  }

  async attributesOf(userIds: readonly number[]): Promise<UserAttribute[][]> {
    const rows = await this.dataSource
      .getRepository(UserAttribute)
      .find({ where: { userId: In([...userIds]) }, order: { name: "ASC" } });
    return manyPer(userIds, rows, (row) => row.userId);
  }

  private filtered(filter: UserFilter, now: Date): SelectQueryBuilder<User> {
    const query = this.dataSource.getRepository(User).createQueryBuilder("u").setParameter("now", now);
    const search = filter.search?.trim();
    if (search) {
      query.andWhere(
        `(u.displayName LIKE :search ${LIKE_ESCAPE} OR u.username LIKE :search ${LIKE_ESCAPE} OR u.email LIKE :search ${LIKE_ESCAPE}
          OR u.organizationId IN (SELECT o.id FROM organizations o WHERE o.name LIKE :search ${LIKE_ESCAPE}))`,
        { search: likeContains(search) },
      );
    }
    if (filter.states?.length) {
      // Each state is one SQL condition: a list that repeats them must not grow the statement.
      const states = [...new Set(filter.states)];
      query.andWhere(`(${states.map((state) => effectiveStateSql("u", state)).join(" OR ")})`);
    }
    if (filter.excludeTrashed) query.andWhere("u.state <> 'TRASHED'");
    if (filter.kind) query.andWhere("u.kind = :kind", { kind: filter.kind });
    if (filter.organizationId) query.andWhere("u.organizationId = :organizationId", { organizationId: filter.organizationId });
    if (filter.role) {
      const implicit = filter.role.systemKey ? implicitRoleSql("u", filter.role.systemKey) : null;
      query.andWhere(implicit ?? "EXISTS (SELECT 1 FROM user_roles ur WHERE ur.userId = u.id AND ur.roleId = :roleId)", {
        roleId: filter.role.id,
      });
    }
    filter.segments?.forEach((segment) => query.andWhere(segment.condition, segment.parameters));
    return query;
  }
}
