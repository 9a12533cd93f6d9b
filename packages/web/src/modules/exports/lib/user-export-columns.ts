// The columns `GET /export/users.csv` knows, in the order the file has them, with what the
// export dialog calls each.

export const USER_EXPORT_COLUMNS = [
  { value: "id", label: "ID" },
  { value: "displayName", label: "Display name" },
  { value: "email", label: "Email" },
  { value: "username", label: "Username" },
  { value: "phone", label: "Phone" },
  { value: "kind", label: "Kind (customer or agent)" },
  { value: "state", label: "State" },
  { value: "bannedUntil", label: "Banned until" },
  { value: "source", label: "Source" },
  { value: "organization", label: "Organization" },
  { value: "verified", label: "Email verified" },
  { value: "lastLoginAt", label: "Last login" },
  { value: "loginCount", label: "Login count" },
  { value: "timezone", label: "Time zone" },
  { value: "locale", label: "Locale" },
  { value: "createdAt", label: "Created" },
] as const;

export type UserExportColumn = (typeof USER_EXPORT_COLUMNS)[number]["value"];

/** The server's own defaults, so an export without choices reads like one from the API. */
export const DEFAULT_USER_EXPORT_COLUMNS: readonly UserExportColumn[] = [
  "id",
  "displayName",
  "email",
  "username",
  "state",
  "organization",
  "createdAt",
  "lastLoginAt",
];

/** The columns in the file's order, whatever order they were ticked in. */
export function inFileOrder(columns: readonly string[]): UserExportColumn[] {
  return USER_EXPORT_COLUMNS.map((column) => column.value).filter((column) => columns.includes(column));
}
