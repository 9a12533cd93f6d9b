import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import zlib from "node:zlib";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";
import { SERVER_PATHS } from "../server/src/http/server-paths";

// In development the SPA runs on its own port and forwards API calls to the server, so the
// session cookie stays same-origin exactly as in production, where the server serves
// the built SPA itself.
const apiServer = `http://localhost:${process.env.PORT ?? 4000}`;

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

// Smaller than this, compression saves less than the headers that announce it.
const MIN_COMPRESSED_SIZE = 1024;

/**
 * Writes `name.br` and `name.gz` beside each built asset, at the best levels, once: the server
 * sends them as they are to browsers that accept them (packages/server/src/http/app.ts), so no
 * request pays for compression.
 */
function precompress(): Plugin {
  return {
    name: "roster:precompress",
    apply: "build",
    async writeBundle(options, bundle) {
      const outDir = options.dir ?? "dist";
      const assets = Object.keys(bundle).filter((file) => file.startsWith("assets/") && /\.(js|css|svg|json)$/.test(file));
      await Promise.all(
        assets.map(async (file) => {
          const source = await fs.promises.readFile(path.join(outDir, file));
          if (source.length < MIN_COMPRESSED_SIZE) return;
          const [br, gz] = await Promise.all([
            brotli(source, {
              params: {
                [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
                [zlib.constants.BROTLI_PARAM_SIZE_HINT]: source.length,
              },
            }),
            gzip(source, { level: zlib.constants.Z_BEST_COMPRESSION }),
          ]);
          await Promise.all([
            fs.promises.writeFile(path.join(outDir, `${file}.br`), br),
            fs.promises.writeFile(path.join(outDir, `${file}.gz`), gz),
          ]);
        }),
      );
    },
  };
}

export default defineConfig({
  plugins: [react(), precompress()],
  // The shared packages from their TypeScript sources: the editor checks queries (and the forms
  // values) with exactly the code the server runs, without a build step in between.
  resolve: {
    alias: {
      "@roster/person": fileURLToPath(new URL("../person/src/index.ts", import.meta.url)),
      "@roster/segments": fileURLToPath(new URL("../segments/src/index.ts", import.meta.url)),
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // The libraries every page stands on, in one file rather than dozens of small shared
        // chunks: each file is a request before the first row shows (measured: pnpm bench:web).
        codeSplitting: {
          groups: [
            {
              name: "framework",
              test: /node_modules[\\/](react|react-dom|scheduler|react-router|@apollo|graphql|rxjs|@wry|optimism)[\\/]/,
            },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    // Every path the server answers (the API, health, metrics, account pages, CSV import and
    // export): one list with the server's own SPA fallback. A key starting with ^ is a pattern.
    proxy: Object.fromEntries(SERVER_PATHS.map((prefix) => [prefix.endsWith("/") ? `^${prefix}` : prefix, apiServer])),
  },
});
