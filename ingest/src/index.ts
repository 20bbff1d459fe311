// Public surface of @promptmetrics/ingest.
export { createIngestServer, type IngestServerOptions } from "./server/ingest-server.ts";
