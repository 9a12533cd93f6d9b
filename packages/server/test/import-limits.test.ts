/**
 * CSV imports within the columns' widths (issue 11): a cell wider than the column it fills
 * rejects its row with a reason naming the column, and the rest of the file imports, in a dry
 * run as for real; a header row whose mapping the import_jobs.mapping column could not hold
 * (too many columns, too long a header) is refused with BAD_USER_INPUT before anything is kept.
 */
import { parse } from "csv-parse/sync";
import { TEXT_BYTES, WIDTH } from "../src/common/widths";
import { ImportJob } from "../src/modules/imports/import-job.entity";
import { MAPPING_MAX_BYTES, MAX_HEADER_CHARS, MAX_IMPORT_COLUMNS } from "../src/modules/imports/import-mapping";
import { User } from "../src/modules/users/user.entity";
import type { GraphQLClient } from "./support/graphql-client";
import { finishedImport, postImport, queueImport } from "./support/imports";
import { startTestRoster, type TestRoster } from "./support/roster";

let roster: TestRoster;
let admin: GraphQLClient;

beforeAll(async () => {
  roster = await startTestRoster();
  admin = await roster.signIn();
});
afterAll(() => roster.stop());

const post = (query: string, body: string) => postImport(admin, query, body);
const runImport = async (query: string, body: string) => finishedImport(admin, await queueImport(admin, query, body));

// A real language tag (Japanese, Japanese calendar, financial numerals) of 30 characters.
const WIDE_LOCALE = "ja-JP-u-ca-japanese-nu-jpanfin";

test("a cell wider than its column rejects its row, naming the column; the other rows import, as the dry run said", async () => {
  expect(WIDE_LOCALE).toHaveLength(30);
  const file = [
    "Email,Name,Language,Phone,Plan",
    "first.limit@example.com,First,fr-FR,,gold", // 2: created
    `wide.locale@example.com,Wide Locale,${WIDE_LOCALE},,`, // 3: rejected
    `wide.phone@example.com,Wide Phone,,${"5".repeat(WIDTH.user.phone + 1)},`, // 4: rejected
    `wide.plan@example.com,Wide Plan,,,${"p".repeat(WIDTH.attribute.value + 1)}`, // 5: rejected
    `full.width@example.com,${"n".repeat(WIDTH.user.displayName)},de-DE,${"5".repeat(WIDTH.user.phone)},${"p".repeat(WIDTH.attribute.value)}`, // 6: created
  ].join("\n");
  const mapping = encodeURIComponent(
    JSON.stringify({ Email: "email", Name: "displayName", Language: "locale", Phone: "phone", Plan: "attr.plan" }),
  );
  const expected = [
    [3, `locale (column "Language") must be at most ${WIDTH.user.locale} characters; this one has 30.`],
    [4, `phone (column "Phone") must be at most ${WIDTH.user.phone} characters; this one has ${WIDTH.user.phone + 1}.`],
    [
      5,
      `attr.plan (column "Plan") must be at most ${WIDTH.attribute.value} characters; this one has ${WIDTH.attribute.value + 1}.`,
    ],
  ];

  const dryRun = await post(`dryRun=true&mapping=${mapping}`, file);
  expect(dryRun.status).toBe(200);
  const report = (await dryRun.json()) as {
    rows: number;
    create: number;
    rejected: number;
    rejections: { line: number; reason: string }[];
  };
  expect(report).toMatchObject({ rows: 5, create: 2, rejected: 3 });
  expect(report.rejections.map(({ line, reason }) => [line, reason])).toEqual(expected);

  const job = await runImport(`mapping=${mapping}`, file);
  expect(job).toMatchObject({ status: "DONE", processedRows: 5, created: 2, updated: 0, unchanged: 0, rejected: 3 });
  expect(job.rejections.nodes.map(({ line, reason }) => [line, reason])).toEqual(expected);
  const users = roster.dataSource.getRepository(User);
  expect(await users.findOneByOrFail({ email: "first.limit@example.com" })).toMatchObject({ locale: "fr-FR" });
  expect(await users.findOneByOrFail({ email: "full.width@example.com" })).toMatchObject({
    displayName: "n".repeat(WIDTH.user.displayName),
    phone: "5".repeat(WIDTH.user.phone),
  });
  expect(await users.countBy({ email: "wide.locale@example.com" })).toBe(0);
});

test("a rejected row with a 5 MB cell is kept as evidence cut to its column; the import carries on", async () => {
  const big = "b".repeat(5 * 1024 * 1024);
  const file = `email,name\nhuge.cell@example.com,${big}\nafter.huge@example.com,After\n`;
  const job = await runImport("", file);
  expect(job).toMatchObject({ status: "DONE", processedRows: 2, created: 1, rejected: 1 });
  expect(job.rejections.nodes).toEqual([
    {
      line: 2,
      reason: `displayName (column "name") must be at most ${WIDTH.user.displayName} characters; this one has ${big.length}.`,
    },
  ]);
  const { importJobs } = await admin.data<{ importJobs: { id: string }[] }>("{ importJobs(first: 1) { id } }");
  const download = await admin.fetch(`/import/jobs/${importJobs[0].id}/rejected.csv`);
  expect(download.status).toBe(200);
  const [, row] = parse(await download.text()) as string[][];
  expect(row.slice(0, 3)).toEqual(["2", job.rejections.nodes[0].reason, "huge.cell@example.com"]);
  // The cell as stored: cut, within the text column, marked as cut.
  expect(row[3]).toMatch(/^b+…$/);
  expect(Buffer.byteLength(JSON.stringify(row.slice(2)))).toBeLessThanOrEqual(TEXT_BYTES);
});

describe("a header row the stored mapping could not hold is refused before anything is kept", () => {
  const email = "email@example.com";
  const wide = ["email", ...Array.from({ length: 4_999 }, (_, index) => `column ${index + 1}`)];
  const longHeader = ["email", "x".repeat(MAX_HEADER_CHARS + 1)];
  const tooMany = ["email", ...Array.from({ length: MAX_IMPORT_COLUMNS }, (_, index) => `c${index}`)];

  test.each([
    ["5,000 columns", wide, /5000 columns; an import takes at most 128/],
    [`${MAX_IMPORT_COLUMNS + 1} columns`, tooMany, /129 columns/],
    [
      `a header of ${MAX_HEADER_CHARS + 1} characters`,
      longHeader,
      /header of column 2 .* is 65 characters long; headers are at most 64/,
    ],
  ])("%s: BAD_USER_INPUT (HTTP 400) in a dry run and for real", async (_case, headers, message) => {
    const file = `${headers.join(",")}\n${email}${",".repeat(headers.length - 1)}\n`;
    const jobs = await roster.dataSource.getRepository(ImportJob).count();
    for (const query of ["dryRun=true", "", `mapping=${encodeURIComponent(JSON.stringify({ email: "email" }))}`]) {
      const response = await post(query, file);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
      expect(body.errors[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "file" });
      expect(body.errors[0].message).toMatch(message);
    }
    expect(await roster.dataSource.getRepository(ImportJob).count()).toBe(jobs);
  });

  test(`the largest mapping (${MAX_IMPORT_COLUMNS} columns, headers of ${MAX_HEADER_CHARS} characters JSON escapes 6 bytes each, attribute fields) fits its text column`, () => {
    expect(MAPPING_MAX_BYTES).toBeLessThanOrEqual(TEXT_BYTES);
    const worst = Object.fromEntries(
      Array.from({ length: MAX_IMPORT_COLUMNS }, (_, index) => [
        `${String(index).padStart(3, "0")}${"\u0001".repeat(MAX_HEADER_CHARS - 3)}`,
        `attr.a${String(index).padStart(3, "0")}`.padEnd(5 + WIDTH.attribute.name, "a"),
      ]),
    );
    expect(Buffer.byteLength(JSON.stringify(worst))).toBeLessThanOrEqual(MAPPING_MAX_BYTES);
  });

  test(`a file of ${MAX_IMPORT_COLUMNS} columns with ${MAX_HEADER_CHARS}-character headers imports, its mapping stored whole`, async () => {
    const headers = [
      "email",
      ...Array.from(
        { length: MAX_IMPORT_COLUMNS - 1 },
        (_, index) => `${"\u0001".repeat(MAX_HEADER_CHARS - 3)}${String(index).padStart(3, "0")}`,
      ),
    ];
    const file = `${headers.join(",")}\nwidest.mapping@example.com${",".repeat(headers.length - 1)}\n`;
    const job = await runImport("", file);
    expect(job).toMatchObject({ status: "DONE", created: 1, rejected: 0 });
    const stored = await roster.dataSource.getRepository(ImportJob).find({ order: { id: "DESC" }, take: 1 });
    expect(Object.keys(JSON.parse(stored[0].mapping) as Record<string, string>)).toEqual(headers);
  });
});
