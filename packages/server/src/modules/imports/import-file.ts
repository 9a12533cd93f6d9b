/**
 * Reading an import's CSV upload: as a stream (csv-parse), never held whole in memory, its size
 * capped on the way to disk; and a job's file kept open between its batches, so that each row is
 * parsed once, then read again from the last committed row when a batch did not commit.
 */
import fs from "node:fs";
import { pipeline } from "node:stream/promises";
import type { Readable } from "node:stream";
import { parse, type Info } from "csv-parse";
import { DomainError, ErrorCode } from "../../common/errors";
import type { ImportJob } from "./import-job.entity";
import type { ImportMapping } from "./import-mapping";
import { isRejection, readRow } from "./import-rows";

/** Larger uploads are refused (HTTP 413) rather than filling the disk. */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

export class UploadTooLargeError extends DomainError {
  constructor() {
    super(ErrorCode.BadUserInput, `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`, { argument: "file" });
  }
}

/** One CSV record with its line number and the bytes read up to its end. */
export interface CsvRecord {
  line: number;
  raw: string[];
  bytes: number;
}

/** An open reading of a job's file, kept between batches so each row is parsed once. */
export interface Reader {
  headers: string[];
  records: AsyncIterator<CsvRecord>;
  /** Data rows consumed so far. */
  position: number;
  /** Emails seen so far, for duplicates within the file. */
  seen: Map<string, number>;
}

/** The records of a CSV stream, the header first, with their line numbers and bytes read. */
export async function* recordsOf(input: Readable): AsyncGenerator<CsvRecord> {
  const parser = input.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true }));
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: Info }>) {
    yield { line: info.lines, raw: record, bytes: info.bytes };
  }
}

export async function take(records: AsyncIterator<CsvRecord>, count: number): Promise<CsvRecord[]> {
  const batch: CsvRecord[] = [];
  while (batch.length < count) {
    const next = await records.next();
    if (next.done) break;
    batch.push(next.value);
  }
  return batch;
}

/** The header row of an upload, which an import cannot do without. */
export async function headerOf(records: AsyncIterator<CsvRecord>): Promise<string[]> {
  const header = await records.next();
  if (header.done)
    throw new DomainError(ErrorCode.BadUserInput, "The file is empty: it needs a header row.", { argument: "file" });
  return header.value.raw;
}

/** Copies an upload to `filePath`, refusing it past MAX_UPLOAD_BYTES; its size in bytes. */
export async function keepUpload(input: Readable, filePath: string): Promise<number> {
  let bytes = 0;
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
  return bytes;
}

/**
 * The open readings of the jobs this process runs, by job id. Only a cache: after a restart, or
 * once `forget` drops one, `at` reads the file again up to where the committed batches stopped.
 */
export class ImportFileReaders {
  private readonly readers = new Map<number, Reader>();

  /** The job's file, read up to where the committed batches stopped. */
  async at(job: ImportJob): Promise<Reader> {
    const cached = this.readers.get(job.id);
    if (cached && cached.position === job.processedRows) return cached;
    const records = recordsOf(fs.createReadStream(job.filePath));
    const header = await records.next();
    if (header.done) throw new Error("the uploaded file has no header row");
    const headers = header.value.raw;
    const mapping = JSON.parse(job.mapping) as ImportMapping;
    const seen = new Map<string, number>();
    // After a restart: skip what committed batches handled, remembering the emails of the rows
    // they took, by the very check the planner applied (a row it rejected claimed no email).
    for (const record of await take(records, job.processedRows)) {
      const row = readRow(record.line, record.raw, headers, mapping);
      if (!isRejection(row) && !seen.has(row.email)) seen.set(row.email, row.line);
    }
    const reader: Reader = { headers, records, position: job.processedRows, seen };
    this.readers.set(job.id, reader);
    return reader;
  }

  /** For a job that ended, or whose reading may be past rows that did not commit. */
  forget(jobId: number): void {
    this.readers.delete(jobId);
  }
}
