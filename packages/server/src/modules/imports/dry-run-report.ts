/**
 * What `POST /import/users.csv?dryRun=true` answers, declared once: the server builds it and the
 * SPA reads it (`packages/web/src/modules/imports/lib/import-api.ts`, with `import type`), so the
 * two cannot drift. Types only, importing nothing: the SPA's compiler reads this file as it is.
 */

/** CSV header → a person field ("email", "displayName", …), `attr.<name>`, or "ignore". */
export type ImportMapping = Record<string, string>;

export interface DryRunReport {
  dryRun: true;
  headers: string[];
  /** The mapping sent, or the server's guess when none was. */
  mapping: ImportMapping;
  rows: number;
  create: number;
  update: number;
  unchanged: number;
  rejected: number;
  /** The first 1000 rejected rows; the counts cover them all. */
  rejections: { line: number; reason: string }[];
  /** Set when the mapping cannot be used (no email column): map the columns, then try again. */
  mappingProblem: string | null;
}
