/**
 * Issue 15, point 3: the CSV import under the same CSRF rule as /graphql, its errors (and
 * Express's) as JSON, unreadable lines rejected with their reason, encodings detected, and the
 * rejected rows' file defused.
 */
import { parse } from "csv-parse/sync";
import type { GraphQLClient } from "./support/graphql-client";
import { finishedImport, postImport, queueImport, withMapping } from "./support/imports";
import { startTestRoster, type TestRoster } from "./support/roster";

let roster: TestRoster;
let admin: GraphQLClient;

beforeAll(async () => {
  roster = await startTestRoster();
  admin = await roster.signIn();
});
afterAll(() => roster.stop());

const MAPPING = withMapping({ email: "email", name: "displayName" });

interface DryRun {
  rows: number;
  create: number;
  rejected: number;
  rejections: { line: number; reason: string }[];
}

async function dryRun(body: BodyInit, contentType = "text/csv"): Promise<{ status: number; body: DryRun }> {
  const response = await admin.fetch(`/import/users.csv?dryRun=true&${MAPPING}`, {
    method: "POST",
    headers: { "content-type": contentType },
    body,
  });
  return { status: response.status, body: (await response.json()) as DryRun };
}

describe("CSRF", () => {
  test("text/plain with the session cookie and a foreign Origin is refused; text/csv or the header passes", async () => {
    const csv = "email,name\ncsrf@example.com,Forged\n";
    const forged = await admin.fetch(`/import/users.csv?dryRun=true&${MAPPING}`, {
      method: "POST",
      headers: { "content-type": "text/plain", origin: "https://evil.example" },
      body: csv,
    });
    expect(forged.status).toBe(400);
    const refusal = (await forged.json()) as { code: string; message: string };
    expect(refusal.code).toBe("BAD_REQUEST");
    expect(refusal.message).toMatch(/cross-site/);

    const withHeader = await admin.fetch(`/import/users.csv?dryRun=true&${MAPPING}`, {
      method: "POST",
      headers: { "content-type": "text/plain", "x-roster-csrf": "1" },
      body: csv,
    });
    expect(withHeader.status).toBe(200);
    expect((await dryRun(csv)).status).toBe(200);
  });
});

describe("errors are JSON { code, message }", () => {
  test("a refusal of the import, an unknown route and a malformed mapping", async () => {
    for (const response of [
      await postImport(roster.anonymous(), "dryRun=true", "email\n"),
      await admin.fetch("/no/such/thing", { method: "POST", body: "x" }),
      await postImport(admin, "dryRun=true&mapping=%7Bnot", "email\n"),
      await admin.fetch("/assets/missing.js"),
    ]) {
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      const body = (await response.json()) as { code: unknown; message: unknown };
      expect(typeof body.code).toBe("string");
      expect(typeof body.message).toBe("string");
    }
  });
});

describe("lines that cannot be read", () => {
  test("a stray quote in an unquoted cell and a line with more cells than the header are rejected with their reasons", async () => {
    const csv =
      'email,name\nok@example.com,Fine\nbig@example.com,Jo "Big" Smith\nwide@example.com,Wide,extra\nlast@example.com,Last\n';
    const { status, body } = await dryRun(csv);
    expect(status).toBe(200);
    expect(body.create).toBe(2);
    expect(body.rejections).toEqual([
      { line: 3, reason: expect.stringMatching(/double quote/) },
      { line: 4, reason: expect.stringMatching(/3 cells; the header has 2/) },
    ]);
  });
});

describe("encodings", () => {
  const text = "email,name\nzoe@example.com,Zoë Müller\n";
  const bom = (bytes: number[], body: Buffer) => new Uint8Array(Buffer.concat([Buffer.from(bytes), body]));
  const utf16be = (value: string) => {
    const le = Buffer.from(value, "utf16le");
    for (let index = 0; index < le.length; index += 2) [le[index], le[index + 1]] = [le[index + 1], le[index]];
    return le;
  };

  test.each([
    ["UTF-8", new Uint8Array(Buffer.from(text, "utf8"))],
    ["UTF-8 with BOM", bom([0xef, 0xbb, 0xbf], Buffer.from(text, "utf8"))],
    ["UTF-16 LE", bom([0xff, 0xfe], Buffer.from(text, "utf16le"))],
    ["UTF-16 BE", bom([0xfe, 0xff], utf16be(text))],
    ["Windows-1252", new Uint8Array(Buffer.from(text, "latin1"))],
  ])("%s is read as such", async (_name, bytes) => {
    const { status, body } = await dryRun(bytes);
    expect(status).toBe(200);
    expect(body).toMatchObject({ rows: 1, create: 1, rejected: 0 });
  });

  test("the name is stored as written, from Windows-1252", async () => {
    const queued = await admin.fetch(`/import/users.csv?${MAPPING}`, {
      method: "POST",
      headers: { "content-type": "text/csv" },
      body: new Uint8Array(Buffer.from("email,name\ncp1252@example.com,Zoë Müller\n", "latin1")),
    });
    expect(queued.status).toBe(202);
    const { jobId } = (await queued.json()) as { jobId: string };
    expect((await finishedImport(admin, jobId)).created).toBe(1);
    const { users } = await admin.data<{ users: { nodes: { displayName: string }[] } }>(
      '{ users(first: 1, search: "cp1252@example.com") { nodes { displayName } } }',
    );
    expect(users.nodes[0].displayName).toBe("Zoë Müller");
  });

  test("UTF-16 without its byte-order mark is refused with a clear message", async () => {
    const { status, body } = await dryRun(new Uint8Array(Buffer.from(text, "utf16le")));
    expect(status).toBe(400);
    expect((body as unknown as { message: string }).message).toMatch(/encoding is not recognized/);
  });
});

test("rejected.csv is defused like an export", async () => {
  const jobId = await queueImport(admin, MAPPING, "email,name\n=HYPERLINK(1),@SUM(A1)\n");
  expect((await finishedImport(admin, jobId)).rejected).toBe(1);
  const response = await admin.fetch(`/import/jobs/${jobId}/rejected.csv`);
  const rows = parse(await response.text()) as string[][];
  expect(rows[1].slice(2)).toEqual(["'=HYPERLINK(1)", "'@SUM(A1)"]);
});
