/**
 * CSV import of people. The file is read as a stream (csv-parse), a thousand rows at a time: a
 * dry run plans each batch against the database and reports; a real run keeps the upload on
 * disk and lets the job runner apply it batch by batch, each batch one transaction with its
 * people, their audit events, the rejected rows and the progress. New people are NOT_ACTIVATED
 * with source IMPORT, in the organization of their email's domain unless a column names one; an
 * existing email is updated, never duplicated, and only as it was planned (row lock, version
 * check), never over someone else's edit; a row that would change nothing changes nothing, so
 * the same file twice is harmless.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type { Readable } from "node:stream";
import { parse, type Info } from "csv-parse";
import type { DataSource, EntityManager } from "typeorm";
import { DomainError, ErrorCode } from "../../common/errors";
import { jsonArrayWithin, truncateToWidth, WIDTH } from "../../common/widths";
import { dialectOf, writeLock, type Dialect } from "../../database/data-source";
import { isTransient, messageOf } from "../../database/database-errors";
import { findIn, insertMany } from "../../database/sql";
import { fetchPage, type KeysetSort, type Page } from "../../common/pagination";
import { actorOf, type Actor } from "../audit/actor";
import { AuditAction } from "../audit/audit.enums";
import type { AuditService } from "../audit/audit.service";
import { UserAttribute } from "../attributes/custom-attribute.entity";
import type { Viewer } from "../auth/viewer";
import type { JobSource } from "../jobs/job-runner";
import { claimJob, failJob, retryJob } from "../jobs/leased-job";
import { OrganizationDomain } from "../organizations/organization-domain.entity";
import { Organization } from "../organizations/organization.entity";
import { User } from "../users/user.entity";
import { AttributeType, UserKind, UserSource, UserState } from "../users/user.enums";
import type { DryRunReport } from "./dry-run-report";
import { ImportJob, ImportRejection, ImportStatus } from "./import-job.entity";
import { checkMapping, guessMapping, type ImportMapping } from "./import-mapping";
import { isRejection, readRow, type ImportRow, type RowRejection } from "./import-rows";

/** Rows per batch: on SQLite a batch's transaction holds the whole database (docs/write-model.md). */
export const IMPORT_BATCH: { [dialect in Dialect]: number } = { mysql: 1000, sqlite: 100 };
/** Rows read at once where nothing is written (a dry run, the rejected-rows download). */
const READ_BATCH = 1000;
/** Larger uploads are refused (HTTP 413) rather than filling the disk. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;
/** A dry run lists this many rejected rows; the counts cover them all. */
const REPORTED_REJECTIONS = 1000;

export class UploadTooLargeError extends DomainError {
  constructor() {
    super(ErrorCode.BadUserInput, `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`, { argument: "file" });
  }
}

interface Record {
  line: number;
  raw: string[];
  bytes: number;
}

interface Update {
  row: ImportRow;
  user: User;
  changes: Partial<User>;
  attributes: { name: string; before: string | null; after: string }[];
}

interface Plan {
  creates: { row: ImportRow; organizationId: number | null }[];
  updates: Update[];
  unchanged: number;
  rejections: RowRejection[];
}

/** An open reading of a job's file, kept between batches so each row is parsed once. */
interface Reader {
  headers: string[];
  records: AsyncIterator<Record>;
  /** Data rows consumed so far. */
  position: number;
  /** Emails seen so far, for duplicates within the file. */
  seen: Map<string, number>;
}

const BY_LINE: KeysetSort = { key: "line-ASC", expression: "r.line", idExpression: "r.line", direction: "ASC" };

/** The records of a CSV stream, the header first, with their line numbers and bytes read. */
async function* recordsOf(input: Readable): AsyncGenerator<Record> {
  const parser = input.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true }));
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: Info }>) {
    yield { line: info.lines, raw: record, bytes: info.bytes };
  }
}

async function take(records: AsyncIterator<Record>, count: number): Promise<Record[]> {
  const batch: Record[] = [];
  while (batch.length < count) {
    const next = await records.next();
    if (next.done) break;
    batch.push(next.value);
  }
  return batch;
}

export class ImportService implements JobSource {
  private readonly readers = new Map<number, Reader>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly uploadDir: string,
  ) {}

  /** Reads the whole upload and reports what an import would do, writing nothing. */
  async dryRun(input: Readable, mapping: ImportMapping | null): Promise<DryRunReport> {
    const records = recordsOf(input);
    const header = await records.next();
    if (header.done)
      throw new DomainError(ErrorCode.BadUserInput, "The file is empty: it needs a header row.", { argument: "file" });
    const headers = header.value.raw;
    const used = mapping ? checkMapping(mapping, headers) : guessMapping(headers);
    const mapped = Object.values(used).includes("email");
    const report: DryRunReport = {
      dryRun: true,
      headers,
      mapping: used,
      rows: 0,
      create: 0,
      update: 0,
      unchanged: 0,
      rejected: 0,
      rejections: [],
      mappingProblem: mapped ? null : "No column looks like the email address: say which one it is.",
    };
    const seen = new Map<string, number>();
    for (;;) {
      const batch = await take(records, READ_BATCH);
      if (batch.length === 0) break;
      report.rows += batch.length;
      if (!mapped) continue;
      const plan = await this.plan(this.dataSource.manager, batch, headers, used, seen);
      report.create += plan.creates.length;
      report.update += plan.updates.length;
      report.unchanged += plan.unchanged;
      report.rejected += plan.rejections.length;
      for (const { line, reason } of plan.rejections) {
        if (report.rejections.length < REPORTED_REJECTIONS) report.rejections.push({ line, reason });
      }
    }
    return report;
  }

  /** Keeps the upload on disk and queues its import; the mapping is checked against its header now. */
  async queue(viewer: Viewer, input: Readable, fileName: string, mapping: ImportMapping | null, now: Date): Promise<ImportJob> {
    fs.mkdirSync(this.uploadDir, { recursive: true });
    const filePath = path.join(this.uploadDir, `${randomBytes(12).toString("hex")}.csv`);
    let bytes = 0;
    try {
      await pipeline(
        input,
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            bytes += chunk.length;
            if (bytes > MAX_UPLOAD_BYTES) throw new UploadTooLargeError();
            yield chunk;
          }
        },
        fs.createWriteStream(filePath),
      );
      const header = await recordsOf(fs.createReadStream(filePath)).next();
      if (header.done)
        throw new DomainError(ErrorCode.BadUserInput, "The file is empty: it needs a header row.", { argument: "file" });
      const used = checkMapping(mapping ?? guessMapping(header.value.raw), header.value.raw);
      const actor = actorOf(viewer);
      const repository = this.dataSource.getRepository(ImportJob);
      return await this.dataSource.transaction((manager) =>
        manager.save(
          repository.create({
            fileName: truncateToWidth(fileName, WIDTH.importJob.fileName),
            filePath,
            mapping: JSON.stringify(used),
            status: ImportStatus.QUEUED,
            processedRows: 0,
            created: 0,
            updated: 0,
            unchanged: 0,
            rejected: 0,
            fileBytes: bytes,
            bytesDone: 0,
            error: null,
            actorType: actor.type,
            actorId: actor.id,
            actorName: actor.name,
            createdAt: now,
            finishedAt: null,
            leaseUntil: null,
          }),
        ),
      );
    } catch (error) {
      fs.rmSync(filePath, { force: true });
      throw error;
    }
  }

  find(id: number): Promise<ImportJob | null> {
    return this.dataSource.getRepository(ImportJob).findOneBy({ id });
  }

  recent(limit: number): Promise<ImportJob[]> {
    return this.dataSource.getRepository(ImportJob).find({ order: { id: "DESC" }, take: limit });
  }

  rejections(jobId: number, first: number, after: string | null | undefined): Promise<Page<ImportRejection>> {
    const query = this.dataSource.getRepository(ImportRejection).createQueryBuilder("r").where("r.jobId = :jobId", { jobId });
    return fetchPage(query, BY_LINE, first, after);
  }

  countRejections(jobId: number): Promise<number> {
    return this.dataSource.getRepository(ImportRejection).countBy({ jobId });
  }

  /** The file's header row, from the mapping stored with the job (its keys are the headers, in order). */
  headersOf(job: ImportJob): string[] {
    return Object.keys(JSON.parse(job.mapping) as ImportMapping);
  }

  /** The rejected rows as they were in the file, after their line and reason, in line order. */
  async *rejectedRows(jobId: number): AsyncGenerator<string[][]> {
    let after = 0;
    for (;;) {
      const page = await this.dataSource
        .getRepository(ImportRejection)
        .createQueryBuilder("r")
        .where("r.jobId = :jobId AND r.line > :after", { jobId, after })
        .orderBy("r.line", "ASC")
        .take(READ_BATCH)
        .getMany();
      if (page.length === 0) return;
      yield page.map((row) => [String(row.line), row.reason, ...(JSON.parse(row.raw) as string[])]);
      after = page[page.length - 1].line;
    }
  }

  claim(leaseUntil: Date, wallClock: Date): Promise<ImportJob | null> {
    return claimJob(
      this.dataSource.getRepository(ImportJob),
      [ImportStatus.QUEUED, ImportStatus.RUNNING],
      () => ({ status: ImportStatus.RUNNING }),
      leaseUntil,
      wallClock,
    );
  }

  async release(id: number): Promise<void> {
    this.readers.delete(id);
    await this.dataSource.getRepository(ImportJob).update({ id }, { leaseUntil: null });
  }

  fail(id: number, error: string, now: Date): Promise<void> {
    // The file stays: `retry` reads on from the last committed batch.
    this.readers.delete(id);
    return failJob(this.dataSource.getRepository(ImportJob), id, error, now);
  }

  retry(id: number): Promise<ImportJob> {
    this.readers.delete(id);
    return retryJob(this.dataSource.getRepository(ImportJob), id, "import");
  }

  async runBatch(id: number, leaseUntil: Date, now: Date): Promise<boolean> {
    const job = await this.find(id);
    if (!job || job.status !== ImportStatus.RUNNING) return false;
    try {
      return await this.runBatchOf(job, leaseUntil, now);
    } catch (error) {
      // The reader has moved past rows that did not commit: the next try reads them again.
      this.readers.delete(id);
      throw error;
    }
  }

  private async runBatchOf(job: ImportJob, leaseUntil: Date, now: Date): Promise<boolean> {
    const reader = await this.readerAt(job);
    const batchSize = IMPORT_BATCH[dialectOf(this.dataSource)];
    const batch = await take(reader.records, batchSize);
    const mapping = JSON.parse(job.mapping) as ImportMapping;
    const actor: Actor = { type: job.actorType, id: job.actorId, name: job.actorName };
    const finished = batch.length < batchSize;
    const commit = (rowByRow: boolean) =>
      this.dataSource.transaction(async (manager) => {
        // Held to the end: a second runner that took over a lapsed lease finds the rows done.
        const current = await manager.findOne(ImportJob, { where: { id: job.id }, lock: writeLock(this.dataSource) });
        if (current?.processedRows !== job.processedRows) return null;
        // A copy: a transaction tried again must not find its own emails as duplicates.
        const seen = new Map(reader.seen);
        // The people it updates stay locked until the batch commits: nobody's edit lands between plan and write.
        const plan = await this.plan(manager, batch, reader.headers, mapping, seen, writeLock(this.dataSource));
        await (rowByRow ? this.applyRowByRow(manager, plan, actor, now) : this.apply(manager, plan, actor, now));
        await insertMany(
          manager,
          ImportRejection,
          plan.rejections.map(({ line, reason, raw }) => ({
            jobId: job.id,
            line,
            reason: truncateToWidth(reason, WIDTH.importRejection.reason),
            raw: jsonArrayWithin(raw),
          })),
        );
        await manager.update(
          ImportJob,
          { id: job.id },
          {
            processedRows: job.processedRows + batch.length,
            created: job.created + plan.creates.length,
            updated: job.updated + plan.updates.length,
            unchanged: job.unchanged + plan.unchanged,
            rejected: job.rejected + plan.rejections.length,
            bytesDone: finished ? job.fileBytes : (batch.at(-1)?.bytes ?? job.bytesDone),
            leaseUntil: finished ? null : leaseUntil,
            ...(finished ? { status: ImportStatus.DONE, finishedAt: now } : {}),
          },
        );
        return seen;
      });
    let seen: Map<string, number> | null;
    try {
      seen = await commit(false);
    } catch (error) {
      if (isTransient(error)) throw error;
      // Some row the checks let through was refused by the database: find it, keep the rest.
      seen = await commit(true);
    }
    if (seen === null) {
      this.readers.delete(job.id); // another runner moved on; read from where it stopped
      return true;
    }
    reader.seen = seen;
    reader.position += batch.length;
    if (finished) {
      this.readers.delete(job.id);
      fs.rmSync(job.filePath, { force: true });
    }
    return !finished;
  }

  /** The job's file, read up to where the committed batches stopped. */
  private async readerAt(job: ImportJob): Promise<Reader> {
    const cached = this.readers.get(job.id);
    if (cached && cached.position === job.processedRows) return cached;
    const records = recordsOf(fs.createReadStream(job.filePath));
    const header = await records.next();
    if (header.done) throw new Error("the uploaded file has no header row");
    const headers = header.value.raw;
    const mapping = JSON.parse(job.mapping) as ImportMapping;
    const emailColumn = headers.findIndex((name) => mapping[name] === "email");
    const seen = new Map<string, number>();
    // After a restart: skip what committed batches handled, remembering their emails.
    for (const record of await take(records, job.processedRows)) {
      const email = record.raw[emailColumn]?.trim().toLowerCase();
      if (email && !seen.has(email)) seen.set(email, record.line);
    }
    const reader: Reader = { headers, records, position: job.processedRows, seen };
    this.readers.set(job.id, reader);
    return reader;
  }

  /**
   * What a batch would do, read from the database; rejects what cannot be imported. With
   * `lock`, the existing people it reads are locked for the rest of the transaction.
   */
  private async plan(
    manager: EntityManager,
    batch: readonly Record[],
    headers: readonly string[],
    mapping: ImportMapping,
    seen: Map<string, number>,
    lock?: { mode: "pessimistic_write" },
  ): Promise<Plan> {
    const plan: Plan = { creates: [], updates: [], unchanged: 0, rejections: [] };
    const rows: ImportRow[] = [];
    for (const record of batch) {
      const row = readRow(record.line, record.raw, headers, mapping);
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
    const domains = rows.flatMap((row) => (!row.organization && !byEmail.has(row.email) ? [domainOf(row.email)] : []));
    const owners = await findIn(manager, OrganizationDomain, "domain", domains);
    const domainOwner = new Map(owners.map((owner) => [owner.domain.toLowerCase(), owner.organizationId]));
    const usernames = [...new Set(rows.flatMap((row) => (row.username ? [row.username] : [])))];
    const holders = await findIn(manager, User, "username", usernames);
    const usernameOwner = new Map(holders.map((user) => [user.username!.toLowerCase(), user.id]));
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
        plan.creates.push({ row, organizationId: organizationId ?? domainOwner.get(domainOf(row.email)) ?? null });
        continue;
      }
      if (user.state === UserState.TRASHED) {
        plan.rejections.push({ line: row.line, raw: row.raw, reason: `${row.email} is in the trash; restore them first.` });
        continue;
      }
      const update = this.changesOf(row, user, organizationId, attributes);
      if (Object.keys(update.changes).length || update.attributes.length) plan.updates.push(update);
      else plan.unchanged += 1;
    }
    plan.rejections.sort((a, b) => a.line - b.line);
    return plan;
  }

  /** What the row would change on this person: only values given and different. */
  private changesOf(row: ImportRow, user: User, organizationId: number | null, attributes: readonly UserAttribute[]): Update {
    const changes: Partial<User> = {};
    const fields = ["displayName", "username", "phone", "timezone", "locale"] as const;
    for (const field of fields) {
      const value = row[field];
      if (value !== null && value !== user[field]) Object.assign(changes, { [field]: value });
    }
    if (row.organization && organizationId !== user.organizationId) changes.organizationId = organizationId;
    const own = attributes.filter((attribute) => attribute.userId === user.id);
    const changedAttributes = Object.entries(row.attributes)
      .map(([name, after]) => ({ name, after, before: own.find((attribute) => attribute.name === name)?.value ?? null }))
      .filter(({ before, after }) => before !== after);
    return { row, user, changes, attributes: changedAttributes };
  }

  /**
   * A plan written one row at a time, each in a savepoint: a row the database refuses becomes a
   * rejection with its reason, and the rest of the batch is kept.
   */
  private async applyRowByRow(manager: EntityManager, plan: Plan, actor: Actor, now: Date): Promise<void> {
    const refused = async (line: number, raw: string[], write: (inner: EntityManager) => Promise<void>) => {
      try {
        await manager.transaction(write);
        return false;
      } catch (error) {
        if (isTransient(error)) throw error;
        plan.rejections.push({ line, raw, reason: `The database refused this row: ${messageOf(error)}` });
        return true;
      }
    };
    const creates = [];
    for (const create of plan.creates) {
      const single: Plan = { creates: [create], updates: [], unchanged: 0, rejections: [] };
      if (!(await refused(create.row.line, create.row.raw, (inner) => this.apply(inner, single, actor, now))))
        creates.push(create);
    }
    const updates = [];
    for (const update of plan.updates) {
      const single: Plan = { creates: [], updates: [update], unchanged: 0, rejections: [] };
      if (await refused(update.row.line, update.row.raw, (inner) => this.apply(inner, single, actor, now))) continue;
      // Written, or rejected by the version check.
      updates.push(...single.updates);
      plan.rejections.push(...single.rejections);
    }
    plan.creates = creates;
    plan.updates = updates;
    plan.rejections.sort((a, b) => a.line - b.line);
  }

  /**
   * Writes a plan: new people in a few statements per table, updates one by one; all audited.
   * An update writes only over the version it was planned against: a person changed since
   * moves its row to the rejections, with the reason.
   */
  private async apply(manager: EntityManager, plan: Plan, actor: Actor, now: Date): Promise<void> {
    if (plan.creates.length) {
      await insertMany(
        manager,
        User,
        plan.creates.map(({ row, organizationId }) => ({
          email: row.email,
          displayName: row.displayName ?? row.email.split("@")[0],
          username: row.username,
          phone: row.phone,
          timezone: row.timezone,
          locale: row.locale,
          organizationId,
          kind: UserKind.CUSTOMER,
          state: UserState.NOT_ACTIVATED,
          source: UserSource.IMPORT,
          loginCount: 0,
          version: 1,
          createdAt: now,
          updatedAt: now,
        })),
      );
      // Ids read back by email: multi-row inserts do not report every id on every database.
      const created = await findIn(
        manager,
        User,
        "email",
        plan.creates.map(({ row }) => row.email),
      );
      const idOf = new Map(created.map((user) => [user.email!, user.id]));
      const newAttributes = plan.creates.flatMap(({ row }) =>
        Object.entries(row.attributes).map(([name, value]) => ({
          userId: idOf.get(row.email)!,
          name,
          type: AttributeType.STRING,
          value,
        })),
      );
      await insertMany(manager, UserAttribute, newAttributes);
      await this.audit.recordMany(
        manager,
        actor,
        plan.creates.map(({ row }) => ({
          action: AuditAction.USER_CREATED,
          targetId: idOf.get(row.email)!,
          toState: UserState.NOT_ACTIVATED,
          details: { source: "IMPORT", line: row.line },
        })),
        now,
      );
    }
    const written: Update[] = [];
    for (const update of plan.updates) {
      const { row, user, changes, attributes } = update;
      // Attributes are the person's too: any change moves the version, as updateUser does.
      const result = await manager
        .createQueryBuilder()
        .update(User)
        .set({ ...changes, version: () => "version + 1", updatedAt: now })
        .where("id = :id AND version = :version", { id: user.id, version: user.version })
        .execute();
      if (result.affected !== 1) {
        const current = await manager.findOneBy(User, { id: user.id });
        plan.rejections.push({
          line: row.line,
          raw: row.raw,
          reason: current
            ? `${row.email} was changed by someone else while the import ran (now version ${current.version}); import the row again.`
            : `${row.email} was deleted while the import ran.`,
        });
        continue;
      }
      written.push(update);
      for (const attribute of attributes) {
        await manager.delete(UserAttribute, { userId: user.id, name: attribute.name });
        await manager.insert(UserAttribute, {
          userId: user.id,
          name: attribute.name,
          type: AttributeType.STRING,
          value: attribute.after,
        });
      }
    }
    if (written.length < plan.updates.length) {
      plan.updates = written;
      plan.rejections.sort((a, b) => a.line - b.line);
    }
    if (plan.updates.length) {
      await this.audit.recordMany(
        manager,
        actor,
        plan.updates.map(({ user, changes, attributes, row }) => ({
          action: AuditAction.USER_UPDATED,
          targetId: user.id,
          details: {
            source: "IMPORT",
            line: row.line,
            ...Object.fromEntries(
              Object.entries(changes).map(([field, after]) => [field, { before: user[field as keyof User], after }]),
            ),
            ...Object.fromEntries(attributes.map(({ name, before, after }) => [`attr.${name}`, { before, after }])),
          },
        })),
        now,
      );
    }
  }
}

/** The domain of an email, as `UserLifecycleService.organizationFor` reads it. */
function domainOf(email: string): string {
  return email.split("@")[1] ?? "";
}
