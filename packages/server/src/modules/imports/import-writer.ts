/**
 * Writing an import's plan inside the batch's transaction, audited: new people are
 * NOT_ACTIVATED with source IMPORT; an update lands only over the version it was planned
 * against, never over someone else's edit. When the database refuses a row the checks let
 * through, the batch is written again row by row to find it, so one bad row costs only itself.
 */
import type { EntityManager } from "typeorm";
import { isTransient, messageOf } from "../../database/database-errors";
import type { Actor } from "../audit/actor";
import type { PersonWriter } from "../users/person-writer";
import { AttributeType, UserKind, UserSource, UserState } from "../users/user.enums";
import type { Plan, Update } from "./import-planner";

export class ImportWriter {
  constructor(private readonly people: PersonWriter) {}

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
   * Writes a plan through the person writer: new people in a few statements per table, updates
   * one by one; all audited. An update writes only over the version it was planned against: a
   * person changed since moves its row to the rejections, with the reason.
   */
  async apply(manager: EntityManager, plan: Plan, actor: Actor, now: Date): Promise<void> {
    await this.people.createMany(
      manager,
      actor,
      plan.creates.map(({ row, organizationId }) => ({
        person: {
          email: row.email,
          displayName: row.displayName,
          username: row.username,
          phone: row.phone,
          timezone: row.timezone,
          locale: row.locale,
          organizationId,
          kind: UserKind.CUSTOMER,
          state: UserState.NOT_ACTIVATED,
          source: UserSource.IMPORT,
          attributes: Object.entries(row.attributes).map(([name, value]) => ({ name, type: AttributeType.STRING, value })),
        },
        event: { details: { source: "IMPORT", line: row.line } },
      })),
      now,
    );
    if (plan.updates.length === 0) return;
    const { written, stale } = await this.people.updateMany(
      manager,
      actor,
      plan.updates.map((update) => ({
        planned: update,
        user: update.user,
        changes: update.changes,
        // Attributes are the person's too: any change moves the version, as updateUser does.
        attributes: update.attributes.map(({ name, before, after }) => ({
          name,
          type: AttributeType.STRING,
          value: after,
          before,
        })),
        event: { details: { source: "IMPORT", line: update.row.line } },
      })),
      now,
    );
    if (stale.length === 0) return;
    for (const { update, current } of stale) {
      const { row } = update.planned;
      plan.rejections.push({
        line: row.line,
        raw: row.raw,
        reason: current
          ? `${row.email} was changed by someone else while the import ran (now version ${current.version}); import the row again.`
          : `${row.email} was deleted while the import ran.`,
      });
    }
    plan.updates = written.map(({ planned }): Update => planned);
    plan.rejections.sort((a, b) => a.line - b.line);
  }
}
