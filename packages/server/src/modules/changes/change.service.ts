/**
 * The change feed: committed change events in the order they committed, paged by cursor.
 *
 * Why a sequencer: on MariaDB an auto-increment id is taken when a row is inserted, not when its
 * transaction commits, so id 11 can be visible while id 10 is still in flight; a reader paging
 * by id would pass 10 and never see it. So the feed pages by `position`, which only the
 * sequencer gives: under a lock on its one row (one run at a time, across processes), it reads
 * the events committed without a position (READ COMMITTED: what has committed by then, never
 * waiting on a writer) and numbers them after the last position given, in one statement that
 * commits with its new last position. A position therefore appears only on a committed event,
 * and every position given later is greater: a reader that stores its last cursor never misses
 * and never reorders an event. Writers pay one insert and wait on nothing.
 * On SQLite transactions run one at a time (write-model.ts), so the same code holds trivially.
 */
import type { DataSource, EntityManager, SelectQueryBuilder } from "typeorm";
import { pageReader, type KeysetSort, type Page } from "../../common/pagination";
import { dialectOf } from "../../database/data-source";
import { CHUNK, querySql, readNumber } from "../../database/sql";
import { ChangeEvent } from "./change-event.entity";
import type { ChangeType } from "./change.enums";

const BY_POSITION: KeysetSort = {
  key: "position",
  expression: "c.position",
  idExpression: "c.id",
  direction: "ASC",
  nullable: false,
};

export class ChangeService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * A page of the feed after the cursor, oldest first. The events committed so far are
   * sequenced first, so a reader sees them at once.
   */
  async page(
    types: readonly ChangeType[] | null | undefined,
    first: number,
    after: string | null | undefined,
  ): Promise<Page<ChangeEvent>> {
    // Checked before anything runs: bad input is refused without a write.
    const read = pageReader(this.filtered(types), BY_POSITION, first, after);
    await this.sequence();
    return read();
  }

  count(types: readonly ChangeType[] | null | undefined): Promise<number> {
    return this.filtered(types).getCount();
  }

  /** Gives positions to every event committed without one; answers how many it numbered. */
  async sequence(): Promise<number> {
    // A plain read first: with nothing to number, no transaction (on SQLite, no wait for one).
    const [pending] = await querySql(this.dataSource, "SELECT id FROM change_events WHERE position IS NULL LIMIT 1");
    if (!pending) return 0;
    let numbered = 0;
    for (;;) {
      const batch = await this.sequenceBatch();
      numbered += batch;
      if (batch < CHUNK) return numbered;
    }
  }

  private sequenceBatch(): Promise<number> {
    const mysql = dialectOf(this.dataSource) === "mysql";
    const work = async (manager: EntityManager): Promise<number> => {
      const [state] = await querySql<{ lastPosition: unknown }>(
        manager,
        `SELECT lastPosition FROM change_sequence WHERE id = 1${mysql ? " FOR UPDATE" : ""}`,
      );
      const rows = await querySql<{ id: unknown }>(
        manager,
        `SELECT id FROM change_events WHERE position IS NULL ORDER BY id LIMIT ${CHUNK}`,
      );
      if (rows.length === 0) return 0;
      const ids = rows.map((row) => readNumber(row.id));
      // Positions keep the ids' order and start right after the last one given: one statement.
      const shift = readNumber(state?.lastPosition) + 1 - ids[0];
      await querySql(manager, "UPDATE change_events SET position = id + :shift WHERE id IN (:...ids)", { shift, ids });
      await querySql(manager, "UPDATE change_sequence SET lastPosition = :last WHERE id = 1", { last: ids.at(-1)! + shift });
      return ids.length;
    };
    // READ COMMITTED: each statement sees what has committed by then, and the reads lock nothing.
    return mysql ? this.dataSource.transaction("READ COMMITTED", work) : this.dataSource.transaction(work);
  }

  private filtered(types: readonly ChangeType[] | null | undefined): SelectQueryBuilder<ChangeEvent> {
    const query = this.dataSource.getRepository(ChangeEvent).createQueryBuilder("c").where("c.position IS NOT NULL");
    if (types?.length) query.andWhere("c.type IN (:...types)", { types: [...new Set(types)] });
    return query;
  }
}

/** The JSON document a webhook delivers and the feed shows: `{ type, timestamp, data }`. */
export function payloadOf(event: Pick<ChangeEvent, "type" | "occurredAt" | "data">): string {
  return `{"type":${JSON.stringify(event.type)},"timestamp":${JSON.stringify(event.occurredAt.toISOString())},"data":${event.data}}`;
}
