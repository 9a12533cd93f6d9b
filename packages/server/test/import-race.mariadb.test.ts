/**
 * The race the import's row lock and version check exist for, made deterministic on MariaDB (on
 * the embedded database a batch's transaction holds the whole database, so nothing can land
 * inside it; import-writes.test.ts checks the version check there with a trigger).
 */
import mysql from "mysql2/promise";
import { createPerson } from "./support/fixtures";
import type { GraphQLClient, GraphQLResponse } from "./support/graphql-client";
import { finishedImport, queueImport, withMapping } from "./support/imports";
import { mariadbServerUrl, startTestRoster, type TestRoster } from "./support/roster";
import { User } from "../src/modules/users/user.entity";

let roster: TestRoster;
let admin: GraphQLClient;

beforeAll(async () => {
  roster = await startTestRoster();
  admin = await roster.signIn();
});
afterAll(() => roster.stop());

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const codeOf = (response: GraphQLResponse<unknown>) => response.errors?.[0]?.extensions?.code;
const users = () => roster.dataSource.getRepository(User);

const UPDATE = `mutation ($id: ID!, $version: Int!, $input: UpdateUserInput!) {
  updateUser(id: $id, version: $version, input: $input) { displayName version } }`;

/*
 * The real race, on MariaDB (on the embedded database a batch's transaction holds the whole
 * database, so nothing can land inside it). To make it deterministic, a second connection
 * holds a lock that stops the import's batch at its first attribute insert: after the batch
 * has planned (read the person) and before it writes the person. While the batch waits, the
 * agent edits the person through the API. An import that reads the person without a lock
 * lets the agent's edit commit there and then writes over it with the same version number
 * (issue 12); holding the person's row from its plan to its write makes the edit wait and then
 * find the version moved: CONFLICT, never an acknowledged edit that vanishes.
 */
test("an agent's updateUser between the import's plan and its write gets CONFLICT, and nothing acknowledged is lost", async () => {
  const person = await createPerson(roster.dataSource, { email: "raced@example.com", displayName: "Before" });
  const [{ name: database }] = await roster.dataSource.query<{ name: string }[]>("SELECT DATABASE() AS name");
  const holder = await mysql.createConnection({ uri: `${mariadbServerUrl}/${database}` });
  const lockWaits = async (): Promise<number> => {
    const [rows] = await holder.query<mysql.RowDataPacket[]>(
      `SELECT COUNT(*) AS waiting FROM information_schema.INNODB_TRX t
           JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id
          WHERE t.trx_state = 'LOCK WAIT' AND p.DB = ?`,
      [database],
    );
    return Number(rows[0].waiting);
  };
  const until = async (condition: () => Promise<boolean>, what: string) => {
    const deadline = Date.now() + 20_000;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      // InnoDB refreshes INNODB_TRX only when it was not read for 0.1 s: polling faster sees it never change.
      await pause(200);
    }
  };
  try {
    // Every row and gap of user_attributes, so any insert into it waits (REPEATABLE READ next-key locks).
    await holder.query("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
    await holder.beginTransaction();
    await holder.query("SELECT * FROM user_attributes FOR UPDATE");

    // Line 2 creates a person with an attribute (the insert that waits), line 3 updates the raced one.
    const jobId = await queueImport(
      admin,
      withMapping({ email: "email", name: "displayName", plan: "attr.plan" }),
      "email,name,plan\nfresh@example.com,Fresh,gold\nraced@example.com,From the import,\n",
    );
    await until(async () => (await lockWaits()) >= 1, "the import to wait on the held lock");

    let settled = false;
    const editing = admin
      .request<{ updateUser: { displayName: string; version: number } }>(UPDATE, {
        id: String(person.id),
        version: person.version,
        input: { displayName: "From the agent" },
      })
      .finally(() => (settled = true));
    // Either the edit commits while the import waits (the bug), or it waits for the import's row lock.
    await until(async () => settled || (await lockWaits()) >= 2, "the agent's edit to commit or wait");
    await holder.rollback();
    const [edit, job] = await Promise.all([editing, finishedImport(admin, jobId)]);

    const stored = await users().findOneByOrFail({ id: person.id });
    if (!edit.errors) {
      // Whatever the outcome, an acknowledged edit stays stored.
      expect(stored.displayName).toBe(edit.data?.updateUser.displayName);
    }
    expect(codeOf(edit)).toBe("CONFLICT");
    expect(job).toMatchObject({ status: "DONE", processedRows: 2, created: 1, updated: 1, unchanged: 0, rejected: 0 });
    expect(stored).toMatchObject({ displayName: "From the import", version: person.version + 1 });
  } finally {
    await holder.end();
  }
});
