/**
 * The lists of fields each part of Roster works with, read off the definitions (fields.ts):
 * nothing here names a field, so a new definition reaches every list it is marked for.
 */
import { personFields, type PersonFieldName, type PersonFieldSpec, type PersonInput } from "./fields";
import { characterCount } from "./rules";

type Fields = typeof personFields;
export type PersonField = PersonFieldSpec & { readonly name: PersonFieldName };

/** The names of the fields whose definition has `Key`, in definition order. */
type NamesWith<Key extends keyof PersonFieldSpec> = {
  [Name in PersonFieldName]: Fields[Name] extends Record<Key, unknown> ? Name : never;
}[PersonFieldName];

export type ImportField = NamesWith<"csv">;
export type ExportColumn = NamesWith<"export">;
export type SortField = NamesWith<"sort">;
export type TableColumn = NamesWith<"table">;
export type SegmentPersonField = NamesWith<"segment">;
export type InputField = NamesWith<"input">;

export const allPersonFields: readonly PersonField[] = Object.entries(personFields).map(([name, spec]) => ({
  ...(spec as PersonFieldSpec),
  name: name as PersonFieldName,
}));

function namesWith<Key extends keyof PersonFieldSpec>(key: Key): PersonField[] {
  return allPersonFields.filter((field) => field[key] !== undefined && field[key] !== false);
}

export function personField(name: PersonFieldName): PersonField {
  return { ...(personFields[name] as PersonFieldSpec), name };
}

/** The columns a CSV import can fill, with the header spellings guessed for each. */
export const importFields = namesWith("csv") as (PersonField & { name: ImportField })[];
/** The columns an export can have, in the file's order. */
export const exportColumns = namesWith("export") as (PersonField & { name: ExportColumn })[];
/** What an export has when no columns are asked for. */
export const defaultExportColumns = exportColumns.filter((field) => field.export === "default").map((field) => field.name);
/** The fields of the segment language that are the person's own (the catalog adds roles, organizations, activity). */
export const segmentPersonFields = namesWith("segment") as (PersonField & { name: SegmentPersonField })[];
/** The columns the people list can show (a view chooses among them), and those it shows by default. */
export const tableColumns = namesWith("table") as (PersonField & { name: TableColumn })[];
export const defaultTableColumns = tableColumns.filter((field) => field.table === "default").map((field) => field.name);
/** What the people list sorts by. */
export const sortFields = namesWith("sort") as (PersonField & { name: SortField })[];
/** What the people list filters by, with the `users` argument of each. */
export const filterFields = namesWith("filter");

/** The fields an input takes, under the input's own names. */
export function inputFields(input: PersonInput): (PersonField & { inputName: string })[] {
  return namesWith("input")
    .filter((field) => field.input!.on.includes(input))
    .map((field) => ({ ...field, inputName: field.input!.as ?? field.name }));
}

/** A name in the upper snake case of GraphQL enum values: `lastLoginAt` is `LAST_LOGIN_AT`. */
export type ConstantCase<Name extends string> = Name extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Uppercase<Head> : `_${Head}`}${ConstantCase<Tail>}`
  : Name;

export function constantCase<Name extends string>(name: Name): ConstantCase<Name> {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase() as ConstantCase<Name>;
}

/** `{ LAST_LOGIN_AT: "LAST_LOGIN_AT", … }` for the given names: a GraphQL enum of fields. */
export function constantEnum<Name extends string>(
  names: readonly Name[],
): { [Key in Name as ConstantCase<Key>]: ConstantCase<Key> } {
  return Object.fromEntries(names.map((name) => [constantCase(name), constantCase(name)])) as {
    [Key in Name as ConstantCase<Key>]: ConstantCase<Key>;
  };
}

/** What a text value is checked against: a field's definition, or any column's width. */
export type TextSpec = Pick<PersonFieldSpec, "width" | "minWidth" | "rule" | "nullable" | "normalize">;

/**
 * What is wrong with a text value, worded after `label` ("username must be 2 to 100
 * characters; this one has 1."), or null when it is fine. The value is checked as given, before
 * normalization. `quote` adds the value to a broken rule's message, where it is not in sight
 * (a cell of a CSV file).
 */
export function textProblem(spec: TextSpec, value: string, label: string, quote = false): string | null {
  const length = characterCount(value);
  const { width, minWidth = 0 } = spec;
  if (width !== undefined && length > width) return `${label} must be at most ${width} characters; this one has ${length}.`;
  if (width !== undefined && length < minWidth)
    return `${label} must be ${minWidth} to ${width} characters; this one has ${length}.`;
  if (spec.rule && !spec.rule.test(value)) return `${label} ${spec.rule.requirement}${quote ? ` (got "${value}")` : ""}.`;
  if (!spec.nullable && spec.normalize && !spec.normalize(value)) return `${label} must not be blank.`;
  return null;
}

/** The stored spelling of an accepted text value: `normalize`'s, else the value itself. */
export function normalizeText(field: TextSpec, value: string): string | null {
  return field.normalize ? field.normalize(value) : value;
}
