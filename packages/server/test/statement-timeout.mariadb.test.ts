/**
 * Long reads are stopped by the database server itself (MariaDB's max_statement_time, set on
 * every pooled connection), and the client is told QUERY_TIMEOUT, not an internal error.
 * MariaDB only: the embedded SQLite has no such switch (README "Limits").
 */
import { GraphQLError } from "graphql";
import { formatError } from "../src/common/errors";
import { startTestRoster, type TestRoster } from "./support/roster";

let roster: TestRoster;
beforeAll(async () => {
  roster = await startTestRoster({ env: { ROSTER_QUERY_TIMEOUT_MS: "200" } });
});
afterAll(() => roster.stop());

// Ten billion rows from MariaDB's built-in sequence engine: minutes of work on any machine.
const SLOW = "SELECT SUM(a.seq * b.seq) AS spent FROM seq_1_to_100000 a, seq_1_to_100000 b";

test("every pooled connection carries the limit from the configuration", async () => {
  const connections = await Promise.all(
    Array.from({ length: 3 }, () =>
      roster.dataSource.query<{ limit: string }[]>("SELECT @@SESSION.max_statement_time AS `limit`"),
    ),
  );
  for (const [row] of connections) expect(Number(row.limit)).toBeCloseTo(0.2);
});

test("a statement past the limit is stopped, and reported as QUERY_TIMEOUT", async () => {
  const started = Date.now();
  const failure: unknown = await roster.dataSource.query(SLOW).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(Date.now() - started).toBeLessThan(5000);
  expect(failure).toMatchObject({ driverError: { errno: 1969 } });

  const wrapped = new GraphQLError("database", { originalError: failure as Error, path: ["users"] });
  expect(formatError({ message: "database", path: ["users"] }, wrapped)).toMatchObject({
    extensions: { code: "QUERY_TIMEOUT" },
    message: expect.stringMatching(/took too long/),
  });
  // The connection is still good afterwards.
  expect(await roster.dataSource.query("SELECT 1 AS one")).toEqual([{ one: 1 }]);
});
