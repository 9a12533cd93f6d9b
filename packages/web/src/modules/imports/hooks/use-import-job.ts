// An import as it runs: polled until it ends, after which the people lists are read again.
import { useApolloClient } from "@apollo/client/react";
import { useEffect, useState } from "react";
import { useImportJobQuery, type ImportStatus } from "../../../generated/graphql";

// Often enough for the bar to move smoothly, rare enough to cost the server nothing noticeable.
const POLL_MS = 500;

// An import adds and changes people, and their organizations' member counts.
const STALE_FIELDS = ["users", "user", "organizations", "organization"];

export function isImportRunning(status: ImportStatus): boolean {
  return status === "QUEUED" || status === "RUNNING";
}

/** Mount it once per import (key the component by the job's id). */
export function useImportJob(id: string) {
  const client = useApolloClient();
  const [polling, setPolling] = useState(true);
  const { data, error, refetch } = useImportJobQuery({ variables: { id }, pollInterval: polling ? POLL_MS : 0 });
  const job = data?.importJob ?? null;
  const finished = job !== null && !isImportRunning(job.status);
  const missing = data !== undefined && job === null;
  // An import that ended, or that is not there, has nothing more to report.
  const settled = finished || missing;
  if (polling === settled) setPolling(!settled);

  useEffect(() => {
    if (!finished) return;
    for (const fieldName of STALE_FIELDS) client.cache.evict({ fieldName });
    client.cache.gc();
  }, [finished, client]);

  return { job, finished, missing, error, refetch };
}
