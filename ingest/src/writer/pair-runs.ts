// Counts each provider call once when two instrumentations report it (runs/src/duplicate-runs.ts says
// when two rows are one call). Within a batch, the outer or wrapper span stays the run and the other is
// written as a plain span. Against the store (the other span came in an earlier export, or another trace):
// the stored run stays the run, the newcomer is written as a plain span, and when the newcomer adds
// something the rollups count (a user, a prompt, the 1-hour cache-write split), the stored run is written
// again, merged, as a first write and its old figures are retracted from the rollups after the insert.
import { findRunsToPair, getSpansByKeys, spanRowKey, type Store } from "@promptmetrics/clickhouse";
import { isProviderSdkScope, keptOfPair, mergeDuplicateRun, plainSpanRow, sameCall, type SpanRow } from "@promptmetrics/runs";

export interface PairedBatch {
  /** The rows to insert, in place of the batch's. */
  rows: SpanRow[];
  /** Stored runs written again merged: their counted figures come out of the rollups after the insert. */
  retract: SpanRow[];
  /** Rows written as plain spans because another row is the same call. */
  merged: number;
}

/** How far apart two reports of one call may start (they start together; a minute is generous). */
export const TWIN_START_WINDOW_MS = 60_000;
/** How long before its nested span a stored outer span may have started: the longest call we pair. */
export const NESTED_WINDOW_MS = 3_600_000;

/** What the store probe looks for: the scopes isProviderSdkScope accepts start with it. */
export const SDK_SCOPE_PREFIX = "com.anthropic.sdk";
/** Providers whose own SDK records spans (isProviderSdkScope): only their runs can have a twin. */
const SDK_PROVIDERS = ["anthropic"];

/**
 * Which projects send provider-SDK spans. The store is searched for a partner only for a batch's SDK
 * spans and, in such projects, for runs of the SDK's providers: most traffic never pays for the lookup.
 * Learnt from this writer's own batches at once, and from the store (for other replicas' and earlier
 * processes' writes) at most once a minute per project.
 */
export class SdkSpanProjects {
  private readonly known = new Map<string, { has: boolean; checkedAt: number }>();
  private readonly probe: (projectId: string) => Promise<boolean>;
  constructor(probe: (projectId: string) => Promise<boolean>) {
    this.probe = probe;
  }

  saw(projectId: string): void {
    this.known.set(projectId, { has: true, checkedAt: Date.now() });
  }

  async has(projectId: string): Promise<boolean> {
    const entry = this.known.get(projectId);
    if (entry && (entry.has || Date.now() - entry.checkedAt < PROBE_EVERY_MS)) return entry.has;
    const has = await this.probe(projectId);
    this.known.set(projectId, { has, checkedAt: Date.now() });
    return has;
  }
}

const PROBE_EVERY_MS = 60_000;

export async function pairRuns(
  store: Store,
  rows: SpanRow[],
  sdkProjects: SdkSpanProjects,
  opts: {
    /** Awaited before the store is searched (the writer's earlier batches land first), and only then. */
    beforeStoreLookup?: () => Promise<unknown>;
  } = {},
): Promise<PairedBatch> {
  const out = rows.slice();
  const runIndexes = out.flatMap((row, i) => (row.is_llm && !row.is_revision ? [i] : []));
  if (runIndexes.length === 0) return { rows: out, retract: [], merged: 0 };
  for (const i of runIndexes) if (isProviderSdkScope(out[i]!.scope_name)) sdkProjects.saw(out[i]!.project_id);
  let merged = pairWithinBatch(out, runIndexes);
  const open: number[] = [];
  for (const i of runIndexes) {
    const row = out[i]!;
    if (!row.is_llm) continue;
    if (isProviderSdkScope(row.scope_name) || (SDK_PROVIDERS.includes(row.provider) && (await sdkProjects.has(row.project_id))))
      open.push(i);
  }
  if (open.length > 0) await opts.beforeStoreLookup?.();
  const stored = await pairWithStore(store, out, open);
  merged += stored.merged;
  return { rows: out.concat(stored.rewritten), retract: stored.retract, merged };
}

function pairWithinBatch(rows: SpanRow[], runIndexes: number[]): number {
  let merged = 0;
  const byKey = new Map<string, number>();
  for (const i of runIndexes) byKey.set(spanRowKey(rows[i]!), i);
  const twins = new Map<string, number[]>();
  for (const i of runIndexes) {
    const row = rows[i]!;
    const parent = row.parent_span_id ? byKey.get(spanRowKey({ ...row, span_id: row.parent_span_id })) : undefined;
    if (parent !== undefined) {
      merged += mergePair(rows, parent, i);
      continue;
    }
    if (!SDK_PROVIDERS.includes(row.provider)) continue;
    const signature = twinSignature(row);
    const seen = twins.get(signature) ?? [];
    const twin = seen.find((j) => rows[j]!.is_llm && sameCall(rows[j]!, row) === "twin" && startsTogether(rows[j]!, row));
    if (twin !== undefined) merged += mergePair(rows, twin, i);
    else twins.set(signature, [...seen, i]);
  }
  return merged;
}

/** Merges the pair into the row that stays the run and turns the other into a plain span; 1 if it did. */
function mergePair(rows: SpanRow[], a: number, b: number): number {
  const [rowA, rowB] = [rows[a]!, rows[b]!];
  if (!rowA.is_llm || !rowB.is_llm) return 0;
  const how = sameCall(rowA, rowB);
  if (!how) return 0;
  const [kept, other] = keptOfPair(rowA, rowB, how) === "a" ? [a, b] : [b, a];
  rows[kept] = mergeDuplicateRun(rows[kept]!, rows[other]!);
  rows[other] = plainSpanRow(rows[other]!);
  return 1;
}

async function pairWithStore(
  store: Store,
  rows: SpanRow[],
  open: number[],
): Promise<{ rewritten: SpanRow[]; retract: SpanRow[]; merged: number }> {
  const none = { rewritten: [], retract: [], merged: 0 };
  if (open.length === 0) return none;
  const newcomers = open.map((i) => rows[i]!);
  const times = newcomers.map((row) => toMs(row.start_time));
  const ends = newcomers.map((row) => row.end_time).sort();
  const [first, last] = [Math.min(...times), Math.max(...times)];
  const twinRuns = newcomers.filter((row) => SDK_PROVIDERS.includes(row.provider));
  const candidates = await findRunsToPair(store, {
    projectIds: [...new Set(newcomers.map((row) => row.project_id))],
    from: new Date(first - NESTED_WINDOW_MS),
    to: ends[ends.length - 1]!,
    traceIds: [...new Set(newcomers.map((row) => row.trace_id))],
    twins:
      twinRuns.length === 0
        ? undefined
        : {
            providers: SDK_PROVIDERS,
            from: new Date(first - TWIN_START_WINDOW_MS),
            to: new Date(last + TWIN_START_WINDOW_MS),
            outputTokens: [...new Set(twinRuns.map((row) => Number(row.output_tokens)))],
          },
  });
  if (candidates.length === 0) return none;
  const newcomerKeys = new Set(newcomers.map(spanRowKey));
  const matches = new Map<number, (typeof candidates)[number]>();
  const taken = new Set<string>();
  for (const i of open) {
    const row = rows[i]!;
    const partner = candidates.find((candidate) => {
      const key = spanRowKey(candidate);
      if (newcomerKeys.has(key) || taken.has(key)) return false;
      const how = sameCall(candidate, row);
      return how === "nested" || (how === "twin" && startsTogether(candidate, row));
    });
    if (!partner) continue;
    taken.add(spanRowKey(partner));
    matches.set(i, partner);
  }
  if (matches.size === 0) return none;

  const rewritten: SpanRow[] = [];
  const retract: SpanRow[] = [];
  for (const [projectId, pairs] of groupByProject(matches, rows)) {
    const storedRows = await getSpansByKeys(store, {
      projectId,
      keys: pairs.map(([, partner]) => ({ traceId: partner.trace_id, spanId: partner.span_id })),
    });
    const byKey = new Map(storedRows.map((row) => [spanRowKey(row), row]));
    for (const [i, partner] of pairs) {
      const storedRun = byKey.get(spanRowKey(partner));
      if (!storedRun || !storedRun.is_llm) continue;
      const newcomer = rows[i]!;
      const merged = mergeDuplicateRun(storedRun, newcomer);
      rows[i] = plainSpanRow(newcomer);
      const version = Math.max(Number(storedRun.version) + 1, Number(newcomer.version));
      if (COUNTED.some((field) => String(merged[field]) !== String(storedRun[field]))) {
        rewritten.push({ ...merged, version, is_revision: false });
        retract.push(storedRun);
      } else if (DESCRIBED.some((field) => String(merged[field]) !== String(storedRun[field]))) {
        rewritten.push({ ...merged, version, is_revision: true });
      }
    }
  }
  return { rewritten, retract, merged: matches.size };
}

/** Columns a rollup counts or groups by, of those a merge can change. */
const COUNTED = [
  "user_id",
  "prompt_name",
  "prompt_version",
  "ttft_ms",
  "quality_flags",
  "cache_write_1h_tokens",
  "cache_write_12h_tokens",
  "cost_usd",
] as const satisfies readonly (keyof SpanRow)[];
/** The other columns a merge can change: a revision (not counted again) carries them. */
const DESCRIBED = ["input_text", "output_text", "session_id", "finish_reason", "tags"] as const satisfies readonly (keyof SpanRow)[];

function groupByProject<T>(matches: Map<number, T>, rows: SpanRow[]): Map<string, [number, T][]> {
  const groups = new Map<string, [number, T][]>();
  for (const [i, partner] of matches) {
    const projectId = rows[i]!.project_id;
    groups.set(projectId, [...(groups.get(projectId) ?? []), [i, partner]]);
  }
  return groups;
}

function twinSignature(row: SpanRow): string {
  return [
    row.project_id,
    row.service_name,
    row.provider,
    row.input_tokens,
    row.output_tokens,
    row.cache_read_tokens,
    row.cache_write_tokens,
  ]
    .map(String)
    .join("\u0000");
}

function startsTogether(a: Pick<SpanRow, "start_time">, b: Pick<SpanRow, "start_time">): boolean {
  return Math.abs(toMs(a.start_time) - toMs(b.start_time)) <= TWIN_START_WINDOW_MS;
}

function toMs(time: string): number {
  return Date.parse(`${time.replace(" ", "T").slice(0, 23)}Z`);
}
