/**
 * The SPA's first load stays small: the JavaScript a browser must fetch before the Users list can
 * show (the entry script and every chunk index.html preloads), gzipped, within the budget.
 * Everything else (other pages, the segment editor, password dictionaries) loads on demand.
 */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { webDir } from "./browser";

const BUDGET_BYTES = 250 * 1024;

/** The scripts index.html makes the browser load at once: its module entry and modulepreload links. */
function initialScripts(html: string): string[] {
  const tags = html.match(/<(script|link)\b[^>]*>/g) ?? [];
  return tags.flatMap((tag) => {
    const entry = /^<script\b/.test(tag) && /\btype="module"/.test(tag) ? /\bsrc="([^"]+)"/.exec(tag) : null;
    const preload = /^<link\b/.test(tag) && /\brel="modulepreload"/.test(tag) ? /\bhref="([^"]+)"/.exec(tag) : null;
    const match = entry ?? preload;
    return match ? [match[1]] : [];
  });
}

test(`the initial JavaScript is at most ${BUDGET_BYTES / 1024} KB gzipped`, () => {
  const indexFile = path.join(webDir, "index.html");
  if (!fs.existsSync(indexFile)) throw new Error(`No SPA build at ${webDir}: run \`pnpm --filter @roster/web build\`.`);
  const scripts = initialScripts(fs.readFileSync(indexFile, "utf8"));
  expect(scripts.length).toBeGreaterThan(0);

  const sizes = scripts.map((script) => {
    const file = path.join(webDir, script.replace(/^\//, ""));
    return { script, gzipped: zlib.gzipSync(fs.readFileSync(file), { level: zlib.constants.Z_BEST_COMPRESSION }).length };
  });
  const total = sizes.reduce((sum, { gzipped }) => sum + gzipped, 0);
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const largest = [...sizes]
    .sort((a, b) => b.gzipped - a.gzipped)
    .slice(0, 5)
    .map(({ script, gzipped }) => `${script} ${kb(gzipped)}`);
  if (total > BUDGET_BYTES) {
    throw new Error(
      `The initial JavaScript is ${kb(total)} gzipped (${total} bytes, ${scripts.length} files), over the ` +
        `${kb(BUDGET_BYTES)} budget of ${webDir}. Largest: ${largest.join(", ")}.`,
    );
  }
});
