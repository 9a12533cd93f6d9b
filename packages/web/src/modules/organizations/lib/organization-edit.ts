// The organization form without React: where it starts from, the input that carries only what
// changed, and where each of the server's refusals belongs. Custom attributes are edited as a
// person's are (shared/lib/edit-form.ts: rows, their checks).
import type { ErrorLike } from "@apollo/client";
import type { AttributeFieldsFragment, UpdateOrganizationInput } from "../../../generated/graphql";
import {
  attributeInputs,
  attributeRows,
  serverProblems,
  type AttributeRow,
  type ServerProblems,
} from "../../../shared/lib/edit-form";

/** The organization's text fields, as createOrganization and updateOrganization name them. */
export const ORGANIZATION_TEXT_FIELDS = ["name", "website", "phone", "notes"] as const;
export type OrganizationTextField = (typeof ORGANIZATION_TEXT_FIELDS)[number];

/** What the form reads of an organization being edited. */
export interface EditableOrganizationValues {
  name: string;
  website: string | null;
  phone: string | null;
  notes: string | null;
  domains: readonly string[];
  attributes: readonly AttributeFieldsFragment[];
}

export interface OrganizationValues {
  text: Record<OrganizationTextField, string>;
  domains: string[];
  attachExisting: boolean;
  attributes: AttributeRow[];
}

export function initialOrganizationValues(organization: EditableOrganizationValues | null): OrganizationValues {
  return {
    text: {
      name: organization?.name ?? "",
      website: organization?.website ?? "",
      phone: organization?.phone ?? "",
      notes: organization?.notes ?? "",
    },
    domains: [...(organization?.domains ?? [])],
    attachExisting: false,
    attributes: attributeRows(organization?.attributes ?? []),
  };
}

/**
 * A domain in the spelling the server stores (trimmed, lower-case), so the form compares like
 * with like; "@example.com", as agents often type it, is example.com.
 */
export function normalizeDomain(domain: string): string {
  return domain.trim().toLowerCase().replace(/^@/, "");
}

/** Domains the form adds to those the organization had: the ones attachExisting and the preview are about. */
export function addedDomains(values: OrganizationValues, start: OrganizationValues): string[] {
  return values.domains.filter((domain) => !start.domains.includes(domain));
}

/** The name must not be blank; the server words it the same way. */
export function nameProblem(name: string): string | undefined {
  return name.trim() === "" ? "name must not be blank." : undefined;
}

/**
 * The input with only what differs from where the form started (for a new organization, from
 * nothing): an emptied website, phone or notes is sent as null, which clears it.
 */
export function organizationInput(values: OrganizationValues, start: OrganizationValues): UpdateOrganizationInput {
  const input: UpdateOrganizationInput = {};
  for (const field of ORGANIZATION_TEXT_FIELDS) {
    const value = values.text[field];
    if (value === start.text[field]) continue;
    input[field] = field !== "name" && value.trim() === "" ? null : value;
  }
  const sameDomains =
    values.domains.length === start.domains.length && values.domains.every((domain) => start.domains.includes(domain));
  if (!sameDomains) input.domains = values.domains;
  if (values.attachExisting && addedDomains(values, start).length) input.attachExisting = true;
  const attributes = attributeInputs(values.attributes);
  if (attributes.length) input.attributes = attributes;
  return input;
}

const INPUT_NAMES = new Set<string>([...ORGANIZATION_TEXT_FIELDS, "domains", "attributes"]);

/** Where the server's refusal of a save belongs (shared/lib/edit-form.ts reads it). */
export function organizationServerProblems(error: ErrorLike, sent: UpdateOrganizationInput): ServerProblems {
  return serverProblems(error, sent, INPUT_NAMES);
}
