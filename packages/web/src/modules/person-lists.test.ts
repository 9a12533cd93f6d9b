/**
 * The SPA's lists of a person's fields hold every field @roster/person marks for them, with
 * its label (the server's lists: packages/server/src/modules/users/person-fields.test.ts).
 */
import { defaultExportColumns, exportColumns, importFields } from "@roster/person";
import { DEFAULT_USER_EXPORT_COLUMNS, USER_EXPORT_COLUMNS } from "./exports/lib/user-export-columns";
import { IMPORT_FIELDS } from "./imports/lib/import-fields";

test("the import wizard offers every import field", () => {
  for (const field of importFields) expect(IMPORT_FIELDS).toContainEqual(expect.objectContaining({ value: field.name }));
});

test("the export dialog offers every export column, labelled, in the file's order, with the server's defaults", () => {
  expect(USER_EXPORT_COLUMNS.map((column) => column.value)).toEqual(exportColumns.map((field) => field.name));
  expect(USER_EXPORT_COLUMNS.map((column) => column.label)).toEqual(exportColumns.map((field) => field.label));
  expect([...DEFAULT_USER_EXPORT_COLUMNS]).toEqual([...defaultExportColumns]);
});
