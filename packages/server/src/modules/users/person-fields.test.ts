/**
 * Every list of a person's fields holds every field its definition (@roster/person) marks for
 * it: the GraphQL inputs, sorts and filters of the running schema, the CSV import, the export
 * and the segment catalog (the SPA's lists: packages/web/src/modules/person-lists.test.ts). A
 * field added to the definitions and forgotten by one list fails here.
 */
import "reflect-metadata";
import { isEnumType, isInputObjectType, type GraphQLSchema } from "graphql";
import {
  allPersonFields,
  constantCase,
  defaultExportColumns,
  exportColumns,
  filterFields,
  importFields,
  inputFields,
  segmentPersonFields,
  sortFields,
} from "@roster/person";
import { lookupField } from "@roster/segments";
import { DEFAULT_USER_COLUMNS, USER_COLUMNS } from "../exports/user-csv";
import { checkMapping, guessMapping, PERSON_FIELDS } from "../imports/import-mapping";
import { buildRosterSchema } from "../../schema/build-schema";

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildRosterSchema();
});

function inputFieldNames(name: string): string[] {
  const type = schema.getType(name);
  if (!isInputObjectType(type)) throw new Error(`${name} is not an input type`);
  return Object.keys(type.getFields());
}

test.each(["create", "update"] as const)("the %s input takes every field marked for it", (input) => {
  const names = inputFieldNames(input === "create" ? "CreateUserInput" : "UpdateUserInput");
  const marked = inputFields(input).map((field) => field.inputName);
  expect(marked.length).toBeGreaterThan(0);
  expect(names).toEqual(expect.arrayContaining(marked));
  // …and no person field the definitions keep out of it.
  const unmarked = allPersonFields.filter((field) => !marked.includes(field.input?.as ?? field.name));
  for (const field of unmarked) expect(names).not.toContain(field.input?.as ?? field.name);
});

test("the people list sorts by exactly the fields marked sortable", () => {
  const sort = schema.getType("UserSortField");
  if (!isEnumType(sort)) throw new Error("UserSortField is not an enum");
  expect(
    sort
      .getValues()
      .map((value) => value.name)
      .sort(),
  ).toEqual(sortFields.map((field) => constantCase(field.name)).sort());
});

test("the people list filters by every field marked filterable", () => {
  const users = schema.getQueryType()!.getFields().users;
  const argumentNames = users.args.map((argument) => argument.name);
  expect(filterFields.length).toBeGreaterThan(0);
  for (const field of filterFields) expect(argumentNames).toContain(field.filter);
});

test("the CSV import maps every import field, guessed from each of its spellings", () => {
  expect([...PERSON_FIELDS]).toEqual(importFields.map((field) => field.name));
  for (const field of importFields) {
    for (const spelling of field.csv!.synonyms) {
      const header = spelling.toUpperCase();
      const mapping = guessMapping(["Email address", header]);
      if (field.name !== "email") expect(mapping[header]).toBe(field.name);
    }
  }
  const everyField = Object.fromEntries(importFields.map((field) => [`column ${field.name}`, field.name]));
  expect(checkMapping(everyField, Object.keys(everyField))).toEqual(everyField);
});

test("the export has exactly the export columns, with the defaults marked", () => {
  expect(Object.keys(USER_COLUMNS)).toEqual(exportColumns.map((field) => field.name));
  expect(DEFAULT_USER_COLUMNS).toEqual([...defaultExportColumns]);
});

test("the segment catalog has every segment field, typed as defined", () => {
  for (const field of segmentPersonFields) {
    expect(lookupField(field.name)).toMatchObject({
      name: field.name,
      type: field.type,
      nullable: field.nullable,
      description: field.description,
    });
  }
  for (const field of allPersonFields.filter((candidate) => !candidate.segment)) expect(lookupField(field.name)).toBeUndefined();
});
