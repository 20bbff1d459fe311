// Vite builds the dashboard into web/dist, which the API server serves. `npm run dev -w web` serves it
// with hot reload and proxies /api to a running `npm start` (PROMPTMETRICS_API_URL to point elsewhere).
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const api = process.env["PROMPTMETRICS_API_URL"] ?? "http://127.0.0.1:3000";

// Tremor's single entry re-exports every component, charts included, and its package does not declare
// itself free of side effects, so without this a page importing only <Card> pulled all of recharts into
// the first load. These packages have no import-time side effects.
const SIDE_EFFECT_FREE = /node_modules\/(@tremor|recharts|d3-|victory-vendor|date-fns|react-day-picker)/;

export default defineConfig({
  plugins: [react()],
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
