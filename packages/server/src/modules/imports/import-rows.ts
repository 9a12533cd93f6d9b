/**
 * One CSV record read as a person, or the reason it cannot be: each cell checked by its
 * field's definition in @roster/person (width, rule), as the API's inputs check it, and stored
 * in the same spelling. What needs the database (who exists, which organization) is
 * import-planner.ts's.
 */
import {
  ATTRIBUTE_WIDTH,
  importFields,
  normalizeText,
  personField,
  textProblem,
  type ImportField,
  type TextSpec,
} from "@roster/person";
import { ATTRIBUTE_PREFIX, IGNORE, type ImportMapping } from "./import-mapping";

/** A record's values, one per import field (null where the file gives none), as they will be stored. */
export type ImportRow = { [Field in ImportField]: string | null } & {
  line: number;
  raw: string[];
  email: string;
  attributes: Record<string, string>;
};

export interface RowRejection {
  line: number;
  raw: string[];
  reason: string;
}

/** An attribute's value: as wide as user_attributes.value, any text. */
const attributeValue: TextSpec = { width: ATTRIBUTE_WIDTH.value, nullable: true };

export function readRow(
  line: number,
  raw: string[],
  headers: readonly string[],
  mapping: ImportMapping,
  problem?: string,
): ImportRow | RowRejection {
  if (problem) return { line, raw, reason: problem };
  if (raw.length > headers.length) {
    return {
      line,
      raw,
      reason: `This line has ${raw.length} cells; the header has ${headers.length}. Quote cells that contain commas.`,
    };
  }
  const cells: Record<string, string> = {};
  const columnOf: Record<string, string> = {};
  headers.forEach((header, index) => {
    const field = mapping[header];
    const value = (raw[index] ?? "").trim();
    if (field && field !== IGNORE && value !== "") {
      cells[field] = value;
      columnOf[field] = header;
    }
  });
  const reject = (reason: string): RowRejection => ({ line, raw, reason });
  if (!cells.email) return reject("No email address: people are matched by it.");
  const values: Record<string, string | null> = {};
  const attributes: Record<string, string> = {};
  // Every cell by its field's definition: the rules of the API's inputs and the SPA's forms.
  for (const [name, value] of Object.entries(cells)) {
    const label = `${name} (column "${columnOf[name]}")`;
    if (name.startsWith(ATTRIBUTE_PREFIX)) {
      const problem = textProblem(attributeValue, value, label);
      if (problem) return reject(problem);
      attributes[name.slice(ATTRIBUTE_PREFIX.length)] = value;
      continue;
    }
    const field = personField(name as ImportField);
    const problem = textProblem(field, value, label, true);
    if (problem) return reject(problem);
    const stored = normalizeText(field, value);
    // A canonical spelling can be longer than the cell ("sh" is "sr-Latn").
    const storedProblem = stored === null ? null : textProblem(field, stored, label);
    if (storedProblem) return reject(storedProblem);
    values[name] = stored;
  }
  const fields = Object.fromEntries(importFields.map(({ name }) => [name, values[name] ?? null]));
  return { ...fields, line, raw, email: values.email!, attributes } as ImportRow;
}

export function isRejection(row: ImportRow | RowRejection): row is RowRejection {
  return "reason" in row;
}
