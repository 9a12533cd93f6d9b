// A bulk job as it runs: polled until it ends, after which what the lists show is read again.
import { useApolloClient } from "@apollo/client/react";
import { useEffect, useState } from "react";
import { useBulkJobQuery } from "../../../generated/graphql";
import { isBulkJobRunning } from "../lib/bulk-actions";

// Often enough for the bar to move smoothly, rare enough to cost the server nothing noticeable.
const POLL_MS = 500;

// Every list, count and profile a bulk action can change: states, roles, memberships.
const STALE_FIELDS = ["users", "user", "organizations", "organization"];

/** Mount it once per job (key the component by the job's id). */
export function useBulkJob(id: string) {
  const client = useApolloClient();
  const [polling, setPolling] = useState(true);
  const { data, error, refetch } = useBulkJobQuery({ variables: { id }, pollInterval: polling ? POLL_MS : 0 });
  const job = data?.bulkJob ?? null;
  const finished = job !== null && !isBulkJobRunning(job.status);
  const missing = data !== undefined && job === null;
  // A job that ended, or that is not there, has nothing more to report.
  const settled = finished || missing;
  if (polling === settled) setPolling(!settled);

  // Once the job has ended, the people it changed are read again wherever they are shown.
  useEffect(() => {
    if (!finished) return;
    for (const fieldName of STALE_FIELDS) client.cache.evict({ fieldName });
    client.cache.gc();
  }, [finished, client]);

  return { job, finished, missing, error, refetch };
}
