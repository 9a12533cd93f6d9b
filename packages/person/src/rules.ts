/**
 * The rules a person's text values follow, as plain functions: the server's inputs, the CSV
 * import and the SPA's forms all call these, so a value one accepts the others accept too.
 */
import isEmailAddress from "validator/lib/isEmail";

/** A check of one text value, and what it asks worded for a message ("email must be …"). */
export interface TextRule {
  test(value: string): boolean;
  /** Follows the field's name in an error message. */
  requirement: string;
}

/** Characters as MariaDB's utf8mb4 varchar counts them: code points (a lone surrogate counts one). */
export function characterCount(value: string): number {
  let count = value.length;
  for (let index = 0; index < value.length - 1; index += 1) {
    const code = value.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count -= 1;
        index += 1;
      }
    }
  }
  return count;
}

/** validator.js's isEmail with its defaults: the rule class-validator's @IsEmail() applies. */
export const emailRule: TextRule = {
  test: (value) => isEmailAddress(value),
  requirement: "must be an email address",
};

/** Help-center login names: what a portal can show and a person can type. */
export const usernamePattern = /^[\p{L}\p{N}._@+-]+$/u;
export const usernameRule: TextRule = {
  test: (value) => usernamePattern.test(value),
  requirement: "may use letters, digits and . _ @ + -",
};

/** An IANA time-zone name (aliases too), as the platform's Intl knows them. */
export function canonicalTimeZone(value: string): string | null {
  try {
    return new Intl.DateTimeFormat("en", { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}
export const timeZoneRule: TextRule = {
  test: (value) => canonicalTimeZone(value) !== null,
  requirement: "must be an IANA time zone such as Europe/Paris",
};

/** A BCP 47 language tag in its canonical spelling ("FR-fr" is "fr-FR"), or null. */
export function canonicalLanguageTag(value: string): string | null {
  try {
    return Intl.getCanonicalLocales(value)[0] ?? null;
  } catch {
    return null;
  }
}
export const languageTagRule: TextRule = {
  test: (value) => canonicalLanguageTag(value) !== null,
  requirement: "must be a language tag such as fr-FR",
};

/**
 * A custom attribute's name (what follows `attr.` in a segment or an import mapping): a letter
 * first, then letters, digits and _. Every stored attribute was written through this rule.
 */
export const attributeNamePattern = /^[A-Za-z][A-Za-z0-9_]*$/;
/** What `attributeNamePattern` asks, worded for an error message. */
export const attributeNameRule = "attribute names start with a letter and use letters, digits and _";
/** The widths of user_attributes.name and .value, in characters. */
export const ATTRIBUTE_WIDTH = { name: 100, value: 1000 } as const;

export function isAttributeName(name: string): boolean {
  return attributeNamePattern.test(name) && characterCount(name) <= ATTRIBUTE_WIDTH.name;
}
