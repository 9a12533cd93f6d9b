/**
 * The width of every text column that takes what callers send, in one place: the entities'
 * `@Column({ length })`, the inputs' `@Width(…)` and the CSV import's cell checks all read
 * these numbers, so a value the API accepts always fits its column (MariaDB refuses a longer
 * one with "Data too long"; SQLite would silently keep it). The landed migrations spell the
 * same numbers; `test/schema.test.ts` fails if an entity and the migrated schema disagree, and
 * `test/input-limits.test.ts` walks every mutation's text fields against the columns.
 *
 * Widths count characters as MariaDB's utf8mb4 varchar does: Unicode code points.
 */
import { buildMessage, ValidateBy, type ValidationOptions } from "class-validator";
import {
  ATTRIBUTE_WIDTH,
  characterCount,
  ORGANIZATION_NAME_CHARS,
  PERSON_NAME_CHARS,
  personFields,
  REASON_CHARS,
} from "@roster/person";

export { characterCount };

/** A `text` column on MariaDB holds 65,535 bytes (of UTF-8); SQLite has no limit. */
export const TEXT_BYTES = 65_535;

/** Column widths, by table. A person's are their fields' (packages/person/src/fields.ts). */
export const WIDTH = {
  user: {
    email: personFields.email.width,
    username: personFields.username.width,
    displayName: personFields.displayName.width,
    phone: personFields.phone.width,
    timezone: personFields.timezone.width,
    locale: personFields.locale.width,
    banReason: personFields.banReason.width,
  },
  organization: {
    name: ORGANIZATION_NAME_CHARS,
    website: 500,
    phone: personFields.phone.width,
    /** A `text` column (65,535 bytes on MariaDB): 16,000 characters of at most 4 bytes each fit it. */
    notes: 16_000,
  },
  role: { name: 100, description: 500, permission: 64 },
  segment: { name: 100 },
  savedView: { name: 100, search: 200 },
  apiKey: { name: 100 },
  attribute: ATTRIBUTE_WIDTH,
  communication: { subject: 500, status: 32, externalId: 200 },
  businessHours: { timezone: personFields.timezone.width },
  audit: { actorName: PERSON_NAME_CHARS, reason: REASON_CHARS },
  bulkJobResult: { displayName: PERSON_NAME_CHARS, reason: REASON_CHARS },
  importJob: { fileName: 255 },
  importRejection: { reason: REASON_CHARS },
  webhook: { url: 2000 },
} as const;

/**
 * Segment text in an input. Saved segments and bulk jobs keep it in a `text` column, in its
 * canonical form, which is at most 6 bytes per character of the text given: a control character
 * inside a string prints as `\u0001`, nothing else grows more (`a=1` prints as `a = 1`). So
 * 10,000 characters print to at most 60,002 bytes, within TEXT_BYTES.
 */
export const SEGMENT_TEXT_CHARS = 10_000;

/**
 * A text input that must fit a column `width` characters wide (and be at least `min` long).
 * The message names the field: "locale must be at most 20 characters".
 */
export function Width(width: number, options: ValidationOptions & { min?: number } = {}): PropertyDecorator {
  const { min = 0, ...validationOptions } = options;
  return ValidateBy(
    {
      name: "width",
      constraints: [min, width],
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== "string") return false;
          const count = characterCount(value);
          return count >= min && count <= width;
        },
        defaultMessage: buildMessage(
          (eachPrefix) =>
            min > 0
              ? `${eachPrefix}$property must be ${min} to ${width} characters`
              : `${eachPrefix}$property must be at most ${width} characters`,
          validationOptions,
        ),
      },
    },
    validationOptions,
  );
}

/** `value` cut to at most `width` characters, ending with "…" when it was cut. For stored evidence, never for data. */
export function truncateToWidth(value: string, width: number): string {
  if (characterCount(value) <= width) return value;
  if (width <= 0) return "";
  let kept = 0;
  let end = 0;
  while (end < value.length && kept < width - 1) {
    const code = value.charCodeAt(end);
    end += code >= 0xd800 && code <= 0xdbff && end + 1 < value.length && isLowSurrogate(value.charCodeAt(end + 1)) ? 2 : 1;
    kept += 1;
  }
  return `${value.slice(0, end)}…`;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

const utf8Bytes = (text: string): number => Buffer.byteLength(text, "utf8");

/**
 * `JSON.stringify(values)` within `maxBytes` of UTF-8 (TEXT_BYTES for a `text` column; at least
 * 64): when the whole does not fit, every cell is cut to the longest common length that fits
 * (a cut cell ends with "…"), and when even empty cells do not fit, trailing cells are dropped
 * and a last one says how many. For evidence such as a rejected CSV row: it never fails.
 */
export function jsonArrayWithin(values: readonly string[], maxBytes = TEXT_BYTES): string {
  const whole = JSON.stringify(values);
  if (utf8Bytes(whole) <= maxBytes) return whole;
  const fits = (cells: readonly string[]) => utf8Bytes(JSON.stringify(cells)) <= maxBytes;
  let kept = values;
  let dropped: string[] = [];
  if (!fits(values.map(() => ""))) {
    const note = (count: number) => [`… ${values.length - count} more`];
    const count = largest(values.length, (candidate) => fits([...Array<string>(candidate).fill(""), ...note(candidate)]));
    kept = values.slice(0, count);
    dropped = note(count);
  }
  const cut = (width: number) => [...kept.map((cell) => truncateToWidth(cell, width)), ...dropped];
  return JSON.stringify(
    cut(
      largest(
        kept.reduce((longest, cell) => Math.max(longest, characterCount(cell)), 0),
        (width) => fits(cut(width)),
      ),
    ),
  );
}

/** The largest n in 0…upper for which `ok(n)` holds, `ok` being monotonic (0 if none). */
function largest(upper: number, ok: (n: number) => boolean): number {
  let low = 0;
  let high = upper;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (ok(middle)) low = middle;
    else high = middle - 1;
  }
  return low;
}
