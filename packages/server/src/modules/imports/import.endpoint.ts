/**
 * CSV import over HTTP, the body streamed (never held whole in memory):
 * - `POST /import/users.csv?dryRun=true[&mapping=<JSON>]`: what the import would do (200);
 * - `POST /import/users.csv[?mapping=<JSON>&fileName=…]`: queues the import, `{ jobId }` (202),
 *   then followed with GraphQL `importJob(id)`;
 * - `GET /import/jobs/<id>/rejected.csv`: the rejected rows with their line and reason.
 * The body is the raw file (`Content-Type: text/csv`). Needs people.import. Mounted at /import
 * by http/app.ts.
 */
import { once } from "node:events";
import { stringify } from "csv-stringify";
import express from "express";
import type { Clock } from "../../common/clock";
import { DomainError, ErrorCode } from "../../common/errors";
import { parseId } from "../../common/ids";
import { authorizedViewer, refuse } from "../../http/plain-endpoint";
import type { Services } from "../../services";
import { defuse } from "../exports/user-csv";
import { Permission } from "../roles/permissions";
import { UploadTooLargeError } from "./import-file";
import type { ImportMapping } from "./import-mapping";

function mappingOf(value: unknown): ImportMapping | null {
  if (typeof value !== "string" || value === "") return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new DomainError(ErrorCode.BadUserInput, "mapping must be a JSON object of CSV header to field.", {
      argument: "mapping",
    });
  }
  const valid =
    typeof parsed === "object" &&
    parsed !== null &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every((field) => typeof field === "string");
  if (!valid)
    throw new DomainError(ErrorCode.BadUserInput, "mapping must be a JSON object of CSV header to field.", {
      argument: "mapping",
    });
  return parsed as ImportMapping;
}

export function importEndpoint(services: Services, clock: Clock): express.Router {
  const router = express.Router();

  router.post("/users.csv", async (request, response, next) => {
    const now = clock();
    try {
      const viewer = await authorizedViewer(request, services, now, Permission.PeopleImport);
      const mapping = mappingOf(request.query.mapping);
      if (request.query.dryRun === "true" || request.query.dryRun === "1") {
        response.json(await services.imports.dryRun(request, mapping));
        return;
      }
      const fileName =
        typeof request.query.fileName === "string" && request.query.fileName ? request.query.fileName : "upload.csv";
      const job = await services.imports.queue(viewer, request, fileName, mapping, now);
      services.jobRunner.notify();
      response.status(202).json({ jobId: String(job.id) });
    } catch (error) {
      // What was not read of the body is dropped, so the answer is not stuck behind it.
      request.resume();
      if (error instanceof UploadTooLargeError) return refuse(response, error, 413);
      if (error instanceof DomainError) return refuse(response, error);
      // csv-parse reports a malformed file (an unclosed quote, say) with a CSV_ code.
      const code = (error as { code?: unknown }).code;
      if (typeof code === "string" && code.startsWith("CSV_")) {
        return refuse(
          response,
          new DomainError(ErrorCode.BadUserInput, `The file is not valid CSV: ${(error as Error).message}`, { argument: "file" }),
        );
      }
      next(error);
    }
  });

  router.get("/jobs/:id/rejected.csv", async (request, response, next) => {
    try {
      await authorizedViewer(request, services, clock(), Permission.PeopleImport);
      const id = parseId(request.params.id, "id");
      const job = await services.imports.find(id);
      if (!job) throw new DomainError(ErrorCode.NotFound, `There is no import ${id}.`);
      response.setHeader("Content-Type", "text/csv; charset=utf-8");
      response.setHeader("Content-Disposition", `attachment; filename="import-${id}-rejected.csv"`);
      const csv = stringify();
      csv.pipe(response);
      csv.write(["line", "reason", ...services.imports.headersOf(job)]);
      for await (const rows of services.imports.rejectedRows(id)) {
        // The cells as the uploader wrote them, defused like an export's: a spreadsheet must not run them.
        for (const row of rows) if (!csv.write(row.map(defuse))) await once(csv, "drain");
      }
      csv.end();
    } catch (error) {
      if (error instanceof DomainError && !response.headersSent) return refuse(response, error);
      next(error);
    }
  });

  return router;
}
