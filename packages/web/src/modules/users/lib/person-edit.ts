// The profile's edit form without React: which fields it offers (updateUser's inputs, read off
// the person's definitions in @roster/person), what is wrong with a value by the server's own
// rules, the input that carries only what changed, and where each server error belongs.
import type { ErrorLike } from "@apollo/client";
import { inputFields, personField, textProblem, type PersonField } from "@roster/person";
import type { AttributeFieldsFragment, UpdateUserInput } from "../../../generated/graphql";
import {
  attributeInputs,
  attributeRows,
  serverProblems,
  type AttributeRow,
  type ServerProblems,
} from "../../../shared/lib/edit-form";

/** updateUser's input that names the person's organization (by id). */
export const ORGANIZATION_INPUT = "organizationId";

/**
 * What the form offers, in definition order: text fields typed as they are, enums (the kind)
 * picked among their values, and the organization chosen from a list.
 */
export const EDIT_FIELDS = inputFields("update");

/** The fields edited as a value under their own name: text, and enums in the API's upper case. */
const EDIT_VALUE_FIELDS = EDIT_FIELDS.filter((field) => field.inputName === field.name);

/** The fields typed as text (checked as typed by the server's rules). */
export const EDIT_TEXT_FIELDS = EDIT_VALUE_FIELDS.filter((field) => field.type === "text");

export type TextValues = Record<string, string>;

export interface OrganizationChoice {
  id: string;
  name: string;
}

export interface EditValues {
  text: TextValues;
  organization: OrganizationChoice | null;
  attributes: AttributeRow[];
}

/** What the form reads of the person. */
export interface EditablePerson {
  organization: OrganizationChoice | null;
  attributes: readonly AttributeFieldsFragment[];
}

function textOf(person: EditablePerson, name: string): string {
  const value = (person as unknown as Record<string, unknown>)[name];
  return typeof value === "string" ? value : "";
}

export function initialValues(person: EditablePerson): EditValues {
  return {
    text: Object.fromEntries(EDIT_VALUE_FIELDS.map((field) => [field.name, textOf(person, field.name)])),
    organization: person.organization ? { id: person.organization.id, name: person.organization.name } : null,
    attributes: attributeRows(person.attributes),
  };
}

/** An emptied field that may be empty clears it (sent as null); one that may not is a problem. */
function isCleared(field: PersonField, value: string): boolean {
  return field.nullable && value.trim() === "";
}

/**
 * What is wrong with each changed text field, by input name, worded as the server words it.
 * Unchanged fields are not sent, so a value stored before a rule existed does not block an edit.
 */
export function textProblems(values: TextValues, start: TextValues): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const field of EDIT_TEXT_FIELDS) {
    const value = values[field.name];
    if (value === start[field.name] || isCleared(field, value)) continue;
    const problem = textProblem(personField(field.name), value, field.inputName);
    if (problem) problems[field.inputName] = problem;
  }
  return problems;
}

/** updateUser's input with only what differs from where the form started; empty when nothing does. */
export function changedInput(values: EditValues, start: EditValues): UpdateUserInput {
  const input: Record<string, unknown> = {};
  for (const field of EDIT_VALUE_FIELDS) {
    const value = values.text[field.name];
    if (value !== start.text[field.name]) input[field.inputName] = isCleared(field, value) ? null : value;
  }
  const organizationId = values.organization?.id ?? null;
  if (organizationId !== (start.organization?.id ?? null)) input[ORGANIZATION_INPUT] = organizationId;
  const attributes = attributeInputs(values.attributes);
  if (attributes.length) input.attributes = attributes;
  return input as UpdateUserInput;
}

const INPUT_NAMES = new Set([...EDIT_FIELDS.map((field) => field.inputName), "attributes"]);

/** Where the server's refusal of an edit belongs (shared/lib/edit-form.ts reads it). */
export function personServerProblems(error: ErrorLike, sent: UpdateUserInput): ServerProblems {
  return serverProblems(error, sent, INPUT_NAMES);
}
