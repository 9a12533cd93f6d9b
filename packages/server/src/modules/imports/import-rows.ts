/**
 * One CSV record read as a person, or the reason it cannot be: checks that need no database
 * (the email's form, lengths, the username rule, time zone, language). What needs the database
 * (who exists, which organization) is import-planner.ts's.
 */
import { isEmail } from "class-validator";
import { characterCount, WIDTH } from "../../common/widths";
import { USERNAME_CHARACTERS, USERNAME_MIN_CHARS, USERNAME_PATTERN } from "../users/username";
import { IGNORE, type ImportMapping, type PersonField } from "./import-mapping";

export interface ImportRow {
  line: number;
  raw: string[];
  email: string;
  displayName: string | null;
  username: string | null;
  phone: string | null;
  timezone: string | null;
  locale: string | null;
  organization: string | null;
  attributes: Record<string, string>;
}

export interface RowRejection {
  line: number;
  raw: string[];
  reason: string;
}

const timeZones = new Set([...Intl.supportedValuesOf("timeZone"), "UTC"]);

/** The width of the column each field fills (an organization is looked up by its name). */
const LIMITS: Record<PersonField | "attribute", number> = {
  email: WIDTH.user.email,
  displayName: WIDTH.user.displayName,
  username: WIDTH.user.username,
  phone: WIDTH.user.phone,
  timezone: WIDTH.user.timezone,
  locale: WIDTH.user.locale,
  organization: WIDTH.organization.name,
  attribute: WIDTH.attribute.value,
};

const limitOf = (field: string): number | undefined =>
  field.startsWith("attr.") ? LIMITS.attribute : LIMITS[field as PersonField];

function canonicalLocale(value: string): string | null {
  try {
    return Intl.getCanonicalLocales(value)[0] ?? null;
  } catch {
    return null;
  }
}

export function readRow(
  line: number,
  raw: string[],
  headers: readonly string[],
  mapping: ImportMapping,
): ImportRow | RowRejection {
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
  const tooLong = (field: string, length: number, limit: number) =>
    reject(`${field} (column "${columnOf[field]}") must be at most ${limit} characters; this one has ${length}.`);
  for (const [field, value] of Object.entries(cells)) {
    const limit = limitOf(field);
    const length = characterCount(value);
    if (limit !== undefined && length > limit) return tooLong(field, length, limit);
  }
  const email = cells.email?.toLowerCase();
  if (!email) return reject("No email address: people are matched by it.");
  // The same rule as every email the API accepts (class-validator's @IsEmail on the inputs).
  if (!isEmail(email)) return reject(`"${cells.email}" is not an email address.`);
  // The API's username rule (users/username.ts); the maximum is the column's, checked above.
  if (cells.username !== undefined) {
    const length = characterCount(cells.username);
    if (length < USERNAME_MIN_CHARS)
      return reject(
        `username (column "${columnOf.username}") must be ${USERNAME_MIN_CHARS} to ${LIMITS.username} characters; this one has ${length}.`,
      );
    if (!USERNAME_PATTERN.test(cells.username))
      return reject(`username (column "${columnOf.username}") may use ${USERNAME_CHARACTERS}: "${cells.username}" does not.`);
  }
  if (cells.timezone && !timeZones.has(cells.timezone))
    return reject(`"${cells.timezone}" is not a time zone (e.g. Europe/Paris).`);
  const locale = cells.locale ? canonicalLocale(cells.locale) : null;
  if (cells.locale && !locale) return reject(`"${cells.locale}" is not a language tag (e.g. fr-FR).`);
  // The canonical form can be longer than the cell ("sh" is "sr-Latn").
  if (locale && characterCount(locale) > LIMITS.locale) return tooLong("locale", characterCount(locale), LIMITS.locale);
  return {
    line,
    raw,
    email,
    displayName: cells.displayName ?? null,
    username: cells.username ?? null,
    phone: cells.phone ?? null,
    timezone: cells.timezone ?? null,
    locale,
    organization: cells.organization ?? null,
    attributes: Object.fromEntries(
      Object.entries(cells)
        .filter(([field]) => field.startsWith("attr."))
        .map(([field, value]) => [field.slice("attr.".length), value]),
    ),
  };
}

export function isRejection(row: ImportRow | RowRejection): row is RowRejection {
  return "reason" in row;
}
