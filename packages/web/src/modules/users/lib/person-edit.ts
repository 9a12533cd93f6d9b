// The profile's edit form without React: which fields it offers (updateUser's inputs, read off
// the person's definitions in @roster/person), what is wrong with a value by the server's own
// rules, the input that carries only what changed, and where each server error belongs.
import { CombinedGraphQLErrors, type ErrorLike } from "@apollo/client";
import {
  ATTRIBUTE_WIDTH,
  attributeNameRule,
  characterCount,
  inputFields,
  isAttributeName,
  personField,
  textProblem,
  type PersonField,
} from "@roster/person";
import type { AttributeFieldsFragment, AttributeInput, AttributeType, UpdateUserInput } from "../../../generated/graphql";

/** updateUser's input that names the person's organization (by id). */
export const ORGANIZATION_INPUT = "organizationId";

/** What the form offers, in definition order: text fields typed as they are, and the organization chosen from a list. */
export const EDIT_FIELDS = inputFields("update");

/** The fields typed as text under their own name (the organization is chosen, not typed). */
export const EDIT_TEXT_FIELDS = EDIT_FIELDS.filter((field) => field.type === "text" && field.inputName === field.name);

export type TextValues = Record<string, string>;

export interface AttributeRow {
  /** Stable across edits, for React and for errors. */
  key: number;
  name: string;
  type: AttributeType;
  value: string;
  /** The value the person has now; null for a row the agent added. */
  original: string | null;
  /** An attribute the person has that the agent removed: saved as an empty value, which removes it. */
  removed: boolean;
}

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
    text: Object.fromEntries(EDIT_TEXT_FIELDS.map((field) => [field.name, textOf(person, field.name)])),
    organization: person.organization ? { id: person.organization.id, name: person.organization.name } : null,
    attributes: person.attributes.map((attribute, index) => ({
      key: index,
      name: attribute.name,
      type: attribute.type,
      value: attribute.value,
      original: attribute.value,
      removed: false,
    })),
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

/** Rows that say something: kept rows, and added rows with a name or a value. */
function liveRows(rows: readonly AttributeRow[]): AttributeRow[] {
  return rows.filter((row) => !row.removed && (row.original !== null || row.name !== "" || row.value !== ""));
}

/** What is wrong with each attribute row, by row key: the server's name rule and widths, one row per name. */
export function attributeProblems(rows: readonly AttributeRow[]): Record<number, string> {
  const problems: Record<number, string> = {};
  const seen = new Set<string>();
  for (const row of liveRows(rows)) {
    if (row.original === null && !isAttributeName(row.name)) {
      problems[row.key] = row.name
        ? `Not an attribute name: ${attributeNameRule} (at most ${ATTRIBUTE_WIDTH.name} characters).`
        : "Name the attribute.";
    } else if (seen.has(row.name)) {
      problems[row.key] = `Another row sets ${row.name} already.`;
    } else if (row.original === null && row.value === "") {
      problems[row.key] = "A new attribute needs a value.";
    } else if (characterCount(row.value) > ATTRIBUTE_WIDTH.value) {
      problems[row.key] = `Values are at most ${ATTRIBUTE_WIDTH.value} characters; this one has ${characterCount(row.value)}.`;
    }
    seen.add(row.name);
  }
  return problems;
}

/** The attribute inputs for what changed, removals first (a removed name may be added again). */
function attributeInputs(rows: readonly AttributeRow[]): AttributeInput[] {
  const removed = rows
    .filter((row) => row.removed && row.original !== null)
    .map((row) => ({ name: row.name, type: row.type, value: "" }));
  const set = liveRows(rows)
    .filter((row) => row.value !== row.original)
    .map((row) => ({ name: row.name, type: row.type, value: row.value }));
  return [...removed, ...set];
}

/** updateUser's input with only what differs from where the form started; empty when nothing does. */
export function changedInput(values: EditValues, start: EditValues): UpdateUserInput {
  const input: Record<string, unknown> = {};
  for (const field of EDIT_TEXT_FIELDS) {
    const value = values.text[field.name];
    if (value !== start.text[field.name]) input[field.inputName] = isCleared(field, value) ? null : value;
  }
  const organizationId = values.organization?.id ?? null;
  if (organizationId !== (start.organization?.id ?? null)) input[ORGANIZATION_INPUT] = organizationId;
  const attributes = attributeInputs(values.attributes);
  if (attributes.length) input.attributes = attributes;
  return input as UpdateUserInput;
}

export interface ServerProblems {
  /** By input name (displayName, email, organizationId, …). */
  fields: Record<string, string>;
  /** By attribute name. */
  attributes: Record<string, string>;
  /** Someone else changed the person since the form read it (CONFLICT with the version now). */
  stale: boolean;
  /** Whether anything is left that no field shows (then the form shows the error as a whole). */
  unplaced: boolean;
}

const INPUT_NAMES = new Set([...EDIT_FIELDS.map((field) => field.inputName), "attributes"]);

/**
 * Where the server's refusal belongs. A domain error names its input in `extensions.argument`
 * (`organizationId`, or `email` for an address someone else has); class-validator's messages
 * name it in a path ("input.email: email must be …", "input.attributes.0.name: …", joined by
 * "; "), or start with it.
 */
export function serverProblems(error: ErrorLike, sent: UpdateUserInput): ServerProblems {
  const problems: ServerProblems = { fields: {}, attributes: {}, stale: false, unplaced: false };
  if (!CombinedGraphQLErrors.is(error)) return { ...problems, unplaced: true };
  for (const item of error.errors) {
    const { code, argument } = item.extensions ?? {};
    if (code === "CONFLICT" && item.extensions?.currentVersion !== undefined) {
      problems.stale = true;
      continue;
    }
    if (typeof argument === "string" && INPUT_NAMES.has(argument)) {
      problems.fields[argument] = item.message;
      continue;
    }
    if (code !== "BAD_USER_INPUT") {
      problems.unplaced = true;
      continue;
    }
    for (const message of item.message.split("; ")) {
      const path = /^(?:input\.)?([A-Za-z]+)(?:\.(\d+)\.[A-Za-z]+)?: (.+)$/.exec(message);
      const named = path ?? /^([A-Za-z]+) (.+)$/.exec(message);
      const inputName = named?.[1];
      if (!inputName || !INPUT_NAMES.has(inputName)) {
        problems.unplaced = true;
      } else if (inputName === "attributes") {
        const attribute = path?.[2] === undefined ? undefined : sent.attributes?.[Number(path[2])];
        if (attribute) problems.attributes[attribute.name] = path![3];
        else problems.unplaced = true;
      } else {
        problems.fields[inputName] = path ? path[3] : message;
      }
    }
  }
  return problems;
}
