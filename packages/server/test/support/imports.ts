/**
 * Driving a CSV import over HTTP in tests: queue a file (with an explicit mapping if given) and
 * wait for the job to end.
 */
import type { GraphQLClient } from "./graphql-client";

export interface ImportJobResult {
  status: string;
  processedRows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejections: { nodes: { line: number; reason: string }[] };
}

export const withMapping = (mapping: Record<string, string>) => `mapping=${encodeURIComponent(JSON.stringify(mapping))}`;

export function postImport(client: GraphQLClient, query: string, body: string): Promise<Response> {
  return client.fetch(`/import/users.csv?${query}`, { method: "POST", headers: { "content-type": "text/csv" }, body });
}

export async function queueImport(client: GraphQLClient, query: string, body: string): Promise<string> {
  const queued = await postImport(client, query, body);
  expect(queued.status).toBe(202);
  return ((await queued.json()) as { jobId: string }).jobId;
}

export async function finishedImport(client: GraphQLClient, jobId: string): Promise<ImportJobResult> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { importJob } = await client.data<{ importJob: ImportJobResult }>(
      `query ($id: ID!) { importJob(id: $id) { status processedRows created updated unchanged rejected
        rejections(first: 100) { nodes { line reason } } } }`,
      { id: jobId },
    );
    if (importJob.status !== "QUEUED" && importJob.status !== "RUNNING") return importJob;
    if (Date.now() > deadline) throw new Error(`import ${jobId} still ${importJob.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
