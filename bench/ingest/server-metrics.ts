// Reads the ingest's own counters from its GET /metrics (Prometheus text): how many inserts its writer
// made and how long they took, so the ceiling can use the same insert size. The endpoint exists only
// with PROMPTMETRICS_METRICS_TOKEN set and takes that token as a bearer token.

export interface WriterFigures {
  spansAccepted: number;
  spansDuplicate: number;
  inserts: number;
  insertMsSum: number;
  insertFailures: number;
}

export async function readWriterFigures(otlpUrl: string, metricsToken: string): Promise<WriterFigures> {
  const response = await fetch(new URL("/metrics", otlpUrl), { headers: { Authorization: `Bearer ${metricsToken}` } });
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
  const text = await response.text();
  const value = (name: string) => {
    const match = new RegExp(`^${name} (\\S+)$`, "m").exec(text);
    if (!match) throw new Error(`GET /metrics has no ${name}`);
    return Number(match[1]);
  };
  return {
    spansAccepted: value("promptmetrics_ingest_spans_accepted_total"),
    spansDuplicate: value("promptmetrics_ingest_spans_duplicate_total"),
    inserts: value("promptmetrics_ingest_insert_duration_ms_count"),
    insertMsSum: value("promptmetrics_ingest_insert_duration_ms_sum"),
    insertFailures: value("promptmetrics_ingest_insert_failures_total"),
  };
}
