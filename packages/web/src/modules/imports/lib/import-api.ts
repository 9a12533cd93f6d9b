// `POST /import/users.csv`: the file goes up as the request body, as is; a dry run answers what
// the import would do, a real run answers the job to follow with `importJob`.
import type { DryRunReport, ImportMapping } from "../../../../../server/src/modules/imports/dry-run-report";
import { errorFromResponse } from "../../exports/lib/http-error";

// The server's own declaration of what the endpoint answers (a types-only file), so this side cannot drift from it.
export type { DryRunReport, ImportMapping };

function importUrl(parameters: Record<string, string>): string {
  return `/import/users.csv?${new URLSearchParams(parameters).toString()}`;
}

async function post(url: string, file: File): Promise<Response> {
  const response = await fetch(url, {
    method: "POST",
    body: file,
    // text/csv is preflighted already; the header says so explicitly (the server's CSRF rule, http/csrf.ts).
    headers: { "Content-Type": "text/csv", "X-Roster-CSRF": "1" },
    credentials: "same-origin",
  });
  if (!response.ok) throw await errorFromResponse(response);
  return response;
}

/** What importing the file would do; without a mapping, the server guesses one from the headers. */
export async function dryRunImport(file: File, mapping: ImportMapping | null): Promise<DryRunReport> {
  const parameters: Record<string, string> = { dryRun: "true" };
  if (mapping) parameters.mapping = JSON.stringify(mapping);
  const response = await post(importUrl(parameters), file);
  return (await response.json()) as DryRunReport;
}

/** Queues the import; answers the job's id. */
export async function startImport(file: File, mapping: ImportMapping): Promise<string> {
  const response = await post(importUrl({ mapping: JSON.stringify(mapping), fileName: file.name }), file);
  const { jobId } = (await response.json()) as { jobId: string };
  return jobId;
}

export function rejectedRowsUrl(jobId: string): string {
  return `/import/jobs/${encodeURIComponent(jobId)}/rejected.csv`;
}
