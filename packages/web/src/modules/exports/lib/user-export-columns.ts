// The columns `GET /export/users.csv` knows, in the order the file has them, with what the
// export dialog calls each: read off the person's field definitions, as the server's are.
import { defaultExportColumns, exportColumns, type ExportColumn } from "@roster/person";

export type UserExportColumn = ExportColumn;

export const USER_EXPORT_COLUMNS: readonly { value: UserExportColumn; label: string }[] = exportColumns.map((field) => ({
  value: field.name,
  label: field.label,
}));

/** The server's own defaults, so an export without choices reads like one from the API. */
export const DEFAULT_USER_EXPORT_COLUMNS: readonly UserExportColumn[] = defaultExportColumns;

/** The columns in the file's order, whatever order they were ticked in. */
export function inFileOrder(columns: readonly string[]): UserExportColumn[] {
  return USER_EXPORT_COLUMNS.map((column) => column.value).filter((column) => columns.includes(column));
}
