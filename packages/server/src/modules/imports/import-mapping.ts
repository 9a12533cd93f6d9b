/**
 * Which CSV column fills which field of a person, with the automatic guesses a wizard offers
 * first: headers are compared without case, spaces or punctuation against common spellings.
 */
import { DomainError, ErrorCode } from "../../common/errors";

export const PERSON_FIELDS = ["email", "displayName", "username", "phone", "timezone", "locale", "organization"] as const;
export type PersonField = (typeof PERSON_FIELDS)[number];
export const IGNORE = "ignore";

/** CSV header → a person field, `attr.<name>`, or "ignore". */
export type ImportMapping = Record<string, string>;

const SYNONYMS: Record<PersonField, string[]> = {
  email: ["email", "emailaddress", "mail", "e-mail", "courriel"],
  displayName: ["displayname", "name", "fullname", "contact", "contactname", "customer", "nom"],
  username: ["username", "login", "user", "handle"],
  phone: ["phone", "phonenumber", "telephone", "tel", "mobile", "cell"],
  timezone: ["timezone", "tz", "zone"],
  locale: ["locale", "language", "lang"],
  organization: ["organization", "organisation", "company", "org", "account", "companyname"],
};

const normalize = (header: string): string => header.toLowerCase().replace(/[^a-z0-9]/g, "");
const ATTRIBUTE = /^attr\.[A-Za-z_][A-Za-z0-9_]{0,99}$/;

export function guessMapping(headers: readonly string[]): ImportMapping {
  const taken = new Set<string>();
  return Object.fromEntries(
    headers.map((header) => {
      const key = normalize(header);
      const field = PERSON_FIELDS.find((candidate) => !taken.has(candidate) && SYNONYMS[candidate].map(normalize).includes(key));
      if (field) taken.add(field);
      return [header, field ?? IGNORE];
    }),
  );
}

/** Checks a mapping sent by a client against the file's headers. */
export function checkMapping(mapping: ImportMapping, headers: readonly string[]): ImportMapping {
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
  const bad = fields.filter((field) => !(PERSON_FIELDS as readonly string[]).includes(field) && !ATTRIBUTE.test(field));
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
