import { useBulkJobQuery } from "../../../generated/graphql";
import { useJobProgress } from "../../../shared/hooks/use-job-progress";

/** A bulk job as it runs; mount once per job. */
export function useBulkJob(id: string) {
  return useJobProgress(useBulkJobQuery, id, (data) => data.bulkJob);
}
