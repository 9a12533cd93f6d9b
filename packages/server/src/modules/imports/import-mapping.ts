/**
 * Which CSV column fills which field of a person, with the automatic guesses a wizard offers
 * first: headers are compared without case, spaces or punctuation against common spellings.
 */
import { attributeNameRule, importFields, isAttributeName, type ImportField } from "@roster/person";
import { DomainError, ErrorCode } from "../../common/errors";
import { characterCount, TEXT_BYTES, truncateToWidth, WIDTH } from "../../common/widths";
import type { ImportMapping } from "./dry-run-report";

export type { ImportMapping } from "./dry-run-report";

/** The person fields a column can fill, as @roster/person marks them (`csv`). */
export const PERSON_FIELDS: readonly ImportField[] = importFields.map((field) => field.name);
export const IGNORE = "ignore";
export const ATTRIBUTE_PREFIX = "attr.";

const normalize = (header: string): string => header.toLowerCase().replace(/[^a-z0-9]/g, "");
const synonymsOf = new Map(importFields.map((field) => [field.name, field.csv!.synonyms.map(normalize)]));

/** Columns a file may have, mapped or ignored. */
export const MAX_IMPORT_COLUMNS = 128;
/** Characters in one header. */
export const MAX_HEADER_CHARS = 64;

/**
 * The stored mapping (JSON, header → field, every header of the file) can be no larger than
 * this, and it must fit import_jobs.mapping, a `text` column: per header, its JSON string (at
 * most 6 bytes a character, `\u0001`), a colon, the field's string (at most `attr.` and an
 * attribute name) and a comma; and the braces.
 */
export const MAPPING_MAX_BYTES =
  2 + MAX_IMPORT_COLUMNS * (2 + 6 * MAX_HEADER_CHARS + 1 + 2 + ATTRIBUTE_PREFIX.length + WIDTH.attribute.name + 1);
if (MAPPING_MAX_BYTES > TEXT_BYTES) throw new Error(`import mappings could reach ${MAPPING_MAX_BYTES} bytes`);

/** Refuses a header row the stored mapping could not hold, before anything is read or written. */
export function checkHeaders(headers: readonly string[]): void {
  if (headers.length > MAX_IMPORT_COLUMNS) {
    throw new DomainError(
      ErrorCode.BadUserInput,
      `file: the header row has ${headers.length} columns; an import takes at most ${MAX_IMPORT_COLUMNS}. Remove the columns you do not need.`,
      { argument: "file", limit: MAX_IMPORT_COLUMNS },
    );
  }
  const index = headers.findIndex((header) => characterCount(header) > MAX_HEADER_CHARS);
  if (index >= 0) {
    const header = headers[index];
    throw new DomainError(
      ErrorCode.BadUserInput,
      `file: the header of column ${index + 1} ("${truncateToWidth(header, 24)}") is ${characterCount(header)} characters long; headers are at most ${MAX_HEADER_CHARS}.`,
      { argument: "file", limit: MAX_HEADER_CHARS },
    );
  }
}

export function guessMapping(headers: readonly string[]): ImportMapping {
  checkHeaders(headers);
  const taken = new Set<string>();
  return Object.fromEntries(
    headers.map((header) => {
      const key = normalize(header);
      const field = PERSON_FIELDS.find((candidate) => !taken.has(candidate) && synonymsOf.get(candidate)!.includes(key));
      if (field) taken.add(field);
      return [header, field ?? IGNORE];
    }),
  );
}

/** Checks a mapping sent by a client against the file's headers. */
export function checkMapping(mapping: ImportMapping, headers: readonly string[]): ImportMapping {
  checkHeaders(headers);
  const unknownHeaders = Object.keys(mapping).filter((header) => !headers.includes(header));
  if (unknownHeaders.length) {
    throw new DomainError(
      ErrorCode.BadUserInput,
      `mapping: the file has no column ${unknownHeaders.map((header) => `"${header}"`).join(", ")}.`,
      {
        argument: "mapping",
      },
    );
  }
  const fields = Object.values(mapping).filter((field) => field !== IGNORE);
  const badAttribute = fields.find(
    (field) => field.startsWith(ATTRIBUTE_PREFIX) && !isAttributeName(field.slice(ATTRIBUTE_PREFIX.length)),
  );
  if (badAttribute !== undefined) {
    throw new DomainError(
      ErrorCode.BadUserInput,
      `mapping: ${badAttribute}: ${attributeNameRule} (at most ${WIDTH.attribute.name} characters).`,
      { argument: "mapping" },
    );
  }
  const bad = fields.filter(
    (field) => !(PERSON_FIELDS as readonly string[]).includes(field) && !field.startsWith(ATTRIBUTE_PREFIX),
  );
  if (bad.length) {
    throw new DomainError(
      ErrorCode.BadUserInput,
      `mapping: unknown field ${bad.join(", ")}; use ${PERSON_FIELDS.join(", ")}, attr.<name> or ignore.`,
      {
        argument: "mapping",
      },
    );
  }
  const twice = fields.filter((field, index) => fields.indexOf(field) !== index);
  if (twice.length) {
    throw new DomainError(ErrorCode.BadUserInput, `mapping: ${[...new Set(twice)].join(", ")} comes from two columns.`, {
      argument: "mapping",
    });
  }
  if (!fields.includes("email")) {
    throw new DomainError(ErrorCode.BadUserInput, "mapping: one column must be the email address; people are matched by it.", {
      argument: "mapping",
    });
  }
  return { ...Object.fromEntries(headers.map((header) => [header, IGNORE])), ...mapping };
}
