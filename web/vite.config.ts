// Vite builds the dashboard into web/dist, which the API server serves. `npm run dev -w web` serves it
// with hot reload and proxies /api to a running `npm start` (PROMPTMETRICS_API_URL to point elsewhere).
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { build, defineConfig, type Plugin } from "vite";

const api = process.env["PROMPTMETRICS_API_URL"] ?? "http://127.0.0.1:3000";

// Tremor's single entry re-exports every component, charts included, and its package does not declare
// itself free of side effects, so without this a page importing only <Card> pulled all of recharts into
// the first load. These packages have no import-time side effects.
const SIDE_EFFECT_FREE = /node_modules\/(@tremor|recharts|d3-|victory-vendor|date-fns|react-day-picker)/;

const FIRST_READS = fileURLToPath(new URL("src/first-reads-inline.ts", import.meta.url));

/**
 * Puts src/first-reads-inline.ts, built on its own, into index.html as an inline script (allowed by the
 * server's CSP by its hash), so the overview's reads leave while the browser still loads the JavaScript
 * instead of after it ran: about 150 ms earlier on a cold load. Build only: in dev main.tsx sends them.
 */
function inlineFirstReads(): Plugin {
  return {
    name: "promptmetrics-inline-first-reads",
    apply: "build",
    async transformIndexHtml() {
      const built = await build({
        configFile: false,
        logLevel: "warn",
        publicDir: false,
        build: { write: false, minify: true, lib: { entry: FIRST_READS, formats: ["iife"], name: "pmFirstReads" } },
      });
      const [output] = (Array.isArray(built) ? built : [built]) as { output: { type: string; code?: string }[] }[];
      const code = output?.output.find((file) => file.type === "chunk")?.code?.trim();
      if (!code || /<\/script/i.test(code)) throw new Error("first-reads-inline.ts did not build to an inline script");
      return [{ tag: "script", children: code, injectTo: "head-prepend" }];
    },
  };
}

export default defineConfig({
  plugins: [react(), inlineFirstReads()],
  server: { port: 5173, proxy: { "/api": { target: api, changeOrigin: false } } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    reportCompressedSize: true,
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      treeshake: { moduleSideEffects: (id) => !SIDE_EFFECT_FREE.test(id) },
      // No manualChunks: a manual "charts" chunk also swallowed react (a dependency of recharts), which
      // made the first page load it. Rollup puts recharts in a chunk shared by the pages that draw charts.
    },
  },
});
