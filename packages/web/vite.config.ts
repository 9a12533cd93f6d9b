import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// In development the SPA runs on its own port and forwards API calls to the server, so the
// session cookie stays same-origin exactly as in production, where the server serves
// the built SPA itself.
const apiServer = "http://localhost:4000";

export default defineConfig({
  plugins: [react()],
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
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      "/graphql": apiServer,
      "/healthz": apiServer,
      "/readyz": apiServer,
    },
  },
});
