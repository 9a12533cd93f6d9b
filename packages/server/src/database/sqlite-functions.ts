/**
 * Functions the embedded SQLite lacks, registered on every connection so that SQL written for
 * both databases reads the same (see modules/segments/segment-sql.ts). SQLite's own LOWER()
 * folds ASCII letters only; MariaDB's folds every letter.
 */
import { attributeNumber } from "@roster/segments";

interface FunctionRegistry {
  function(name: string, options: { deterministic: boolean }, implementation: (value: unknown) => unknown): unknown;
}

export function registerSqliteFunctions(db: FunctionRegistry): void {
  db.function("roster_lower", { deterministic: true }, (value) => (typeof value === "string" ? value.toLowerCase() : value));
  db.function("roster_number", { deterministic: true }, (value) =>
    typeof value === "string" ? (attributeNumber(value) ?? null) : null,
  );
}
