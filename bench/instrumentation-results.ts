// What one child of the instrumentation benchmark reports, and the summary of a variant's runs: time per call
// as the median over blocks, latency percentiles over all calls, allocations per call, the spans it made.

export type Transport = "memory" | "http";
export type Mode = "plain" | "streamed";

/** A run of calls of one kind, timed as a whole. */
export interface BlockResult {
  calls: number;
  /** Wall time of the block, including the final flush of the batch span processor. */
  wallMs: number;
  /** CPU time of the process over the same stretch, every thread (GC helpers included). */
  cpuMs: number;
  /** V8 heap bytes allocated over the same stretch. */
  allocatedBytes: number;
  collections: number;
}

/** All the calls of one kind (transport × mode) that one child made, in blocks. */
export interface PhaseResult {
  transport: Transport;
  mode: Mode;
  calls: number;
  blocks: BlockResult[];
  /** Each call's latency in microseconds, from `create` to the parsed body or the last chunk read. */
  latenciesUs: number[];
  spansEnded: number;
  spansWithUsage: number;
}

export interface ChildResult {
  variant: string;
  version: string;
  node: string;
  /** CPU seconds the child used, all threads. */
  cpuSeconds: number;
  phases: PhaseResult[];
  /** Spans the exporter serialized over the child's life (warm-up included) and their OTLP protobuf bytes. */
  exported: { spans: number; bytes: number };
}

export interface PhaseSummary {
  runs: number;
  calls: number;
  /** Wall time per call (span export and GC included): the median over all blocks of all runs. */
  meanUs: number;
  /** CPU time per call, the median over all blocks: what the process paid, whether or not another process ran. */
  cpuUs: number;
  /** The lowest and highest of the runs' own medians: how much the figures move between processes. */
  meanRangeUs: [number, number];
  cpuRangeUs: [number, number];
  p50Us: number;
  p99Us: number;
  allocatedPerCall: number;
  spansEnded: number;
  spansWithUsage: number;
}

export interface VariantSummary {
  variant: string;
  version: string;
  phases: Map<string, PhaseSummary>;
  exported: { spans: number; bytes: number };
}

export const phaseKey = (transport: Transport, mode: Mode): string => `${transport}/${mode}`;

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);
const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

function summarisePhase(runs: readonly PhaseResult[]): PhaseSummary {
  // A block's time per call; the median over blocks drops the few that another process's burst slowed down.
  const wallPerCall = (block: BlockResult) => (block.wallMs * 1000) / block.calls;
  const cpuPerCall = (block: BlockResult) => (block.cpuMs * 1000) / block.calls;
  const blocks = runs.flatMap((run) => run.blocks);
  const runMedians = (perCall: (block: BlockResult) => number) => runs.map((run) => median(run.blocks.map(perCall)));
  const latencies = runs.flatMap((run) => run.latenciesUs).sort((a, b) => a - b);
  const wallByRun = runMedians(wallPerCall);
  const cpuByRun = runMedians(cpuPerCall);
  return {
    runs: runs.length,
    calls: sum(runs.map((run) => run.calls)),
    meanUs: median(blocks.map(wallPerCall)),
    cpuUs: median(blocks.map(cpuPerCall)),
    meanRangeUs: [Math.min(...wallByRun), Math.max(...wallByRun)],
    cpuRangeUs: [Math.min(...cpuByRun), Math.max(...cpuByRun)],
    p50Us: percentile(latencies, 50),
    p99Us: percentile(latencies, 99),
    allocatedPerCall: sum(blocks.map((block) => block.allocatedBytes)) / sum(blocks.map((block) => block.calls)),
    spansEnded: sum(runs.map((run) => run.spansEnded)),
    spansWithUsage: sum(runs.map((run) => run.spansWithUsage)),
  };
}

/** One summary per variant, from all the runs of that variant. */
export function summarise(results: readonly ChildResult[]): Map<string, VariantSummary> {
  const byVariant = new Map<string, ChildResult[]>();
  for (const result of results) byVariant.set(result.variant, [...(byVariant.get(result.variant) ?? []), result]);
  const summaries = new Map<string, VariantSummary>();
  for (const [variant, runs] of byVariant) {
    const byPhase = new Map<string, PhaseResult[]>();
    for (const phase of runs.flatMap((run) => run.phases)) {
      const key = phaseKey(phase.transport, phase.mode);
      byPhase.set(key, [...(byPhase.get(key) ?? []), phase]);
    }
    summaries.set(variant, {
      variant,
      version: runs[0]!.version,
      phases: new Map([...byPhase].map(([key, phases]) => [key, summarisePhase(phases)])),
      exported: {
        spans: sum(runs.map((run) => run.exported.spans)),
        bytes: sum(runs.map((run) => run.exported.bytes)),
      },
    });
  }
  return summaries;
}
