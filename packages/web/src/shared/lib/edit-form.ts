// What the edit forms (a person, an organization) share, without React: custom attributes as
// rows (their checks by the server's rules, and the inputs for what changed), and where each of
// the server's refusals belongs.
import { CombinedGraphQLErrors, type ErrorLike } from "@apollo/client";
import { ATTRIBUTE_WIDTH, attributeNameRule, characterCount, isAttributeName } from "@roster/person";
import type { AttributeFieldsFragment, AttributeInput, AttributeType } from "../../generated/graphql";

export interface AttributeRow {
  /** Stable across edits, for React and for errors. */
  key: number;
  name: string;
  type: AttributeType;
  value: string;
  /** The value stored now; null for a row the agent added. */
  original: string | null;
  /** An attribute stored now that the agent removed: saved as an empty value, which removes it. */
  removed: boolean;
}

/** The rows a form starts from. */
export function attributeRows(attributes: readonly AttributeFieldsFragment[]): AttributeRow[] {
  return attributes.map((attribute, index) => ({
    key: index,
    name: attribute.name,
    type: attribute.type,
    value: attribute.value,
    original: attribute.value,
    removed: false,
  }));
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
export function attributeInputs(rows: readonly AttributeRow[]): AttributeInput[] {
  const removed = rows
    .filter((row) => row.removed && row.original !== null)
    .map((row) => ({ name: row.name, type: row.type, value: "" }));
  const set = liveRows(rows)
    .filter((row) => row.value !== row.original)
    .map((row) => ({ name: row.name, type: row.type, value: row.value }));
  return [...removed, ...set];
}

export interface ServerProblems {
  /** By input name (displayName, email, domains, …). */
  fields: Record<string, string>;
  /** By attribute name. */
  attributes: Record<string, string>;
  /** Someone else changed the record since the form read it (CONFLICT with the version now). */
  stale: boolean;
  /** Whether anything is left that no field shows (then the form shows the error as a whole). */
  unplaced: boolean;
}

/**
 * Where the server's refusal of `sent` belongs, among the form's `inputNames`. A domain error
 * names its input in `extensions.argument` (`email` for an address someone else has, `domains`
 * for a domain another organization has); class-validator's messages name it in a path
 * ("input.email: email must be …", "input.attributes.0.name: …", joined by "; "), or start with it.
 */
export function serverProblems(
  error: ErrorLike,
  sent: { attributes?: readonly AttributeInput[] | null },
  inputNames: ReadonlySet<string>,
): ServerProblems {
  const problems: ServerProblems = { fields: {}, attributes: {}, stale: false, unplaced: false };
  if (!CombinedGraphQLErrors.is(error)) return { ...problems, unplaced: true };
  for (const item of error.errors) {
    const { code, argument } = item.extensions ?? {};
    if (code === "CONFLICT" && item.extensions?.currentVersion !== undefined) {
      problems.stale = true;
      continue;
    }
    if (typeof argument === "string" && inputNames.has(argument)) {
      problems.fields[argument] = item.message;
      continue;
    }
    if (code !== "BAD_USER_INPUT") {
      problems.unplaced = true;
      continue;
    }
    for (const message of item.message.split("; ")) {
      const path = /^(?:input\.)?([A-Za-z]+)(?:\.(\d+)(?:\.[A-Za-z]+)?)?: (.+)$/.exec(message);
      const named = path ?? /^([A-Za-z]+) (.+)$/.exec(message);
      const inputName = named?.[1];
      if (!inputName || !inputNames.has(inputName)) {
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

export interface FieldErrors<Name extends string> {
  /** The server's message by input name. */
  fields: Partial<Record<Name, string>>;
  /** Whether anything is left that no field shows (then the form shows the error as a whole). */
  unplaced: boolean;
}

/** The same reading for a form of plain fields (no attributes, no version to be stale). */
export function fieldErrors<Name extends string>(error: ErrorLike, inputNames: readonly Name[]): FieldErrors<Name> {
  const { fields, stale, unplaced } = serverProblems(error, {}, new Set(inputNames));
  return { fields: fields as Partial<Record<Name, string>>, unplaced: unplaced || stale };
}
