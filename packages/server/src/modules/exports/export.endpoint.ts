/**
 * `GET /export/users.csv`: any list of people as CSV, streamed in batches so that a million
 * people export in constant memory. Filters as in `users(…)`: `segment`, `segmentId`,
 * `states` (comma-separated), `roleId`, `search`; `columns` (comma-separated, see user-csv.ts). Rows come
 * in the list's order: `sort` (a `UserSortField`, default DISPLAY_NAME) and `direction` (ASC, the
 * default, or DESC), paged by the very keyset of `users(sort:)`.
 * The caller is an agent's session or a service's API key, with people.export. Mounted at
 * /export by http/app.ts.
 */
import { once } from "node:events";
import { stringify } from "csv-stringify";
import express from "express";
import type { Clock } from "../../common/clock";
import { DomainError, ErrorCode } from "../../common/errors";
import { logger } from "../../common/logger";
import { MAX_PAGE_SIZE } from "../../common/pagination";
import { SortDirection } from "../../common/sort";
import { authorizedViewer, plainCredentials, refuse } from "../../http/plain-endpoint";
import { callerKey } from "../../http/rate-limiter";
import type { ReadRouting } from "../../http/read-routing";
import type { Services } from "../../services";
import { Permission } from "../roles/permissions";
import { UserSortField, type UserSort } from "../users/dto/users.args";
import type { User } from "../users/user.entity";
import { userFilterOf } from "../users/user-filter";
import type { UserFilter } from "../users/user.service";
import { UserState } from "../users/user.enums";
import { DEFAULT_USER_COLUMNS, USER_COLUMNS, userRow } from "./user-csv";

function listParameter(value: unknown): string[] {
  return typeof value === "string" && value.trim() !== "" ? value.split(",").map((item) => item.trim()) : [];
}

/** `sort` and `direction` as `users(sort:)` takes them; absent, the list's default. */
function sortParameter(query: express.Request["query"]): UserSort | null {
  const { sort: field, direction = SortDirection.ASC } = query;
  if (field === undefined) {
    if (query.direction !== undefined)
      throw new DomainError(ErrorCode.BadUserInput, "direction needs sort.", { argument: "direction" });
    return null;
  }
  const fields: readonly unknown[] = Object.values(UserSortField);
  if (!fields.includes(field)) {
    throw new DomainError(ErrorCode.BadUserInput, `sort: unknown field; known: ${fields.join(", ")}.`, { argument: "sort" });
  }
  if (direction !== SortDirection.ASC && direction !== SortDirection.DESC) {
    throw new DomainError(ErrorCode.BadUserInput, "direction: ASC or DESC.", { argument: "direction" });
  }
  return { field: field as UserSortField, direction };
}

export function exportEndpoint(services: Services, clock: Clock, readRouting: ReadRouting): express.Router {
  const router = express.Router();

  router.get("/users.csv", async (request, response, next) => {
    const now = clock();
    let rows: AsyncGenerator<string[][]>;
    let columns: string[];
    try {
      const viewer = await authorizedViewer(request, services, now, Permission.PeopleExport);
      // The longest read Roster serves: a replica's, unless the caller has just written.
      await readRouting.routeReads(callerKey(plainCredentials(request)));
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
      const text = (name: string) => (typeof request.query[name] === "string" ? (request.query[name] as string) : null);
      const sort = sortParameter(request.query);
      // The list's own translation of its filters, so the file holds exactly the people the list counts.
      const filter = await userFilterOf(
        {
          search: text("search"),
          states: states as UserState[],
          roleId: text("roleId"),
          segment: text("segment"),
          segmentId: text("segmentId"),
        },
        services,
        viewer,
        now,
      );
      rows = batchesOfRows(services, filter, sort, now, columns);
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
      logger.error({ err: error }, "export failed mid-stream: the download is cut");
      response.destroy(error instanceof Error ? error : undefined);
    }
  });

  return router;
}

/** The people, a page of the list at a time: `users.page` owns the order and its keyset, so the file cannot drift from the list. */
async function* pagesOf(services: Services, filter: UserFilter, sort: UserSort | null, now: Date): AsyncGenerator<User[]> {
  let after: string | null = null;
  do {
    const page = await services.users.page(filter, sort, MAX_PAGE_SIZE, after, now)();
    if (page.nodes.length > 0) yield page.nodes;
    after = page.hasNextPage ? page.cursors[page.cursors.length - 1] : null;
  } while (after !== null);
}

async function* batchesOfRows(
  services: Services,
  filter: UserFilter,
  sort: UserSort | null,
  now: Date,
  columns: string[],
): AsyncGenerator<string[][]> {
  for await (const people of pagesOf(services, filter, sort, now)) {
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
