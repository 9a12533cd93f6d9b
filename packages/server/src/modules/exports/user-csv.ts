/**
 * The columns a list of people can be exported with, and how each is written: dates in ISO 8601
 * UTC, states as read now, and any text that a spreadsheet would run as a formula defused.
 */
import { defaultExportColumns, exportColumns, type ExportColumn } from "@roster/person";
import { effectiveBannedUntil, effectiveState } from "../users/user-state";
import type { User } from "../users/user.entity";

interface ExportContext {
  now: Date;
  organizationName(id: number | null): string | null;
}

type Cell = string | number | boolean | null;

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

/** How each export column of @roster/person is read off a person: one per column, or this does not compile. */
const CELLS: Record<ExportColumn, (user: User, context: ExportContext) => Cell> = {
  id: (user) => user.id,
  displayName: (user) => user.displayName,
  email: (user) => user.email,
  username: (user) => user.username,
  phone: (user) => user.phone,
  kind: (user) => user.kind,
  state: (user, { now }) => effectiveState(user, now),
  bannedUntil: (user, { now }) => iso(effectiveBannedUntil(user, now)),
  source: (user) => user.source,
  organization: (user, { organizationName }) => organizationName(user.organizationId),
  verified: (user) => user.emailVerifiedAt !== null,
  lastLoginAt: (user) => iso(user.lastLoginAt),
  loginCount: (user) => user.loginCount,
  timezone: (user) => user.timezone,
  locale: (user) => user.locale,
  createdAt: (user) => iso(user.createdAt),
};

/** The columns in the definitions' order, which is the order the SPA offers them in. */
export const USER_COLUMNS: Record<string, (user: User, context: ExportContext) => Cell> = Object.fromEntries(
  exportColumns.map(({ name }) => [name, CELLS[name]]),
);

export const DEFAULT_USER_COLUMNS: string[] = [...defaultExportColumns];

/** OWASP's advice against CSV injection: a cell that starts like a formula is made plain text. */
export function defuse(cell: Cell): Cell {
  return typeof cell === "string" && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

export function userRow(user: User, columns: readonly string[], context: ExportContext): Cell[] {
  return columns.map((column) => defuse(USER_COLUMNS[column](user, context)));
}
