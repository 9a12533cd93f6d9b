/**
 * `GET /export/users.csv`: any list of people as CSV, streamed in batches so that a million
 * people export in constant memory. Filters as in `users(…)`: `segment`, `segmentId`,
 * `states` (comma-separated), `search`; `columns` (comma-separated, see user-csv.ts).
 * The caller is an agent's session or a service's API key, with people.export. Mounted at
 * /export by http/app.ts.
 */
import { once } from "node:events";
import { stringify } from "csv-stringify";
import express from "express";
import type { Clock } from "../../common/clock";
import { DomainError, ErrorCode } from "../../common/errors";
import { parseId } from "../../common/ids";
import { authorizedViewer, refuse } from "../../http/plain-endpoint";
import type { Services } from "../../services";
import { Permission } from "../roles/permissions";
import { UserState } from "../users/user.enums";
import { DEFAULT_USER_COLUMNS, USER_COLUMNS, userRow } from "./user-csv";

const BATCH = 1000;

function listParameter(value: unknown): string[] {
  return typeof value === "string" && value.trim() !== "" ? value.split(",").map((item) => item.trim()) : [];
}

export function exportEndpoint(services: Services, clock: Clock): express.Router {
  const router = express.Router();

  router.get("/users.csv", async (request, response, next) => {
    const now = clock();
    let rows: AsyncGenerator<string[][]>;
    let columns: string[];
    try {
      const viewer = await authorizedViewer(request, services, now, Permission.PeopleExport);
      columns = listParameter(request.query.columns);
      if (columns.length === 0) columns = DEFAULT_USER_COLUMNS;
      const unknown = columns.filter((column) => !(column in USER_COLUMNS));
      if (unknown.length) {
        throw new DomainError(
          ErrorCode.BadUserInput,
          `columns: unknown ${unknown.join(", ")}; known: ${Object.keys(USER_COLUMNS).join(", ")}.`,
          {
            argument: "columns",
          },
        );
      }
      const states = listParameter(request.query.states);
      const badState = states.find((state) => !(state in UserState));
      if (badState) throw new DomainError(ErrorCode.BadUserInput, `states: unknown state ${badState}.`, { argument: "states" });
      const segmentId = typeof request.query.segmentId === "string" ? parseId(request.query.segmentId, "segmentId") : null;
      const segment = typeof request.query.segment === "string" ? request.query.segment : null;
      const filter = {
        search: typeof request.query.search === "string" ? request.query.search : null,
        states: states as UserState[],
        segments: (await services.segments.filterFor(segment, segmentId, viewer, now)).conditions,
      };
      rows = batchesOfRows(services, filter, now, columns);
    } catch (error) {
      if (error instanceof DomainError) return refuse(response, error);
      return next(error);
    }

    response.status(200);
    response.setHeader("Content-Type", "text/csv; charset=utf-8");
    response.setHeader("Content-Disposition", `attachment; filename="people-${now.toISOString().slice(0, 10)}.csv"`);
    response.setHeader("Cache-Control", "no-store");
    const csv = stringify({ header: true, columns });
    csv.pipe(response);
    try {
      for await (const batch of rows) {
        for (const row of batch) {
          // Waits for the client when it reads slower than the database answers.
          if (!csv.write(row)) await once(csv, "drain");
        }
      }
      csv.end();
    } catch (error) {
      // Headers are gone: the only honest signal left is a broken download.
      console.error("[export] failed mid-stream", error);
      response.destroy(error instanceof Error ? error : undefined);
    }
  });

  return router;
}

async function* batchesOfRows(
  services: Services,
  filter: Parameters<Services["users"]["inBatches"]>[0],
  now: Date,
  columns: string[],
): AsyncGenerator<string[][]> {
  for await (const people of services.users.inBatches(filter, now, BATCH)) {
    const organizationIds = [
      ...new Set(people.flatMap((person) => (person.organizationId === null ? [] : [person.organizationId]))),
    ];
    const organizations = await services.organizations.findByIds(organizationIds);
    const names = new Map(
      organizations.flatMap((organization) => (organization ? [[organization.id, organization.name] as const] : [])),
    );
    const organizationName = (id: number | null) => (id === null ? null : (names.get(id) ?? null));
    yield people.map((person) =>
      userRow(person, columns, { now, organizationName }).map((cell) => (cell === null ? "" : String(cell))),
    );
  }
}
