/**
 * Why the feed has a sequencer: on MariaDB an auto-increment id is taken at insert, so a later
 * id can commit while an earlier one is still in flight. A reader paging by id would pass the
 * earlier one and never see it; paging by position, it sees it once it commits.
 */
import { ChangeEvent } from "../src/modules/changes/change-event.entity";
import type { GraphQLClient } from "./support/graphql-client";
import { startTestRoster, type TestRoster } from "./support/roster";

let roster: TestRoster;
let admin: GraphQLClient;

beforeAll(async () => {
  roster = await startTestRoster();
  admin = await roster.signIn();
});
afterAll(() => roster.stop());

const CHANGES = `query ($after: String) { changes(after: $after, first: 100) {
  nodes { position type subjectId } pageInfo { endCursor }
} }`;

interface FeedPage {
  changes: { nodes: { position: string; type: string; subjectId: string }[]; pageInfo: { endCursor: string | null } };
}

test("an event in flight with an earlier id is delivered once it commits, after the ones read meanwhile", async () => {
  const start = (await admin.data<FeedPage>(CHANGES)).changes.pageInfo.endCursor;
  const inFlight = roster.dataSource.createQueryRunner();
  await inFlight.connect();
  try {
    await inFlight.startTransaction();
    await inFlight.query(
      "INSERT INTO change_events (type, subjectType, subjectId, personId, data, occurredAt, actorType, actorId) VALUES ('person.updated', 'PERSON', 999, 999, '{\"id\":\"999\",\"fields\":[\"phone\"]}', NOW(3), 'SYSTEM', NULL)",
    );
    const later = await admin.data<{ createUser: { id: string } }>(
      'mutation { createUser(input: { displayName: "Later", kind: CUSTOMER }) { id } }',
    );

    const first = (await admin.data<FeedPage>(CHANGES, { after: start })).changes;
    expect(first.nodes.map((node) => [node.type, node.subjectId])).toEqual([["PERSON_CREATED", later.createUser.id]]);

    await inFlight.commitTransaction();
    const second = (await admin.data<FeedPage>(CHANGES, { after: first.pageInfo.endCursor })).changes;
    expect(second.nodes.map((node) => [node.type, node.subjectId])).toEqual([["PERSON_UPDATED", "999"]]);
    expect(Number(second.nodes[0].position)).toBeGreaterThan(Number(first.nodes[0].position));

    // The in-flight event's id is the smaller one: a cursor over ids would have skipped it.
    const stored = await roster.dataSource.getRepository(ChangeEvent).find({ order: { id: "ASC" } });
    const idOf = (subjectId: string) => stored.find((event) => String(event.subjectId) === subjectId)!.id;
    expect(idOf("999")).toBeLessThan(idOf(later.createUser.id));
  } finally {
    if (inFlight.isTransactionActive) await inFlight.rollbackTransaction();
    await inFlight.release();
  }
});
