/**
 * `pnpm bench:webhooks --segment [--database sqlite|mariadb|both] [--users N] [--runs R]`: what a
 * webhook's segment costs the dispatcher (webhooks/webhook-segments.ts), on a generated
 * population (100,000 people and about a million communications by default) with one feed event
 * per person, all delivered. For each segment example of the SPEC, a webhook follows it; printed:
 * its baseline (createWebhook), the median of `--runs` periodic re-evaluations over everyone
 * (each an hour of the clock later than the last, so the time-based ones see people cross), the
 * people who crossed, and the median evaluation of a fan-out batch's 500 people.
 */
import type { DataSource } from "typeorm";
import { querySql, readNumber } from "../database/sql";
import { ChangeService } from "../modules/changes/change.service";
import { ChangeType } from "../modules/changes/change.enums";
import { communicationSegmentColumns } from "../modules/communications/communication-segment-columns";
import { roleSegmentColumns } from "../modules/roles/role-segment-columns";
import { Segment } from "../modules/segments/segment.entity";
import { SegmentService } from "../modules/segments/segment.service";
import { userSegmentColumns } from "../modules/users/user-segment-columns";
import { WebhookSegments } from "../modules/webhooks/webhook-segments";
import { WebhookService } from "../modules/webhooks/webhook.service";
import { seedPeople } from "../seed/seed-generator";
import { scratchDatabase } from "./scratch-database";
import { addModerators, SEGMENT_EXAMPLES } from "./segment-examples";

const NOW = new Date("2026-06-15T12:00:00.000Z");
const HOUR = 3_600_000;
const BATCH = 500;

const median = (times: number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

/** One feed event per person, every one of them delivered (the webhook's cursor at the end). */
async function addFeed(dataSource: DataSource): Promise<void> {
  await querySql(
    dataSource,
    `INSERT INTO change_events (position, type, subjectType, subjectId, personId, data, occurredAt, actorType, actorId)
     SELECT u.id, :type, 'PERSON', u.id, u.id, '{}', :now, 'SYSTEM', NULL FROM users u`,
    { type: ChangeType.PERSON_CREATED, now: NOW },
  );
  await querySql(dataSource, "UPDATE change_sequence SET lastPosition = (SELECT MAX(position) FROM change_events) WHERE id = 1");
}

async function measure(dataSource: DataSource, runs: number): Promise<void> {
  const segments = new SegmentService(dataSource, {
    ...userSegmentColumns,
    ...roleSegmentColumns,
    ...communicationSegmentColumns,
  });
  const webhookSegments = new WebhookSegments(segments);
  const webhooks = new WebhookService(dataSource, new ChangeService(dataSource), webhookSegments, { allowPrivate: false });
  const ids = (await querySql<{ id: unknown }>(dataSource, "SELECT id FROM users")).map((row) => readNumber(row.id));
  const rows = [];
  for (const [index, example] of SEGMENT_EXAMPLES.entries()) {
    const segment = await dataSource.getRepository(Segment).save({
      name: `Example ${index + 1}`,
      query: example.segment,
      shared: true,
      ownerId: null,
      createdAt: NOW,
      updatedAt: NOW,
    });
    const baseline = await timed(() =>
      webhooks.create(
        null,
        {
          url: "https://receiver.example/hooks",
          events: [ChangeType.SEGMENT_ENTERED, ChangeType.SEGMENT_LEFT],
          segmentId: segment.id,
        },
        NOW,
      ),
    );
    const { webhook } = baseline.result;
    const [members] = await querySql<{ n: unknown }>(
      dataSource,
      "SELECT COUNT(*) AS n FROM webhook_segment_members WHERE webhookId = :id",
      { id: webhook.id },
    );
    const reevaluations: number[] = [];
    const batches: number[] = [];
    let crossed = 0;
    for (let run = 1; run <= runs; run += 1) {
      const now = new Date(NOW.getTime() + run * HOUR);
      const reevaluation = await timed(() =>
        dataSource.transaction((manager) => webhookSegments.reevaluate(manager, webhook, webhook.cursor, now)),
      );
      reevaluations.push(reevaluation.ms);
      crossed += reevaluation.result.length;
      const start = (run * 7919) % Math.max(1, ids.length - BATCH);
      const batch = await timed(() =>
        dataSource.transaction((manager) =>
          webhookSegments.afterBatch(manager, webhook, ids.slice(start, start + BATCH), webhook.cursor, now),
        ),
      );
      batches.push(batch.ms);
    }
    rows.push({
      segment: example.segment,
      members: readNumber(members?.n),
      "baseline ms": Math.round(baseline.ms),
      "re-evaluation ms (median)": Number(median(reevaluations).toFixed(1)),
      [`crossed in ${runs} h`]: crossed,
      [`${BATCH}-person batch ms (median)`]: Number(median(batches).toFixed(1)),
    });
  }
  console.table(rows);
}

export async function benchSegments(databases: readonly string[], users: number, runs: number): Promise<void> {
  for (const database of databases) {
    const scratch = await scratchDatabase(database);
    console.log(`\n${database}: ${users.toLocaleString("en")} people, one feed event each`);
    try {
      const started = performance.now();
      await seedPeople(scratch.dataSource, { users, seed: 7, now: NOW, onProgress: (message) => console.log(`  ${message}`) });
      await addModerators(scratch.dataSource, NOW);
      await addFeed(scratch.dataSource);
      console.log(`  seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      await measure(scratch.dataSource, runs);
    } finally {
      await scratch.dispose();
    }
  }
}
