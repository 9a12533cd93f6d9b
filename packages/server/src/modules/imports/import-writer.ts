/**
 * Writing an import's plan inside the batch's transaction, audited: new people are
 * NOT_ACTIVATED with source IMPORT; an update lands only over the version it was planned
 * against, never over someone else's edit. When the database refuses a row the checks let
 * through, the batch is written again row by row to find it, so one bad row costs only itself.
 */
import type { EntityManager } from "typeorm";
import { isTransient, messageOf } from "../../database/database-errors";
import { findIn, insertMany } from "../../database/sql";
import type { Actor } from "../audit/actor";
import { AuditAction } from "../audit/audit.enums";
import type { AuditService } from "../audit/audit.service";
import { UserAttribute } from "../attributes/custom-attribute.entity";
import { User } from "../users/user.entity";
import { AttributeType, UserKind, UserSource, UserState } from "../users/user.enums";
import type { Plan, Update } from "./import-planner";

export class ImportWriter {
  constructor(private readonly audit: AuditService) {}

  /**
   * A plan written one row at a time, each in a savepoint: a row the database refuses becomes a
   * rejection with its reason, and the rest of the batch is kept.
   */
  async applyRowByRow(manager: EntityManager, plan: Plan, actor: Actor, now: Date): Promise<void> {
    const refused = async (line: number, raw: string[], write: (inner: EntityManager) => Promise<void>) => {
      try {
        await manager.transaction(write);
        return false;
      } catch (error) {
        if (isTransient(error)) throw error;
        plan.rejections.push({ line, raw, reason: `The database refused this row: ${messageOf(error)}` });
        return true;
      }
    };
    const creates = [];
    for (const create of plan.creates) {
      const single: Plan = { creates: [create], updates: [], unchanged: 0, rejections: [] };
      if (!(await refused(create.row.line, create.row.raw, (inner) => this.apply(inner, single, actor, now))))
        creates.push(create);
    }
    const updates = [];
    for (const update of plan.updates) {
      const single: Plan = { creates: [], updates: [update], unchanged: 0, rejections: [] };
      if (await refused(update.row.line, update.row.raw, (inner) => this.apply(inner, single, actor, now))) continue;
      // Written, or rejected by the version check.
      updates.push(...single.updates);
      plan.rejections.push(...single.rejections);
    }
    plan.creates = creates;
    plan.updates = updates;
    plan.rejections.sort((a, b) => a.line - b.line);
  }

  /**
   * Writes a plan: new people in a few statements per table, updates one by one; all audited.
   * An update writes only over the version it was planned against: a person changed since
   * moves its row to the rejections, with the reason.
   */
  async apply(manager: EntityManager, plan: Plan, actor: Actor, now: Date): Promise<void> {
    if (plan.creates.length) {
      await insertMany(
        manager,
        User,
        plan.creates.map(({ row, organizationId }) => ({
          email: row.email,
          displayName: row.displayName ?? row.email.split("@")[0],
          username: row.username,
          phone: row.phone,
          timezone: row.timezone,
          locale: row.locale,
          organizationId,
          kind: UserKind.CUSTOMER,
          state: UserState.NOT_ACTIVATED,
          source: UserSource.IMPORT,
          loginCount: 0,
          version: 1,
          createdAt: now,
          updatedAt: now,
        })),
      );
      // Ids read back by email: multi-row inserts do not report every id on every database.
      const created = await findIn(
        manager,
        User,
        "email",
        plan.creates.map(({ row }) => row.email),
      );
      const idOf = new Map(created.map((user) => [user.email!, user.id]));
      const newAttributes = plan.creates.flatMap(({ row }) =>
        Object.entries(row.attributes).map(([name, value]) => ({
          userId: idOf.get(row.email)!,
          name,
          type: AttributeType.STRING,
          value,
        })),
      );
      await insertMany(manager, UserAttribute, newAttributes);
      await this.audit.recordMany(
        manager,
        actor,
        plan.creates.map(({ row }) => ({
          action: AuditAction.USER_CREATED,
          targetId: idOf.get(row.email)!,
          toState: UserState.NOT_ACTIVATED,
          details: { source: "IMPORT", line: row.line },
        })),
        now,
      );
    }
    const written: Update[] = [];
    for (const update of plan.updates) {
      const { row, user, changes, attributes } = update;
      // Attributes are the person's too: any change moves the version, as updateUser does.
      const result = await manager
        .createQueryBuilder()
        .update(User)
        .set({ ...changes, version: () => "version + 1", updatedAt: now })
        .where("id = :id AND version = :version", { id: user.id, version: user.version })
        .execute();
      if (result.affected !== 1) {
        const current = await manager.findOneBy(User, { id: user.id });
        plan.rejections.push({
          line: row.line,
          raw: row.raw,
          reason: current
            ? `${row.email} was changed by someone else while the import ran (now version ${current.version}); import the row again.`
            : `${row.email} was deleted while the import ran.`,
        });
        continue;
      }
      written.push(update);
      for (const attribute of attributes) {
        await manager.delete(UserAttribute, { userId: user.id, name: attribute.name });
        await manager.insert(UserAttribute, {
          userId: user.id,
          name: attribute.name,
          type: AttributeType.STRING,
          value: attribute.after,
        });
      }
    }
    if (written.length < plan.updates.length) {
      plan.updates = written;
      plan.rejections.sort((a, b) => a.line - b.line);
    }
    if (plan.updates.length) {
      await this.audit.recordMany(
        manager,
        actor,
        plan.updates.map(({ user, changes, attributes, row }) => ({
          action: AuditAction.USER_UPDATED,
          targetId: user.id,
          details: {
            source: "IMPORT",
            line: row.line,
            ...Object.fromEntries(
              Object.entries(changes).map(([field, after]) => [field, { before: user[field as keyof User], after }]),
            ),
            ...Object.fromEntries(attributes.map(({ name, before, after }) => [`attr.${name}`, { before, after }])),
          },
        })),
        now,
      );
    }
  }
}
