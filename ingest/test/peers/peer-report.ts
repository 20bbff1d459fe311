// What the parent test and a peer driver process share: the scenario names, the environment that tells
// the driver where the mock and the ingest are, and the report the driver prints when it is done.

/** One instrumentation driving one SDK call; each runs in its own process (see peer-driver.ts). */
export type PeerScenario =
  | "traceloop-openai-chat"
  | "openinference-openai-chat"
  | "openinference-openai-responses-stream"
  | "openinference-openai-embeddings"
  | "traceloop-anthropic-messages-with-sdk-spans"
  | "traceloop-anthropic-messages-stream"
  | "traceloop-anthropic-messages-stream-with-sdk-spans"
  | "traceloop-anthropic-messages-with-sdk-spans-simple-processor";

export const PEER_ENV = {
  mockUrl: "PM_PEER_MOCK_URL",
  ingestUrl: "PM_PEER_INGEST_URL",
  ingestKey: "PM_PEER_INGEST_KEY",
} as const;

/** The service.name resource attribute every driver sets. */
export const PEER_SERVICE_NAME = "peer-e2e";

export interface ReportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  scope: string;
  name: string;
}

/** One OTLP request the exporter sent, and whether the ingest acknowledged it. */
export interface ReportedExport {
  spanIds: string[];
  ok: boolean;
  error: string | null;
}

export interface PeerReport {
  scenario: PeerScenario;
  /** Every span the SDK ended, in the order they ended. */
  spans: ReportedSpan[];
  exports: ReportedExport[];
  /** The response model and usage as the SDK handed them to the application. */
  response: { model: string; usage: unknown };
}
