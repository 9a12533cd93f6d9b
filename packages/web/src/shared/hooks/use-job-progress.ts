// A background job (bulk action, import) as it runs: polled until it ends, after which every
// list and profile it may have changed is read again.
import type { ErrorLike } from "@apollo/client";
import { useApolloClient } from "@apollo/client/react";
import { useEffect, useState } from "react";

// Often enough for the bar to move smoothly, rare enough to cost the server nothing noticeable.
const POLL_MS = 500;

// Every list, count and profile a job can change: states, roles, memberships, new people.
const STALE_FIELDS = ["users", "user", "organizations", "organization"];

// Every other status has ended: DONE, CANCELLED, and FAILED until a retry queues the job again
// (the retry's answer updates the cached job, and polling resumes with it).
const QUEUED_OR_RUNNING = new Set(["QUEUED", "RUNNING"]);

interface PolledQuery<Data> {
  data?: Data;
  error?: ErrorLike;
  refetch: () => unknown;
}

/**
 * `useQuery` is the job's generated query hook, `select` picks the job out of its data. Mount
 * it once per job (key the component by the job's id).
 */
export function useJobProgress<Data, Job extends { status: string }>(
  useQuery: (options: { variables: { id: string }; pollInterval: number }) => PolledQuery<Data>,
  id: string,
  select: (data: Data) => Job | null | undefined,
) {
  const client = useApolloClient();
  const [polling, setPolling] = useState(true);
  const { data, error, refetch } = useQuery({ variables: { id }, pollInterval: polling ? POLL_MS : 0 });
  const job = data === undefined ? null : (select(data) ?? null);
  const finished = job !== null && !QUEUED_OR_RUNNING.has(job.status);
  const missing = data !== undefined && job === null;
  // A job that ended, or that is not there, has nothing more to report.
  const settled = finished || missing;
  if (polling === settled) setPolling(!settled);

  useEffect(() => {
    if (!finished) return;
    for (const fieldName of STALE_FIELDS) client.cache.evict({ fieldName });
    client.cache.gc();
  }, [finished, client]);

  return { job, finished, missing, error, refetch };
}
