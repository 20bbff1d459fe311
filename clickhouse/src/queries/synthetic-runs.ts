// Realistic synthetic LLM runs and their feedback, generated inside ClickHouse (INSERT ... SELECT over
// numbers-like row sources), for benchmarks and the "load sample data" button. The rows go through the
// ordinary insert path into `spans`, so the materialized views fill the rollups exactly as for ingested spans.
import type { SpanColumn } from "@promptmetrics/runs";
import type { Store } from "../store.ts";

/** Every synthetic span carries this instrumentation scope, so they can be told apart (and deleted) later. */
export const SYNTHETIC_SCOPE = "@promptmetrics/synthetic";

export interface SyntheticModel {
  provider: string;
  model: string;
  /** USD per 1M tokens, a decimal (string or number) with at most 6 decimals, as in pricing/catalogue.json. */
  inputPerMTok: string | number;
  outputPerMTok: string | number;
  /** Cache reads; without it they cost the input price, as the pricer does. */
  cachedInputPerMTok?: string | number | undefined;
  /** Relative share of runs. */
  weight: number;
  /** Emits reasoning tokens (part of the output, billed at the output price). @default false */
  reasoning?: boolean | undefined;
}

export interface SyntheticRunsOptions {
  projectId: string;
  /** Runs start in [from, to). */
  from: Date;
  to: Date;
  runs: number;
  models: readonly SyntheticModel[];
  /** End users user-0001 … (0: runs without a user). */
  users: number;
  /** Prompt names (0: runs without a prompt). About 85% of runs use a prompt. */
  prompts: number;
  /** Each prompt has 1..versionsPerPrompt versions v1, v2, …; later versions take over later in the range. */
  versionsPerPrompt: number;
  /** Share of runs rated (insertSyntheticFeedback after the runs). */
  ratingShare: number;
  /** Share of runs with status error (finish_reason "error", no usage). */
  errorShare: number;
  /** Same seed, same options: the same rows, ids included. @default 1 */
  seed?: number | undefined;
  /** ingest_key_id cycles through these, for figures by team member. @default [] */
  ingestKeyIds?: readonly string[] | undefined;
  /** Rows per INSERT at most; an insert also never crosses a month (the spans partition). @default 1_000_000 */
  chunkRows?: number | undefined;
  onProgress?: ((insertedRuns: number, totalRuns: number) => void) | undefined;
}

export interface SyntheticRunsResult {
  runs: number;
  inserts: number;
  /** Feedback rows written. */
  feedback: number;
}

/**
 * Generates `runs` LLM runs server-side: a diurnal and weekly traffic shape over the range, models by
 * weight, log-normal token counts per model and prompt, cache reads, reasoning tokens, latency and
 * time to first token that grow with the tokens, errors, users, prompts with versions, tags, and cost
 * components priced in SQL the way the pricer prices them.
 */
export async function insertSyntheticRuns(store: Store, options: SyntheticRunsOptions): Promise<SyntheticRunsResult> {
  const plan = planSyntheticRuns(options);
  let inserted = 0;
  for (const chunk of plan.chunks) {
    await store.command(INSERT_RUNS_SQL, { ...plan.params, ...chunk.params }, { tag: "insertSyntheticRuns" });
    inserted += chunk.runs;
    options.onProgress?.(inserted, plan.runs);
  }
  const feedback =
    options.ratingShare > 0 && plan.runs > 0
      ? await insertSyntheticFeedback(store, {
          projectId: options.projectId,
          share: options.ratingShare,
          from: options.from,
          to: options.to,
          seed: plan.seed,
          modelQuality: plan.modelQuality,
        })
      : 0;
  return { runs: plan.runs, inserts: plan.chunks.length, feedback };
}

export interface SyntheticFeedbackOptions {
  projectId: string;
  /** Share of the synthetic runs to rate, chosen by a hash of the span id. */
  share: number;
  /** Only runs starting in [from, to). Default: all synthetic runs of the project. */
  from?: Date | undefined;
  to?: Date | undefined;
  /** @default 1 */
  seed?: number | undefined;
  /** Model name → quality in [-1, 1] (better models get better ratings). Default: from a hash of the name. */
  modelQuality?: Readonly<Record<string, number>> | undefined;
  /** The rater; "" for none. @default "" */
  authorUserId?: string | undefined;
}

/**
 * Rates about `share` of the project's synthetic runs: a rating 1-5 on most (skewed positive, better
 * for better models and later prompt versions, worse for errors) and a success flag on many, as the
 * rating and feedback routes write them. Returns the rows written.
 */
export async function insertSyntheticFeedback(store: Store, options: SyntheticFeedbackOptions): Promise<number> {
  if (!(options.share >= 0 && options.share <= 1)) throw new RangeError(`share must be within [0, 1], got ${options.share}`);
  const quality = Object.entries(options.modelQuality ?? {});
  const params = {
    projectId: options.projectId,
    scope: SYNTHETIC_SCOPE,
    seed: seedOf(options.seed),
    share: options.share,
    from: options.from ?? new Date(0),
    to: options.to ?? new Date(Date.UTC(2200, 0, 1)),
    ratedBefore: options.to ?? new Date(),
    qualityModels: quality.map(([model]) => model),
    qualityValues: quality.map(([, value]) => Math.max(-1, Math.min(1, value))),
    author: options.authorUserId ?? "",
    comments: FEEDBACK_COMMENTS,
  };
  const [before] = await store.query<{ n: number }>(
    COUNT_FEEDBACK_SQL,
    { projectId: options.projectId },
    { tag: "insertSyntheticFeedback" },
  );
  await store.command(INSERT_FEEDBACK_SQL, params, { tag: "insertSyntheticFeedback" });
  const [after] = await store.query<{ n: number }>(
    COUNT_FEEDBACK_SQL,
    { projectId: options.projectId },
    { tag: "insertSyntheticFeedback" },
  );
  return (after?.n ?? 0) - (before?.n ?? 0);
}

// ---- Planning (pure): the traffic shape, the model table, per-model and per-prompt traits ----------

const HOUR_MS = 3_600_000;
const MODEL_TABLE_SIZE = 4096;
const PROMPT_SHARE = 0.85;
const STREAM_SHARE = 0.65;

interface Chunk {
  runs: number;
  params: Record<string, unknown>;
}

interface SyntheticPlan {
  runs: number;
  seed: number;
  params: Record<string, unknown>;
  chunks: Chunk[];
  modelQuality: Record<string, number>;
}

/** Everything the SQL needs, computed in JS from the options. */
function planSyntheticRuns(options: SyntheticRunsOptions): SyntheticPlan {
  const { from, to, models } = options;
  const runs = Math.floor(options.runs);
  if (!(runs >= 0)) throw new RangeError(`runs must be a whole number >= 0, got ${options.runs}`);
  if (!(to.getTime() > from.getTime())) throw new RangeError("to must be after from");
  if (models.length === 0) throw new RangeError("give at least one model");
  if (models.some((model) => !(model.weight >= 0)) || !models.some((model) => model.weight > 0))
    throw new RangeError("model weights must be >= 0, at least one > 0");
  for (const [name, share] of [
    ["errorShare", options.errorShare],
    ["ratingShare", options.ratingShare],
  ] as const) {
    if (!(share >= 0 && share <= 1)) throw new RangeError(`${name} must be within [0, 1], got ${share}`);
  }
  const users = wholeAtLeast(options.users, 0, "users");
  const prompts = wholeAtLeast(options.prompts, 0, "prompts");
  const versionsPerPrompt = wholeAtLeast(options.versionsPerPrompt, 1, "versionsPerPrompt");
  const seed = seedOf(options.seed);
  const random = mulberry32(seed);

  const traits = modelTraits(models, options.errorShare);
  const promptList = promptTraits(prompts, versionsPerPrompt, models, random);
  const params = {
    projectId: options.projectId,
    seed,
    scope: SYNTHETIC_SCOPE,
    rangeFromMs: from.getTime(),
    rangeMs: to.getTime() - from.getTime(),
    modelTable: weightedTable(
      models.map((model) => model.weight),
      MODEL_TABLE_SIZE,
    ),
    modelTableSize: MODEL_TABLE_SIZE,
    modelNames: models.map((model) => model.model),
    modelProviders: models.map((model) => model.provider),
    inputPico: models.map((model) => picoPerToken(model.inputPerMTok, `${model.model} inputPerMTok`)),
    cachedPico: models.map((model) => picoPerToken(model.cachedInputPerMTok ?? model.inputPerMTok, `${model.model} cachedInputPerMTok`)),
    outputPico: models.map((model) => picoPerToken(model.outputPerMTok, `${model.model} outputPerMTok`)),
    modelReasoning: models.map((model) => (model.reasoning ? 1 : 0)),
    modelErrorShare: traits.map((trait) => trait.errorShare),
    medianInput: traits.map((trait) => trait.medianInput),
    medianOutput: traits.map((trait) => trait.medianOutput),
    msPerToken: traits.map((trait) => trait.msPerToken),
    ttftBaseMs: traits.map((trait) => trait.ttftBaseMs),
    finishReasons: models.map((model) =>
      model.provider === "anthropic" ? ["end_turn", "max_tokens", "tool_use"] : ["stop", "length", "tool_calls"],
    ),
    promptShare: prompts > 0 ? PROMPT_SHARE : 0,
    promptCount: prompts,
    promptNames: promptList.names,
    promptVersions: promptList.versions,
    promptSize: promptList.size,
    promptTag: promptList.tag,
    promptService: promptList.service,
    modelPrompts: promptList.byModel.prompts,
    modelPromptStart: promptList.byModel.start,
    modelPromptCount: promptList.byModel.count,
    streamShare: STREAM_SHARE,
    users,
    userDigits: Math.max(4, String(users).length),
    ingestKeys: [...(options.ingestKeyIds ?? [])],
    envTags: ["production", "staging", "development"],
    batchTag: "batch",
    defaultService: "playground",
    questions: QUESTIONS,
    answers: ANSWERS,
    shortErrors: SHORT_ERRORS,
    timeoutError: "Request timed out after 60000 ms",
  };
  return {
    runs,
    seed,
    params,
    chunks: chunkSlots(trafficSlots(from, to, runs, random), options.chunkRows ?? 1_000_000),
    modelQuality: Object.fromEntries(models.map((model, i) => [model.model, traits[i]!.quality])),
  };
}

interface Slot {
  startMs: number;
  widthMs: number;
  runs: number;
  month: number;
}

/**
 * The range cut at whole UTC hours, each piece given its share of the runs: busiest in the
 * (European and American) working day, quieter at weekends, growing over the range, with day-to-day
 * noise. Exactly `runs` in total (largest remainders).
 */
function trafficSlots(from: Date, to: Date, runs: number, random: () => number = mulberry32(1)): Slot[] {
  const fromMs = from.getTime();
  const toMs = to.getTime();
  const slots: Omit<Slot, "runs">[] = [];
  const weights: number[] = [];
  const dayNoise = new Map<number, number>();
  for (let hour = Math.floor(fromMs / HOUR_MS) * HOUR_MS; hour < toMs; hour += HOUR_MS) {
    const startMs = Math.max(fromMs, hour);
    const widthMs = Math.min(toMs, hour + HOUR_MS) - startMs;
    const date = new Date(hour);
    const day = Math.floor(hour / 86_400_000);
    if (!dayNoise.has(day)) dayNoise.set(day, 0.88 + 0.24 * random());
    const h = date.getUTCHours();
    const diurnal = 0.18 + Math.exp(-0.5 * ((h - 15) / 3.5) ** 2) + 0.45 * Math.exp(-0.5 * ((h - 9) / 2) ** 2);
    const weekday = [0.5, 1, 1.04, 1.05, 1.02, 0.92, 0.55][date.getUTCDay()]!;
    const growth = 0.75 + 0.5 * ((startMs - fromMs) / (toMs - fromMs));
    slots.push({ startMs, widthMs, month: date.getUTCFullYear() * 100 + date.getUTCMonth() + 1 });
    weights.push(diurnal * weekday * growth * dayNoise.get(day)! * (widthMs / HOUR_MS));
  }
  const counts = apportion(weights, runs);
  return slots.map((slot, i) => ({ ...slot, runs: counts[i]! }));
}

/** Consecutive slots grouped into inserts of at most `chunkRows` runs (a slot is never split) within one month. */
function chunkSlots(slots: readonly Slot[], chunkRows: number): Chunk[] {
  const chunks: Chunk[] = [];
  let current: Slot[] = [];
  let currentRuns = 0;
  let firstRow = 0;
  const flush = () => {
    if (currentRuns > 0) {
      const starts: number[] = [];
      let row = firstRow;
      for (const slot of current) {
        starts.push(row);
        row += slot.runs;
      }
      chunks.push({
        runs: currentRuns,
        params: {
          slots: current.length,
          slotStartMs: current.map((slot) => slot.startMs),
          slotWidthMs: current.map((slot) => slot.widthMs),
          slotRuns: current.map((slot) => slot.runs),
          slotFirstRow: starts,
        },
      });
    }
    firstRow += currentRuns;
    current = [];
    currentRuns = 0;
  };
  for (const slot of slots) {
    if (current.length > 0 && (current[0]!.month !== slot.month || currentRuns + slot.runs > chunkRows)) flush();
    current.push(slot);
    currentRuns += slot.runs;
  }
  flush();
  return chunks;
}

interface ModelTrait {
  errorShare: number;
  medianInput: number;
  medianOutput: number;
  msPerToken: number;
  ttftBaseMs: number;
  quality: number;
}

/**
 * Per-model behaviour: pricier models are slower, a little better rated, and get longer prompts;
 * each model's error share differs, with the weighted mean equal to `errorShare`.
 */
function modelTraits(models: readonly SyntheticModel[], errorShare: number): ModelTrait[] {
  const prices = models.map((model) => Number(model.outputPerMTok));
  const sorted = [...prices].sort((a, b) => a - b);
  const rank = (price: number) => (models.length === 1 ? 0.5 : sorted.indexOf(price) / (models.length - 1));
  const errorFactors = models.map((model) => 0.4 + 1.2 * hash01(`${model.model}/errors`));
  const totalWeight = models.reduce((sum, model) => sum + model.weight, 0);
  const meanFactor = models.reduce((sum, model, i) => sum + model.weight * errorFactors[i]!, 0) / totalWeight;
  return models.map((model, i) => {
    const r = rank(prices[i]!);
    const jitter = hash01(`${model.model}/shape`);
    return {
      errorShare: Math.min(1, (errorShare * errorFactors[i]!) / meanFactor),
      medianInput: Math.round(700 + 1800 * r + 800 * jitter),
      medianOutput: Math.round(140 + 260 * r + 200 * hash01(`${model.model}/output`)),
      msPerToken: 5 + 17 * r + 4 * jitter,
      ttftBaseMs: 220 + 600 * r + 150 * hash01(`${model.model}/ttft`),
      quality: Math.max(-1, Math.min(1, 1.2 * (r - 0.5) + 0.4 * (jitter - 0.5))),
    };
  });
}

const PROMPT_VERBS = ["summarize", "classify", "extract", "translate", "answer", "draft", "rewrite", "review", "route", "plan"];
const PROMPT_OBJECTS = [
  "ticket",
  "email",
  "invoice",
  "contract",
  "faq",
  "order",
  "review",
  "chat",
  "report",
  "query",
  "lead",
  "code",
  "log",
  "meeting",
  "policy",
  "product",
  "resume",
  "claim",
  "alert",
  "note",
];
const FEATURE_TAGS = ["chat", "rag", "agent", "summarization", "classification", "extraction"];
const SERVICES = ["support-bot", "search-api", "checkout", "docs-assistant", "ops-agent"];

/** Prompt names, versions, typical size, feature tag, service, and the model each prompt mostly runs on. */
function promptTraits(prompts: number, versionsPerPrompt: number, models: readonly SyntheticModel[], random: () => number) {
  const names: string[] = [];
  const versions: number[] = [];
  const size: number[] = [];
  const tag: string[] = [];
  const service: string[] = [];
  const primary: number[] = [];
  const table = weightedTable(
    models.map((model) => model.weight),
    MODEL_TABLE_SIZE,
  );
  for (let i = 0; i < prompts; i++) {
    const base = `${PROMPT_VERBS[i % PROMPT_VERBS.length]}-${PROMPT_OBJECTS[Math.floor(i / PROMPT_VERBS.length) % PROMPT_OBJECTS.length]}`;
    const round = Math.floor(i / (PROMPT_VERBS.length * PROMPT_OBJECTS.length));
    names.push(round === 0 ? base : `${base}-${round + 1}`);
    versions.push(1 + Math.floor(random() * versionsPerPrompt));
    size.push(Math.exp(0.6 * normal(random)));
    tag.push(FEATURE_TAGS[Math.floor(random() * FEATURE_TAGS.length)]!);
    service.push(SERVICES[Math.floor(random() * SERVICES.length)]!);
    // Drawn from the weighted table, so choosing "the prompt's model" keeps the model mix on its weights.
    primary.push(table[Math.floor(random() * table.length)]! - 1);
  }
  // Prompts grouped by their main model (1-based indexes, as ClickHouse arrays are).
  const byModel = { prompts: [] as number[], start: [] as number[], count: [] as number[] };
  models.forEach((_, m) => {
    byModel.start.push(byModel.prompts.length + 1);
    const own = primary.flatMap((model, p) => (model === m ? [p + 1] : []));
    byModel.prompts.push(...own);
    byModel.count.push(own.length);
  });
  return { names, versions, size, tag, service, byModel };
}

/** A table of `size` 1-based indexes in which index i appears in proportion to weights[i]. */
function weightedTable(weights: readonly number[], size: number): number[] {
  const counts = apportion(weights, size);
  return counts.flatMap((count, i) => Array.from({ length: count }, () => i + 1));
}

/** Splits `total` into whole parts proportional to `weights` (largest remainders), summing to `total`. */
function apportion(weights: readonly number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map(() => 0);
  const exact = weights.map((weight) => (weight / sum) * total);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((value, i) => ({ i, rest: value - Math.floor(value) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    counts[i]! += 1;
    left -= 1;
  }
  return counts;
}

/** USD per 1M tokens → pico-dollars per token, exactly (the pricer's unit): "1.25" → 1250000. */
function picoPerToken(price: string | number, what: string): number {
  const text = typeof price === "number" ? (Number.isFinite(price) ? price.toFixed(6) : "") : price.trim();
  const match = /^(\d+)(?:\.(\d{1,6}))?$/.exec(text);
  if (!match) throw new RangeError(`${what}: not a non-negative price with at most 6 decimals: ${String(price)}`);
  const micro = BigInt(match[1]!) * 1_000_000n + BigInt((match[2] ?? "").padEnd(6, "0"));
  if (micro > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`${what}: price too large: ${String(price)}`);
  return Number(micro);
}

function wholeAtLeast(value: number, min: number, name: string): number {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be a whole number >= ${min}, got ${value}`);
  return value;
}

function seedOf(seed: number | undefined): number {
  const value = seed ?? 1;
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff)
    throw new RangeError(`seed must be a whole number in [0, 2^32), got ${value}`);
  return value;
}

/** A small seeded PRNG (mulberry32): the plan must not depend on Math.random. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** A stable number in [0, 1) for a string (FNV-1a). */
function hash01(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h / 4294967296;
}

// ---- SQL ---------------------------------------------------------------------------------------------

/** A uniform number in [0, 1) for the run `n`, independent for each stream number `k`. */
const u = (k: number) => `(cityHash64({seed:UInt64}, n, ${k}) / 18446744073709551616.)`;
/** A standard normal number for the run (Box-Muller over streams k and k + 1). */
const z = (k: number) => `(sqrt(-2 * log(1 - ${u(k)})) * cos(2 * pi() * ${u(k + 1)}))`;
/** A 16-hex-digit id. */
const hex16 = (expression: string) => `leftPad(lower(hex(${expression})), 16, '0')`;
/** Pico-dollars (UInt64) as Decimal(18, 12) USD, exactly. */
const usd = (pico: string) => `CAST(toDecimal128(${pico}, 0) * toDecimal128('0.000000000001', 12) AS Decimal(18, 12))`;

/**
 * The generated run's columns, as SQL over the layers below. A column left out takes the table's
 * default, which is the empty row of @promptmetrics/runs (checked by the spans-defaults test), so a
 * new column needs nothing here unless generated runs should carry a value in it.
 */
const RUN_COLUMNS = {
  project_id: "{projectId:String}",
  trace_id: `concat(${hex16("cityHash64({seed:UInt64}, n, 0)")}, ${hex16("bitXor(n * 11400714819323198485, cityHash64({seed:UInt64}, 1))")})`,
  span_id: hex16("bitXor(n * 14029467366897019727, cityHash64({seed:UInt64}, 2))"),
  start_time: "fromUnixTimestamp64Nano(t_ns, 'UTC')",
  end_time: "fromUnixTimestamp64Nano(t_ns + toInt64(duration_ns), 'UTC')",
  duration_ns: "duration_ns",
  name: "concat('chat ', model_name)",
  kind: "'client'",
  service_name: "service",
  scope_name: "{scope:String}",
  scope_version: "'1'",
  status_code: "if(is_error, 'error', 'ok')",
  status_message: `if(is_error, if(timed_out, {timeoutError:String}, {shortErrors:Array(String)}[1 + toUInt32(${u(24)} * length({shortErrors:Array(String)}))]), '')`,
  resource_attributes: "map('service.name', service, 'deployment.environment', env_tag, 'telemetry.sdk.language', 'nodejs')",
  span_attributes: `map('gen_ai.operation.name', 'chat', 'gen_ai.provider.name', provider, 'gen_ai.request.model', model_name,
        'gen_ai.usage.input_tokens', toString(input_tokens), 'gen_ai.usage.output_tokens', toString(output_tokens))`,
  is_llm: "true",
  provider: "provider",
  operation: "'chat'",
  request_model: "model_name",
  response_model: "model_name",
  model: "model_name",
  priced_model: "model_name",
  price_source: "'catalogue'",
  service_tier: "'standard'",
  input_tokens: "input_tokens",
  output_tokens: "output_tokens",
  cache_read_tokens: "cache_read_tokens",
  reasoning_tokens: "reasoning_tokens",
  cost_usd: `toNullable(${usd("pico_input")} + ${usd("pico_cache_read")} + ${usd("pico_output")} + ${usd("pico_reasoning")})`,
  cost_input_usd: usd("pico_input"),
  cost_cache_read_usd: usd("pico_cache_read"),
  cost_output_usd: usd("pico_output"),
  cost_reasoning_usd: usd("pico_reasoning"),
  ttft_ms: "if(streamed AND NOT is_error, ttft, NULL)",
  finish_reason: "finish_reason",
  // What the ingest stores for a run seen without content: error (16) and truncated (8) from status and finish reason.
  quality_flags: "bitOr(if(is_error, 16, 0), if(finish_reason IN ('length', 'max_tokens'), 8, 0))",
  user_id: "if({users:UInt32} = 0, '', concat('user-', leftPad(toString(user_index), {userDigits:UInt8}, '0')))",
  session_id: `if({users:UInt32} = 0, '', concat('s-', ${hex16("cityHash64({seed:UInt64}, user_index, intDiv(t_ns, 1800000000000))")}))`,
  prompt_name: "prompt_name",
  prompt_version: "prompt_version",
  tags: `arrayFilter(tag -> tag != '', [env_tag, if(prompt = 0, '', {promptTag:Array(String)}[prompt]), if(${u(26)} < 0.06, {batchTag:String}, '')])`,
  input_text: `concat(if(prompt = 0, '', concat('[', prompt_name, ' ', prompt_version, '] ')), {questions:Array(String)}[1 + toUInt32(${u(27)} * length({questions:Array(String)}))])`,
  output_text: `if(is_error, '', {answers:Array(String)}[1 + toUInt32(${u(28)} * length({answers:Array(String)}))])`,
  ingest_key_id:
    "if(empty({ingestKeys:Array(String)}), '', arrayElement({ingestKeys:Array(String)}, toUInt32(1 + n % greatest(length({ingestKeys:Array(String)}), 1))))",
  ingested_at: "fromUnixTimestamp64Milli(intDiv(ingested_ns, 1000000), 'UTC')",
  version: "toUInt64(intDiv(ingested_ns, 1000))",
} satisfies Partial<Record<SpanColumn, string>>;

// Layer 1: one row per run, `n` its global row number (runs are numbered in time order across chunks).
// Layer 2: the run's choices and measurements, as named values. Outer: the columns above.
const INSERT_RUNS_SQL = `
INSERT INTO spans (
    ${Object.keys(RUN_COLUMNS).join(", ")}
)
SELECT
    ${Object.values(RUN_COLUMNS).join(",\n    ")}
FROM
(
    SELECT
        n,
        toInt64({slotStartMs:Array(Int64)}[slot]) * 1000000 + toInt64(${u(0)} * {slotWidthMs:Array(Int64)}[slot] * 1000000) AS t_ns,
        (t_ns / 1000000 - {rangeFromMs:Int64}) / {rangeMs:Int64} AS progress,
        {modelTable:Array(UInt16)}[1 + toUInt32(${u(1)} * {modelTableSize:UInt32})] AS table_model,
        ${u(2)} < {promptShare:Float64} AS has_prompt,
        {modelPromptCount:Array(UInt32)}[table_model] AS own_prompts,
        multiIf(
            NOT has_prompt, 0,
            own_prompts > 0 AND ${u(3)} < 0.85, {modelPrompts:Array(UInt32)}[{modelPromptStart:Array(UInt32)}[table_model] + toUInt32(pow(${u(4)}, 2) * own_prompts)],
            1 + toUInt32(pow(${u(4)}, 2) * {promptCount:UInt32})
        ) AS prompt,
        -- The model is drawn by weight first and the prompt among that model's own prompts (mostly), so
        -- the model mix follows the weights while each prompt runs mostly on one model.
        table_model AS m,
        {modelNames:Array(String)}[m] AS model_name,
        {modelProviders:Array(String)}[m] AS provider,
        if(prompt = 0, '', {promptNames:Array(String)}[prompt]) AS prompt_name,
        if(prompt = 0, 0, least({promptVersions:Array(UInt16)}[prompt], greatest(1, 1 + toInt32(floor(progress * {promptVersions:Array(UInt16)}[prompt] + (${u(6)} - 0.5) * 0.6))))) AS version_index,
        if(prompt = 0, '', concat('v', toString(version_index))) AS prompt_version,
        if(prompt = 0, {defaultService:String}, {promptService:Array(String)}[prompt]) AS service,
        1 + toUInt32(pow(${u(5)}, 2) * {users:UInt32}) AS user_index,
        ${u(7)} < {modelErrorShare:Array(Float64)}[m] AS is_error,
        ${u(21)} > 0.7 AS timed_out,
        ${u(8)} < {streamShare:Float64} AS streamed,
        multiIf(${u(25)} < 0.86, {envTags:Array(String)}[1], ${u(25)} < 0.97, {envTags:Array(String)}[2], {envTags:Array(String)}[3]) AS env_tag,
        if(is_error, toUInt64(0), greatest(toUInt64(8), toUInt64({medianInput:Array(Float64)}[m] * if(prompt = 0, 1., {promptSize:Array(Float64)}[prompt]) * exp(0.7 * ${z(9)})))) AS input_tokens,
        if(is_error, toUInt64(0), greatest(toUInt64(1), toUInt64({medianOutput:Array(Float64)}[m] * exp(0.6 * ${z(11)})))) AS visible_tokens,
        if(is_error OR {modelReasoning:Array(UInt8)}[m] = 0, toUInt64(0), toUInt64(visible_tokens * 1.8 * exp(0.8 * ${z(13)}))) AS reasoning_tokens,
        visible_tokens + reasoning_tokens AS output_tokens,
        -- Providers cache prefixes of long prompts only, in blocks of 128 tokens.
        if(input_tokens >= 1024 AND ${u(15)} < if(prompt = 0, 0.15, 0.45), intDiv(toUInt64(input_tokens * (0.3 + 0.65 * ${u(16)})), 128) * 128, toUInt64(0)) AS cache_read_tokens,
        {msPerToken:Array(Float64)}[m] * exp(0.15 * ${z(17)}) AS ms_per_token,
        {ttftBaseMs:Array(Float64)}[m] * exp(0.3 * ${z(19)}) + input_tokens * 0.012 + reasoning_tokens * ms_per_token AS ttft,
        if(is_error, if(timed_out, 60000 + 50 * ${u(22)}, 60 + 900 * ${u(22)}), ttft + visible_tokens * ms_per_token) AS latency_ms,
        toUInt64(latency_ms * 1000000) AS duration_ns,
        t_ns + toInt64(duration_ns) + toInt64((150 + 2500 * ${u(29)}) * 1000000) AS ingested_ns,
        if(is_error, 'error', {finishReasons:Array(Array(String))}[m][multiIf(${u(23)} < 0.03, 2, ${u(23)} < 0.14, 3, 1)]) AS finish_reason,
        (input_tokens - cache_read_tokens) * {inputPico:Array(UInt64)}[m] AS pico_input,
        cache_read_tokens * {cachedPico:Array(UInt64)}[m] AS pico_cache_read,
        visible_tokens * {outputPico:Array(UInt64)}[m] AS pico_output,
        reasoning_tokens * {outputPico:Array(UInt64)}[m] AS pico_reasoning
    FROM
    (
        SELECT slot, {slotFirstRow:Array(UInt64)}[slot] + i AS n
        FROM (SELECT toUInt32(number + 1) AS slot FROM numbers({slots:UInt32}))
        ARRAY JOIN range(toUInt64({slotRuns:Array(UInt64)}[slot])) AS i
    )
)`;

const COUNT_FEEDBACK_SQL = "SELECT count() AS n FROM feedback WHERE project_id = {projectId:String}";

// score: around 4 (skewed positive), model quality and later prompt versions help, an error hurts.
const INSERT_FEEDBACK_SQL = `
INSERT INTO feedback (
    project_id, span_id, trace_id, run_start_time, model, provider, status_code, prompt_name, prompt_version, user_id, tags, ingest_key_id,
    rating, success, comment, author_user_id, created_at, updated_at, version, is_deleted
)
SELECT
    project_id, span_id, trace_id, start_time, model, provider, status_code, prompt_name, prompt_version, user_id, tags, ingest_key_id,
    if(has_rating, toNullable(toUInt8(greatest(1, least(5, round(score))))), NULL),
    if(has_success OR NOT has_rating, toNullable(score >= 3.2), NULL),
    if(r3 < 0.08, {comments:Array(String)}[1 + toUInt32(r4 * length({comments:Array(String)}))], ''),
    {author:String},
    rated_at,
    rated_at,
    toUInt64(toUnixTimestamp64Micro(rated_at)),
    0
FROM
(
    SELECT
        project_id, span_id, trace_id, start_time, model, provider, status_code, prompt_name, prompt_version, user_id, tags, ingest_key_id,
        cityHash64({seed:UInt64}, span_id, 101) / 18446744073709551616. AS r1,
        cityHash64({seed:UInt64}, span_id, 102) / 18446744073709551616. AS r2,
        cityHash64({seed:UInt64}, span_id, 103) / 18446744073709551616. AS r3,
        cityHash64({seed:UInt64}, span_id, 104) / 18446744073709551616. AS r4,
        cityHash64({seed:UInt64}, span_id, 105) / 18446744073709551616. AS r5,
        r1 < 0.85 AS has_rating,
        r2 < 0.7 AS has_success,
        indexOf({qualityModels:Array(String)}, toString(model)) AS quality_index,
        if(quality_index > 0, {qualityValues:Array(Float64)}[quality_index], cityHash64(toString(model)) / 18446744073709551616. * 2 - 1) AS quality,
        3.9 + 0.7 * quality + 0.12 * greatest(toInt32OrZero(substring(prompt_version, 2)) - 1, 0)
            - if(status_code = 'error', 2.4, 0) + 0.9 * sqrt(-2 * log(1 - r4)) * cos(2 * pi() * r5) AS score,
        -- Rated within a day of the run, mostly within minutes, never after the end of the range.
        least(toDateTime64(start_time, 3, 'UTC') + toIntervalSecond(toUInt32(30 + 86400 * r3 * r3)), {ratedBefore:DateTime64(3, 'UTC')}) AS rated_at
    FROM spans
    WHERE project_id = {projectId:String}
      AND is_llm
      AND NOT is_revision
      AND scope_name = {scope:String}
      AND start_time >= {from:DateTime64(3, 'UTC')} AND start_time < {to:DateTime64(3, 'UTC')}
      AND cityHash64({seed:UInt64}, span_id, 100) / 18446744073709551616. < {share:Float64}
)`;

const QUESTIONS = [
  "Where is my order #48213? It was due on Monday.",
  "Can you summarise this thread for the weekly report?",
  "Which plan includes SSO and audit logs?",
  "Translate the release notes into German, keep the product names.",
  "Classify this ticket: the export button does nothing in Safari.",
  "Extract the invoice number, due date and total from the attached text.",
  "Draft a polite reply declining the meeting but proposing next week.",
  "Why did the nightly job fail? Here are the last 200 log lines.",
  "Rewrite this paragraph for a non-technical audience.",
  "What does clause 7.2 of the contract say about termination?",
  "Suggest three subject lines for the onboarding email.",
  "Is this review positive, negative or mixed?",
];

const ANSWERS = [
  "Your order shipped yesterday and should arrive within two business days.",
  "Summary: the team agreed to ship the migration on Thursday; two open questions remain.",
  "SSO and audit logs are part of the Business plan and above.",
  "Hier sind die Versionshinweise auf Deutsch, Produktnamen unverändert.",
  "Category: bug / browser-compatibility. Priority: medium.",
  '{"invoice_number":"INV-2291","due_date":"2026-12-01","total":"1,240.00 EUR"}',
  "Thanks for the invitation. I can't make it this week; would Tuesday next week work?",
  "The job ran out of memory while sorting the export; raising the limit or batching will fix it.",
  "In short: the update makes the app faster and easier to use, with nothing to change on your side.",
  "Clause 7.2 allows either party to terminate with 30 days' written notice.",
  "1. Welcome aboard  2. Your first week, planned  3. Three things to try today",
  "Mixed: the reviewer likes the features but finds the pricing unclear.",
];

const SHORT_ERRORS = [
  "429 Rate limit reached for requests",
  "500 The server had an error while processing your request",
  "529 Overloaded",
  "400 This model's maximum context length was exceeded",
];

const FEEDBACK_COMMENTS = [
  "Exactly what I needed",
  "Too long",
  "Wrong language",
  "Missed the point",
  "Great summary",
  "Hallucinated a date",
];
