/**
 * CSV import of people, as a job. A dry run reads the whole upload and reports what the import
 * would do; a real run keeps the upload on disk and lets the job runner import it batch by
 * batch, each batch one transaction with its people, their audit events, the rejected rows and
 * the progress, so a restart carries on from the last committed batch and never does a row
 * twice. Reading the file, planning a batch and writing it are import-file.ts,
 * import-planner.ts and import-writer.ts.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import type { DataSource } from "typeorm";
import { jsonArrayWithin, truncateToWidth, WIDTH } from "../../common/widths";
import { dialectOf, writeLock, type Dialect } from "../../database/data-source";
import { isTransient } from "../../database/database-errors";
import { insertMany } from "../../database/sql";
import { fetchPage, type KeysetSort, type Page } from "../../common/pagination";
import { actorOf, type Actor } from "../audit/actor";
import type { Viewer } from "../auth/viewer";
import type { JobSource } from "../jobs/job-runner";
import { claimJob, failJob, retryJob } from "../jobs/leased-job";
import type { PersonWriter } from "../users/person-writer";
import type { DryRunReport } from "./dry-run-report";
import { headerOf, ImportFileReaders, keepUpload, recordsOf, take } from "./import-file";
import { ImportJob, ImportRejection, ImportStatus } from "./import-job.entity";
import { checkMapping, guessMapping, type ImportMapping } from "./import-mapping";
import { planBatch } from "./import-planner";
import { ImportWriter } from "./import-writer";

/** Rows per batch: on SQLite a batch's transaction holds the whole database (docs/write-model.md). */
export const IMPORT_BATCH: { [dialect in Dialect]: number } = { mysql: 1000, sqlite: 100 };
/** Rows read at once where nothing is written (a dry run, the rejected-rows download). */
const READ_BATCH = 1000;
/** A dry run lists this many rejected rows; the counts cover them all. */
const REPORTED_REJECTIONS = 1000;

const BY_LINE: KeysetSort = { key: "line-ASC", expression: "r.line", idExpression: "r.line", direction: "ASC", nullable: false };

export class ImportService implements JobSource {
  private readonly readers = new ImportFileReaders();
  private readonly writer: ImportWriter;

  constructor(
    private readonly dataSource: DataSource,
    people: PersonWriter,
    private readonly uploadDir: string,
  ) {
    this.writer = new ImportWriter(people);
  }

  /** Reads the whole upload and reports what an import would do, writing nothing. */
  async dryRun(input: Readable, mapping: ImportMapping | null): Promise<DryRunReport> {
    const records = recordsOf(input);
    const headers = await headerOf(records);
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
      const plan = await planBatch(this.dataSource.manager, batch, headers, used, seen);
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
    try {
      const bytes = await keepUpload(input, filePath);
      const headers = await headerOf(recordsOf(fs.createReadStream(filePath)));
      const used = checkMapping(mapping ?? guessMapping(headers), headers);
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
    this.readers.forget(id);
    await this.dataSource.getRepository(ImportJob).update({ id }, { leaseUntil: null });
  }

  fail(id: number, error: string, now: Date): Promise<void> {
    // The file stays: `retry` reads on from the last committed batch.
    this.readers.forget(id);
    return failJob(this.dataSource.getRepository(ImportJob), id, error, now);
  }

  retry(id: number): Promise<ImportJob> {
    this.readers.forget(id);
    return retryJob(this.dataSource.getRepository(ImportJob), id, "import");
  }

  async runBatch(id: number, leaseUntil: Date, now: Date): Promise<boolean> {
    const job = await this.find(id);
    if (!job || job.status !== ImportStatus.RUNNING) return false;
    try {
      return await this.runBatchOf(job, leaseUntil, now);
    } catch (error) {
      // The reader has moved past rows that did not commit: the next try reads them again.
      this.readers.forget(id);
      throw error;
    }
  }

  private async runBatchOf(job: ImportJob, leaseUntil: Date, now: Date): Promise<boolean> {
    const reader = await this.readers.at(job);
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
        const plan = await planBatch(manager, batch, reader.headers, mapping, seen, writeLock(this.dataSource));
        await (rowByRow ? this.writer.applyRowByRow(manager, plan, actor, now) : this.writer.apply(manager, plan, actor, now));
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
      this.readers.forget(job.id); // another runner moved on; read from where it stopped
      return true;
    }
    reader.seen = seen;
    reader.position += batch.length;
    if (finished) {
      this.readers.forget(job.id);
      fs.rmSync(job.filePath, { force: true });
    }
    return !finished;
  }
}
