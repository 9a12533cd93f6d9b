// What a CSV column can fill on a person, and what makes a mapping one the server accepts
// (the same rules as the server's checkMapping, checked here so the agent sees them at once).
import { ATTRIBUTE_WIDTH, attributeNameRule, importFields, isAttributeName } from "@roster/person";
import type { ImportMapping } from "./import-api";

export const IGNORE = "ignore";
export const ATTRIBUTE_PREFIX = "attr.";
/** The select's value for "a custom attribute"; its name is typed beside it. */
export const ATTRIBUTE = "attr";

/** The person's fields a column can fill (their definitions' `csv`), then the two choices that are not a field. */
export const IMPORT_FIELDS = [
  ...importFields.map((field) => ({
    value: field.name,
    // A file names the organization, where the API takes its id.
    label: field.name === "organization" ? `${field.label} (by name)` : field.label,
  })),
  { value: ATTRIBUTE, label: "Custom attribute…" },
  { value: IGNORE, label: "Ignore this column" },
];

/** The select's value for a mapped field: the attribute's name is shown apart. */
export function choiceOf(field: string): string {
  return field.startsWith(ATTRIBUTE_PREFIX) ? ATTRIBUTE : field;
}

export function attributeNameOf(field: string): string {
  return field.startsWith(ATTRIBUTE_PREFIX) ? field.slice(ATTRIBUTE_PREFIX.length) : "";
}

export interface MappingProblems {
  /** By header: what is wrong with that column's choice. */
  columns: Record<string, string>;
  /** What is wrong with the mapping as a whole. */
  overall: string[];
}

export function mappingProblems(mapping: ImportMapping): MappingProblems {
  const columns: Record<string, string> = {};
  const firstHeaderOf = new Map<string, string>();
  for (const [header, field] of Object.entries(mapping)) {
    if (field.startsWith(ATTRIBUTE_PREFIX) && !isAttributeName(attributeNameOf(field))) {
      columns[header] = `Not an attribute name: ${attributeNameRule} (at most ${ATTRIBUTE_WIDTH.name} characters).`;
      continue;
    }
    if (field === IGNORE) continue;
    const first = firstHeaderOf.get(field);
    if (first !== undefined) columns[header] = `"${first}" is mapped to this already.`;
    else firstHeaderOf.set(field, header);
  }
  const overall = firstHeaderOf.has("email") ? [] : ["One column must be the email address: people are matched by it."];
  return { columns, overall };
}
