import { useImportJobQuery } from "../../../generated/graphql";
import { useJobProgress } from "../../../shared/hooks/use-job-progress";

/** An import as it runs; mount once per import. */
export function useImportJob(id: string) {
  return useJobProgress(useImportJobQuery, id, (data) => data.importJob);
}
