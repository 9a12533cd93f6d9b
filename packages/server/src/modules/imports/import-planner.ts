/**
 * What a batch of CSV records would do, read from the database and written nowhere. A dry run
 * reports the same plans a real run writes, so it tells what the import will do unless people
 * change in between (then the writer rejects the row rather than write over the change). An
 * existing email is an update, never a duplicate; a new person joins the organization of their
 * email's domain unless a column names one; a row that would change nothing is left alone, so
 * the same file twice is harmless. The checks that need no database are import-rows.ts's.
 */
import { importFields, type ImportField, type PersonField } from "@roster/person";
import type { EntityManager } from "typeorm";
import { findIn } from "../../database/sql";
import { UserAttribute } from "../attributes/custom-attribute.entity";
import { Organization } from "../organizations/organization.entity";
import { domainOrganizations, holdersOf, type PersonPatch } from "../users/person-writer";
import { User } from "../users/user.entity";
import { UserState } from "../users/user.enums";
import type { CsvRecord } from "./import-file";
import type { ImportMapping } from "./import-mapping";
import { isRejection, readRow, type ImportRow, type RowRejection } from "./import-rows";

export interface Update {
  row: ImportRow;
  user: User;
  changes: PersonPatch;
  attributes: { name: string; before: string | null; after: string }[];
}

export interface Plan {
  creates: { row: ImportRow; organizationId: number | null }[];
  updates: Update[];
  unchanged: number;
  rejections: RowRejection[];
}

/**
 * What a batch would do; rejects what cannot be imported. `seen` (emails to the line they were
 * first on) is read and extended. With `lock`, the existing people it reads are locked for the
 * rest of the transaction.
 */
export async function planBatch(
  manager: EntityManager,
  batch: readonly CsvRecord[],
  headers: readonly string[],
  mapping: ImportMapping,
  seen: Map<string, number>,
  lock?: { mode: "pessimistic_write" },
): Promise<Plan> {
  const plan: Plan = { creates: [], updates: [], unchanged: 0, rejections: [] };
  const rows: ImportRow[] = [];
  for (const record of batch) {
    const row = readRow(record.line, record.raw, headers, mapping, record.problem);
    if (isRejection(row)) {
      plan.rejections.push(row);
      continue;
    }
    const first = seen.get(row.email);
    if (first !== undefined) {
      plan.rejections.push({ line: row.line, raw: row.raw, reason: `The same email as line ${first}.` });
      continue;
    }
    seen.set(row.email, row.line);
    rows.push(row);
  }
  if (rows.length === 0) return plan;

  const existing = await findIn(
    manager,
    User,
    "email",
    rows.map((row) => row.email),
    lock,
  );
  const byEmail = new Map(existing.map((user) => [user.email!.toLowerCase(), user]));
  const names = [...new Set(rows.flatMap((row) => (row.organization ? [row.organization] : [])))];
  const organizations = await findIn(manager, Organization, "name", names);
  const organizationIds = new Map(organizations.map((organization) => [organization.name.toLowerCase(), organization.id]));
  // New people without an Organization column join the one of their email's domain, as on every other path.
  const domainOrganization = await domainOrganizations(
    manager,
    rows.flatMap((row) => (!row.organization && !byEmail.has(row.email) ? [row.email] : [])),
  );
  const usernameOwner = await holdersOf(manager, "username", [
    ...new Set(rows.flatMap((row) => (row.username ? [row.username] : []))),
  ]);
  const attributes = await findIn(
    manager,
    UserAttribute,
    "userId",
    existing.map((user) => user.id),
  );

  for (const row of rows) {
    const user = byEmail.get(row.email);
    const organizationId = row.organization ? organizationIds.get(row.organization.toLowerCase()) : null;
    if (organizationId === undefined) {
      plan.rejections.push({ line: row.line, raw: row.raw, reason: `There is no organization named "${row.organization}".` });
      continue;
    }
    const owner = row.username ? usernameOwner.get(row.username.toLowerCase()) : undefined;
    if (owner !== undefined && owner !== user?.id) {
      plan.rejections.push({ line: row.line, raw: row.raw, reason: `The username "${row.username}" belongs to someone else.` });
      continue;
    }
    if (row.username) usernameOwner.set(row.username.toLowerCase(), user?.id ?? -row.line);
    if (!user) {
      plan.creates.push({ row, organizationId: organizationId ?? domainOrganization(row.email) });
      continue;
    }
    if (user.state === UserState.TRASHED) {
      plan.rejections.push({ line: row.line, raw: row.raw, reason: `${row.email} is in the trash; restore them first.` });
      continue;
    }
    const update = changesOf(row, user, organizationId, attributes);
    if (Object.keys(update.changes).length || update.attributes.length) plan.updates.push(update);
    else plan.unchanged += 1;
  }
  plan.rejections.sort((a, b) => a.line - b.line);
  return plan;
}

/** The import fields an update copies onto the person: all but the match key and the organization (by id). */
type CopiedField = Exclude<ImportField, "email" | "organization">;
const copiedFields = importFields.filter(
  (field): field is PersonField & { name: CopiedField } => field.name !== "email" && field.name !== "organization",
);

/** What the row would change on this person: only values given and different. */
function changesOf(row: ImportRow, user: User, organizationId: number | null, attributes: readonly UserAttribute[]): Update {
  const changes: PersonPatch = {};
  for (const { name } of copiedFields) {
    const value = row[name];
    if (value !== null && value !== user[name]) changes[name] = value;
  }
  if (row.organization && organizationId !== user.organizationId) changes.organizationId = organizationId;
  const own = attributes.filter((attribute) => attribute.userId === user.id);
  const changedAttributes = Object.entries(row.attributes)
    .map(([name, after]) => ({ name, after, before: own.find((attribute) => attribute.name === name)?.value ?? null }))
    .filter(({ before, after }) => before !== after);
  return { row, user, changes, attributes: changedAttributes };
}
