// Vite builds the dashboard into web/dist, which the API server serves. `npm run dev -w web` serves it
// with hot reload and proxies /api to a running `npm start` (PROMPTMETRICS_API_URL to point elsewhere).
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const api = process.env["PROMPTMETRICS_API_URL"] ?? "http://127.0.0.1:3000";

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
      output: {
        // Charts (recharts via Tremor) are the heaviest dependency: one shared chunk, cached across pages.
        manualChunks: (id) => (id.includes("node_modules/recharts") || id.includes("node_modules/d3-") ? "charts" : undefined),
      },
    },
  },
});
