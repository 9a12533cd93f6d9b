/**
 * An organization's email domains, in one spelling: lower-case ASCII labels joined by dots
 * (an internationalized domain in its `xn--` form). ASCII only on purpose: the people a domain
 * matches are found with LIKE, and MariaDB's `_ci` collation would also match accented letters
 * that SQLite keeps apart; letters, digits, `-` and `.` need no escaping in a LIKE pattern.
 */
import { buildMessage, ValidateBy, type ValidationOptions } from "class-validator";

/** The longest domain name DNS allows (RFC 1035), within organization_domains.domain (255). */
export const DOMAIN_CHARS = 253;

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** The stored spelling of a domain as given: trimmed and lower-cased. */
export function normalizeDomain(value: string): string {
  return value.trim().toLowerCase();
}

/** Why `domain` (normalized) is not a domain name, worded to follow "domains: "; null when it is one. */
export function domainProblem(domain: string): string | null {
  const shown = JSON.stringify(domain);
  if (domain === "") return "a domain must not be blank";
  if (domain.includes("@")) return `${shown} is an email address; give the part after the @ (example.com)`;
  if (domain.length > DOMAIN_CHARS) return `${shown} is longer than ${DOMAIN_CHARS} characters`;
  const labels = domain.split(".");
  if (labels.length < 2) return `${shown} is not a domain name: it needs at least one dot (example.com)`;
  if (!labels.every((label) => LABEL.test(label))) {
    return `${shown} is not a domain name: use letters, digits and - between dots, each part 1 to 63 characters, not starting or ending with -`;
  }
  return null;
}

/** class-validator: each value is a domain name once normalized. */
export function IsDomainName(options: ValidationOptions = {}): PropertyDecorator {
  return ValidateBy(
    {
      name: "isDomainName",
      validator: {
        validate: (value: unknown) => typeof value === "string" && domainProblem(normalizeDomain(value)) === null,
        defaultMessage: buildMessage(
          (eachPrefix) => `${eachPrefix}$property must be a domain name such as example.com (no @, at least one dot)`,
          options,
        ),
      },
    },
    options,
  );
}
