// Lists keep their filters in the query string, so a reload or a shared link shows the same view.
import { useCallback } from "react";
import { useSearchParams } from "react-router";

/** A value, or null to drop the parameter (used for defaults, which keeps links short). */
export type SearchParamPatch = Record<string, string | null>;

/**
 * Returns a function that changes some query-string parameters and keeps the others.
 * It replaces the history entry: typing a search or flipping a sort should not make Back
 * step through every intermediate view.
 */
export function useSearchParamPatch(): (patch: SearchParamPatch) => void {
  const [, setSearchParams] = useSearchParams();
  return useCallback(
    (patch: SearchParamPatch) => {
      setSearchParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(patch)) {
            if (value === null || value === "") next.delete(key);
            else next.set(key, value);
          }
          return next;
        },
        { replace: true },
      );
    },
    [setSearchParams],
  );
}

/** Reads a parameter that must be one of `allowed`; anything else (or nothing) gives `fallback`. */
export function readChoice<T extends string>(params: URLSearchParams, key: string, allowed: readonly T[], fallback: T): T {
  const value = params.get(key);
  return allowed.find((choice) => choice === value) ?? fallback;
}
