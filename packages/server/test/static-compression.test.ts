/**
 * The built SPA over HTTP: hashed assets as the build precompressed them (brotli, else gzip) to
 * the browsers that accept them, the plain file to the others, and index.html never cached.
 */
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { startTestRoster, type TestRoster } from "./support/roster";

let roster: TestRoster;
const webDir = fs.mkdtempSync(path.join(os.tmpdir(), "roster-web-"));
// Big and repetitive enough that the encodings really differ from the plain bytes.
const script = Buffer.from(`export const rows = [${Array.from({ length: 400 }, (_, index) => `"row ${index}"`).join(",")}];\n`);
const styles = Buffer.from(`.row { color: red; }\n`.repeat(200));
const small = Buffer.from("console.log('small')");

/** What vite.config.ts's precompress plugin writes beside an asset. */
function writeAsset(name: string, content: Buffer, precompressed: boolean): void {
  const file = path.join(webDir, "assets", name);
  fs.writeFileSync(file, content);
  if (!precompressed) return;
  fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(content));
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync(content));
}

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A request whose body is kept as sent (fetch would decompress it on its own). */
function get(pathname: string, headers: Record<string, string> = {}, method = "GET"): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${roster.url}${pathname}`, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end();
  });
}

beforeAll(async () => {
  fs.mkdirSync(path.join(webDir, "assets"));
  fs.writeFileSync(
    path.join(webDir, "index.html"),
    '<!doctype html><title>Roster SPA</title><script src="/assets/app-1234.js"></script>',
  );
  writeAsset("app-1234.js", script, true);
  writeAsset("app-1234.css", styles, true);
  writeAsset("tiny-1234.js", small, false);
  roster = await startTestRoster({ webDir });
});
afterAll(async () => {
  await roster.stop();
  fs.rmSync(webDir, { recursive: true, force: true });
});

test("a browser that accepts brotli gets the brotli file, which decompresses to the asset", async () => {
  const response = await get("/assets/app-1234.js", { "Accept-Encoding": "gzip, deflate, br, zstd" });
  expect(response.status).toBe(200);
  expect(response.headers["content-encoding"]).toBe("br");
  expect(response.headers["content-type"]).toMatch(/^(text|application)\/javascript/);
  expect(response.headers.vary).toMatch(/accept-encoding/i);
  expect(response.headers["cache-control"]).toMatch(/max-age=31536000.*immutable/);
  expect(response.body.length).toBeLessThan(script.length / 2);
  expect(zlib.brotliDecompressSync(response.body).equals(script)).toBe(true);
});

test("a browser that accepts gzip only (or refuses brotli) gets the gzip file", async () => {
  for (const acceptEncoding of ["gzip", "br;q=0, gzip", "deflate, gzip;q=0.5"]) {
    const response = await get("/assets/app-1234.js", { "Accept-Encoding": acceptEncoding });
    expect(response.headers["content-encoding"]).toBe("gzip");
    expect(response.headers["content-type"]).toMatch(/javascript/);
    expect(zlib.gunzipSync(response.body).equals(script)).toBe(true);
  }
  const css = await get("/assets/app-1234.css", { "Accept-Encoding": "gzip" });
  expect(css.headers["content-type"]).toMatch(/^text\/css/);
  expect(zlib.gunzipSync(css.body).equals(styles)).toBe(true);
});

test("without Accept-Encoding (or with identity only) the plain file, still varying by encoding", async () => {
  const requests: Record<string, string>[] = [{}, { "Accept-Encoding": "identity" }, { "Accept-Encoding": "br;q=0, gzip;q=0" }];
  for (const headers of requests) {
    const response = await get("/assets/app-1234.js", headers);
    expect(response.status).toBe(200);
    expect(response.headers["content-encoding"]).toBeUndefined();
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(response.headers["cache-control"]).toMatch(/immutable/);
    expect(response.body.equals(script)).toBe(true);
  }
});

test("an asset the build left uncompressed is sent plain; a missing one is 404", async () => {
  const tiny = await get("/assets/tiny-1234.js", { "Accept-Encoding": "br, gzip" });
  expect(tiny.headers["content-encoding"]).toBeUndefined();
  expect(tiny.body.equals(small)).toBe(true);
  expect((await get("/assets/missing-1234.js", { "Accept-Encoding": "br" })).status).toBe(404);
  // Outside the assets folder: refused by the plain static files, never found beside an asset.
  expect([403, 404]).toContain((await get("/assets/..%2Findex.html", { "Accept-Encoding": "br" })).status);
});

test("HEAD announces the encoding without a body", async () => {
  const response = await get("/assets/app-1234.js", { "Accept-Encoding": "br" }, "HEAD");
  expect(response.status).toBe(200);
  expect(response.headers["content-encoding"]).toBe("br");
  expect(response.body.length).toBe(0);
});

test("index.html is revalidated on every load, at / and at client routes", async () => {
  for (const route of ["/", "/users", "/organizations/12"]) {
    const response = await get(route, { "Accept-Encoding": "br, gzip" });
    expect(response.status).toBe(200);
    expect(response.headers["cache-control"]).toBe("no-cache");
    expect(response.body.toString()).toContain("<title>Roster SPA</title>");
  }
});
