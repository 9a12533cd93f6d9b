/**
 * Reading an import's CSV upload: as a stream (csv-parse), never held whole in memory, its size
 * capped on the way to disk; and a job's file kept open between its batches, so that each row is
 * parsed once, then read again from the last committed row when a batch did not commit.
 */
import fs from "node:fs";
import { pipeline } from "node:stream/promises";
import { pipeline as pipe, Readable } from "node:stream";
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
  /** Why the line cannot be read as CSV (a stray quote, say): it is rejected with this reason. */
  problem?: string;
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

/** Bytes looked at before the encoding is decided (more than any header row). */
const SNIFF_BYTES = 64 * 1024;

const encodingProblem = (message: string) => new DomainError(ErrorCode.BadUserInput, message, { argument: "file" });

/**
 * The text of an upload, its encoding detected from its first bytes: UTF-8 (with or without a
 * byte-order mark), UTF-16 LE or BE by their byte-order mark, else Windows-1252 when those bytes
 * are not valid UTF-8 (Excel's "CSV" on Western Windows). A file that turns out not to be UTF-8
 * past its beginning, or that has NUL bytes without a UTF-16 mark, is refused with a message
 * saying how to save it.
 */
export async function* decodedText(input: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const iterator = input[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headLength = 0;
  let done = false;
  while (headLength < SNIFF_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = typeof next.value === "string" ? Buffer.from(next.value) : next.value;
    head.push(chunk);
    headLength += chunk.length;
  }
  const start = Buffer.concat(head);
  let encoding: "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";
  if (start[0] === 0xff && start[1] === 0xfe) encoding = "utf-16le";
  else if (start[0] === 0xfe && start[1] === 0xff) encoding = "utf-16be";
  else {
    if (start.includes(0)) {
      throw encodingProblem(
        "The file's encoding is not recognized (it contains NUL bytes): save it as CSV UTF-8, or as Unicode text with its byte-order mark.",
      );
    }
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(start, { stream: true });
      encoding = "utf-8";
    } catch {
      encoding = "windows-1252";
    }
  }
  // The BOM is dropped by the decoder (ignoreBOM is false).
  const decoder = new TextDecoder(encoding, { fatal: encoding === "utf-8" });
  let offset = 0;
  const decode = (chunk: Buffer, stream: boolean): string => {
    try {
      return decoder.decode(chunk, { stream });
    } catch {
      throw encodingProblem(
        `The file is not valid UTF-8 after its first ${offset} bytes (it mixes encodings): save it again as CSV UTF-8.`,
      );
    }
  };
  const first = decode(start, !done);
  offset += start.length;
  if (first) yield first;
  while (!done) {
    const next = await iterator.next();
    if (next.done) break;
    const chunk = typeof next.value === "string" ? Buffer.from(next.value) : next.value;
    const text = decode(chunk, true);
    offset += chunk.length;
    if (text) yield text;
  }
  const rest = decode(Buffer.alloc(0), false);
  if (rest) yield rest;
}

/** csv-parse's reason for a line it cannot read, in words for the person who wrote the file. */
function csvProblem(error: { code?: string; message: string }): string {
  if (error.code === "INVALID_OPENING_QUOTE" || error.code === "INVALID_CLOSING_QUOTE") {
    return 'A double quote inside a cell that is not quoted: put the whole cell in double quotes and double the quotes inside it ("Jo ""Big"" Smith").';
  }
  return `This line cannot be read as CSV: ${error.message}`;
}

/**
 * The records of a CSV stream, the header first, with their line numbers and bytes read. A line
 * csv-parse cannot read (a stray quote in an unquoted cell) comes as a record with its
 * `problem`, in its place among the others, so it is rejected like any invalid row.
 */
export async function* recordsOf(input: Readable): AsyncGenerator<CsvRecord> {
  const skipped: CsvRecord[] = [];
  let unclosed: Error | undefined;
  const parser = parse({
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      if (!error) return;
      // A quote never closed swallows the rest of the file: the file is refused, not a line.
      if (error.code === "CSV_QUOTE_NOT_CLOSED") {
        unclosed = error;
        return;
      }
      const line = (error as { lines?: number }).lines ?? 0;
      // One line can fail more than once (each stray quote); it is one rejection.
      if (skipped.some((record) => record.line === line)) return;
      skipped.push({ line, raw: [], bytes: 0, problem: csvProblem(error) });
    },
  });
  // An encoding refusal (or the upload's own failure) ends the parser with that error.
  pipe(Readable.from(decodedText(input)), parser, () => undefined);
  const pending = function* (before: number, bytes: number): Generator<CsvRecord> {
    while (skipped.length > 0 && skipped[0].line < before) yield { ...skipped.shift()!, bytes };
  };
  let bytes = 0;
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: Info }>) {
    yield* pending(info.lines, bytes);
    bytes = info.bytes;
    yield { line: info.lines, raw: record, bytes: info.bytes };
  }
  if (unclosed) throw unclosed;
  yield* pending(Number.POSITIVE_INFINITY, bytes);
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
  if (header.value.problem) {
    throw new DomainError(ErrorCode.BadUserInput, `The header row cannot be read: ${header.value.problem}`, { argument: "file" });
  }
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
  // The whole file in one encoding, now rather than half-way through its import job.
  for await (const text of decodedText(fs.createReadStream(filePath))) void text;
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
      const row = readRow(record.line, record.raw, headers, mapping, record.problem);
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
