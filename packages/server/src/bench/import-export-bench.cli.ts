/**
 * `pnpm bench:import-export [--rows N] [--export-users N] [--database mariadb|sqlite|both]`:
 * imports a generated CSV of N people (100,000 by default, 1% of rows bad) through the real
 * HTTP endpoint and job runner, imports it again (nothing may change), then exports everyone
 * (topped up with generated people to --export-users) as CSV, reporting rows per second and
 * the server's peak memory above its resting size, which must not grow with the export.
 */
import "reflect-metadata";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { parseArgs } from "node:util";
import { querySql } from "../database/sql";
import { seedPeople } from "../seed/seed-generator";
import { startRoster, type RunningRoster } from "../server";
import { BENCH_ADMIN, scratchDatabase, signIn } from "./scratch-database";

const TIME_ZONES = ["Europe/Paris", "America/New_York", "Asia/Tokyo", "UTC"];

function writeCsv(file: string, rows: number): void {
  const out = fs.openSync(file, "w");
  fs.writeSync(out, "Email,Full name,Company,Phone,Time zone,plan\n");
  let chunk = "";
  for (let index = 0; index < rows; index += 1) {
    const email = index % 100 === 99 ? `not-an-email-${index}` : `person${index}@import.example`;
    chunk += `${email},"Person ${index}, Imported",Company ${index % 20},+1 555 ${String(index).padStart(7, "0")},${TIME_ZONES[index % 4]},${index % 3 ? "pro" : "free"}\n`;
    if (chunk.length > 1 << 20) {
      fs.writeSync(out, chunk);
      chunk = "";
    }
  }
  fs.writeSync(out, chunk);
  fs.closeSync(out);
}

interface ImportFigures {
  status: string;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

async function importFile(url: string, cookie: string, file: string): Promise<ImportFigures & { seconds: number }> {
  const started = performance.now();
  const upload = await fetch(`${url}/import/users.csv?fileName=bench.csv`, {
    method: "POST",
    headers: { "content-type": "text/csv", cookie },
    body: Readable.toWeb(fs.createReadStream(file)) as ReadableStream,
    duplex: "half",
  } as RequestInit);
  if (upload.status !== 202) throw new Error(`import refused: ${upload.status} ${await upload.text()}`);
  const { jobId } = (await upload.json()) as { jobId: string };
  for (;;) {
    const response = await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({
        query: "query ($id: ID!) { importJob(id: $id) { status created updated unchanged rejected error } }",
        variables: { id: jobId },
      }),
    });
    const { data } = (await response.json()) as { data: { importJob: ImportFigures & { error: string | null } } };
    if (data.importJob.status === "FAILED") throw new Error(`import failed: ${data.importJob.error}`);
    if (data.importJob.status === "DONE") return { ...data.importJob, seconds: (performance.now() - started) / 1000 };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function exportAll(url: string, cookie: string): Promise<{ rows: number; seconds: number; peakMiB: number }> {
  const resting = process.memoryUsage().rss;
  let peak = resting;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const started = performance.now();
  const response = await fetch(`${url}/export/users.csv?columns=id,displayName,email,state,organization,createdAt`, {
    headers: { cookie },
  });
  if (!response.ok || !response.body) throw new Error(`export refused: ${response.status}`);
  let rows = -1; // the header line
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    for (const byte of chunk) if (byte === 10) rows += 1;
  }
  clearInterval(sampler);
  return { rows, seconds: (performance.now() - started) / 1000, peakMiB: Math.round((peak - resting) / 1024 / 1024) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: "string", default: "100000" },
      "export-users": { type: "string", default: "100000" },
      database: { type: "string", default: "both" },
    },
  });
  const rows = Number(values.rows);
  const exportUsers = Number(values["export-users"]);
  const databases = values.database === "both" ? ["mariadb", "sqlite"] : [values.database!];
  const file = path.join(os.tmpdir(), `roster-import-bench-${rows}.csv`);
  writeCsv(file, rows);
  console.log(`${rows.toLocaleString("en")} rows, ${(fs.statSync(file).size / 1024 / 1024).toFixed(1)} MB`);

  for (const database of databases) {
    const scratch = await scratchDatabase(database, {
      ROSTER_ADMIN_EMAIL: BENCH_ADMIN.email,
      ROSTER_ADMIN_PASSWORD: BENCH_ADMIN.password,
      PORT: "0",
      ROSTER_RATE_LIMIT_PER_MINUTE: "1000000",
    });
    await querySql(
      scratch.dataSource,
      `INSERT INTO organizations (name, version, createdAt, updatedAt) VALUES ${Array.from({ length: 20 }, (_, index) => `('Company ${index}', 1, :now, :now)`).join(", ")}`,
      { now: new Date() },
    );
    await scratch.dataSource.destroy();
    let roster: RunningRoster | undefined;
    try {
      roster = await startRoster(scratch.config);
      const cookie = await signIn(roster.url);
      const first = await importFile(roster.url, cookie, file);
      const again = await importFile(roster.url, cookie, file);
      const present = rows - first.rejected + 1;
      if (exportUsers > present) await seedPeople(roster.dataSource, { users: exportUsers - present, seed: 3 });
      const exported = await exportAll(roster.url, cookie);
      console.log(`\n${database}`);
      console.table({
        "first import": { ...first, seconds: Number(first.seconds.toFixed(1)), "rows/s": Math.round(rows / first.seconds) },
        "same file again": { ...again, seconds: Number(again.seconds.toFixed(1)), "rows/s": Math.round(rows / again.seconds) },
      });
      console.table({
        export: {
          rows: exported.rows,
          seconds: Number(exported.seconds.toFixed(1)),
          "rows/s": Math.round(exported.rows / exported.seconds),
          "peak MiB above rest": exported.peakMiB,
        },
      });
    } finally {
      await roster?.stop();
      await scratch.dispose();
    }
  }
  fs.rmSync(file, { force: true });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
