// Prints the instrumentation benchmark's tables from the variants' summaries: latency and allocations per call
// against the same run's baseline, the spans each library made, and which library costs the least.
import { type Mode, phaseKey, type PhaseSummary, type Transport, type VariantSummary } from "./instrumentation-results.ts";
import { BASELINE, VARIANTS, type Variant } from "./instrumentation-variants.ts";

const MODES: readonly Mode[] = ["plain", "streamed"];
const TRANSPORTS: readonly Transport[] = ["memory", "http"];
const TRANSPORT_TITLES: Record<Transport, string> = {
  memory: "In memory (headline): the client's fetch answers from memory with bytes recorded from the mock; no network, no server",
  http: "Over HTTP: the local mock provider in the same process, over a keep-alive loopback connection",
};

const fixed = (n: number, digits = 1): string => n.toLocaleString("en", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const signed = (n: number, digits = 1): string => `${n >= 0 ? "+" : "−"}${fixed(Math.abs(n), digits)}`;
const kb = (bytes: number): number => bytes / 1024;

function phase(summary: VariantSummary | undefined, transport: Transport, mode: Mode): PhaseSummary | undefined {
  return summary?.phases.get(phaseKey(transport, mode));
}

/** CPU overhead per call over the baseline, or undefined when either side did not run. */
function cpuOverhead(summaries: Map<string, VariantSummary>, variant: string, transport: Transport, mode: Mode): number | undefined {
  const measured = phase(summaries.get(variant), transport, mode);
  const baseline = phase(summaries.get(BASELINE), transport, mode);
  return measured && baseline ? measured.cpuUs - baseline.cpuUs : undefined;
}

/** How far apart a variant's runs landed in CPU per call. */
function cpuSpread(summaries: Map<string, VariantSummary>, variant: string, transport: Transport, mode: Mode): number {
  const figures = phase(summaries.get(variant), transport, mode);
  return figures ? figures.cpuRangeUs[1] - figures.cpuRangeUs[0] : 0;
}

/** "off*": the library's default setting. */
const contentCell = (variant: Variant): string => (variant.name === BASELINE ? "—" : `${variant.content}${variant.isDefault ? "*" : ""}`);
const ran = (summaries: Map<string, VariantSummary>): Variant[] => VARIANTS.filter((variant) => summaries.has(variant.name));
const range = ([low, high]: [number, number]): string => `${fixed(low, 0)}–${fixed(high, 0)}`;

export function printLatencyTable(summaries: Map<string, VariantSummary>, transport: Transport): void {
  const baselines = summaries.get(BASELINE);
  console.log("");
  console.log(TRANSPORT_TITLES[transport]);
  console.log(
    `${"".padEnd(32)}${"latency per call, µs".padStart(27)}${"overhead, µs".padStart(18)}${"CPU µs/call".padStart(18)}${"KB allocated/call".padStart(19)}`,
  );
  console.log(
    `${"library".padEnd(15)}${"content".padEnd(8)}${"call".padEnd(9)}${"mean".padStart(9)}${"p50".padStart(9)}${"p99".padStart(9)}` +
      `${"Δmean".padStart(9)}${"Δp50".padStart(9)}${"total".padStart(9)}${"Δ".padStart(9)}${"total".padStart(10)}${"Δ".padStart(9)}`,
  );
  for (const mode of MODES) {
    const base = phase(baselines, transport, mode);
    for (const variant of ran(summaries)) {
      const figures = phase(summaries.get(variant.name), transport, mode);
      if (!figures) continue;
      const delta = (value: (p: PhaseSummary) => number) =>
        variant.name === BASELINE || !base ? "—" : signed(value(figures) - value(base));
      console.log(
        `${variant.library.padEnd(15)}${contentCell(variant).padEnd(8)}${mode.padEnd(9)}` +
          `${fixed(figures.meanUs).padStart(9)}${fixed(figures.p50Us).padStart(9)}${fixed(figures.p99Us).padStart(9)}` +
          `${delta((p) => p.meanUs).padStart(9)}${delta((p) => p.p50Us).padStart(9)}` +
          `${fixed(figures.cpuUs).padStart(9)}${delta((p) => p.cpuUs).padStart(9)}` +
          `${fixed(kb(figures.allocatedPerCall)).padStart(10)}${delta((p) => kb(p.allocatedPerCall)).padStart(9)}`,
      );
    }
  }
  if (baselines) {
    const base = (mode: Mode) => phase(baselines, transport, mode)!;
    console.log(
      `baseline over its ${base("plain").runs} runs: mean ${MODES.map((mode) => `${mode} ${range(base(mode).meanRangeUs)}`).join(", ")} µs; ` +
        `CPU ${MODES.map((mode) => `${mode} ${range(base(mode).cpuRangeUs)}`).join(", ")} µs/call. Differences inside these spreads are noise.`,
    );
  }
}

export function printSpanTable(summaries: Map<string, VariantSummary>): void {
  console.log("");
  console.log("Spans of the timed calls (both transports, all runs): ended / calls, and how many carry output tokens");
  console.log(
    `${"library".padEnd(15)}${"content".padEnd(8)}${"plain".padStart(20)}${"tokens".padStart(9)}${"streamed".padStart(20)}${"tokens".padStart(9)}${"OTLP B/span".padStart(13)}`,
  );
  for (const variant of ran(summaries)) {
    if (variant.name === BASELINE) continue;
    const summary = summaries.get(variant.name)!;
    const cells = MODES.map((mode) => {
      const both = TRANSPORTS.map((transport) => phase(summary, transport, mode)).filter((p) => p !== undefined);
      const calls = both.reduce((sum, p) => sum + p.calls, 0);
      const ended = both.reduce((sum, p) => sum + p.spansEnded, 0);
      const withUsage = both.reduce((sum, p) => sum + p.spansWithUsage, 0);
      return `${`${ended} / ${calls}`.padStart(20)}${`${withUsage}${withUsage < ended ? " !" : ""}`.padStart(9)}`;
    });
    const bytesPerSpan = summary.exported.spans > 0 ? Math.round(summary.exported.bytes / summary.exported.spans) : 0;
    console.log(`${variant.library.padEnd(15)}${contentCell(variant).padEnd(8)}${cells.join("")}${String(bytesPerSpan).padStart(13)}`);
  }
  const silent = ran(summaries).filter((variant) => variant.name !== BASELINE && summaries.get(variant.name)!.exported.spans === 0);
  for (const variant of silent)
    console.log(`!! ${variant.name} made no spans at all: it did not patch openai, and its figures measure nothing`);
}

interface Ranked {
  variant: string;
  library: string;
  overheadUs: number;
}

/** The libraries' variants with the same content setting, cheapest in CPU first, for one kind of call. */
function rank(summaries: Map<string, VariantSummary>, content: "on" | "off", transport: Transport, mode: Mode): Ranked[] {
  return ran(summaries)
    .filter((variant) => variant.name !== BASELINE && variant.content === content)
    .flatMap((variant) => {
      const overheadUs = cpuOverhead(summaries, variant.name, transport, mode);
      return overheadUs === undefined ? [] : [{ variant: variant.name, library: variant.library, overheadUs }];
    })
    .sort((a, b) => a.overheadUs - b.overheadUs);
}

/**
 * The comparison by CPU overhead in memory (the figure another process on the machine disturbs least), like
 * for like by content setting, then the one-line verdict: the cheapest library for each kind of call. A lead
 * smaller than the spread between runs (of the baseline or of either library) is called a tie.
 */
export function printVerdict(summaries: Map<string, VariantSummary>): void {
  const transport: Transport = "memory";
  const winners: string[] = [];
  console.log("");
  for (const content of ["off", "on"] as const) {
    const parts = MODES.flatMap((mode) => {
      const ranked = rank(summaries, content, transport, mode);
      const [first, second] = ranked;
      if (first === undefined) return [];
      if (second !== undefined) {
        const spreads = [BASELINE, first.variant, second.variant].map((name) => cpuSpread(summaries, name, transport, mode));
        const tied = second.overheadUs - first.overheadUs < Math.max(...spreads);
        winners.push(`${mode} with content ${content}: ${first.library}${tied ? ` (${second.library} within noise)` : ""}`);
      }
      return [`${mode} ${ranked.map((r) => `${r.library} ${signed(r.overheadUs)}`).join(" < ")}`];
    });
    if (parts.length > 0) console.log(`CPU overhead per call in memory (µs), content ${content}: ${parts.join("; ")}`);
  }
  const instrumented = ran(summaries).filter((variant) => variant.name !== BASELINE);
  const tokensOnEveryStream = (variant: Variant) =>
    TRANSPORTS.every((transport) => {
      const streamed = phase(summaries.get(variant.name), transport, "streamed");
      return streamed !== undefined && streamed.spansWithUsage === streamed.calls;
    });
  const libraries = [...new Set(instrumented.map((variant) => variant.library))];
  const withStreamTokens = libraries.filter((library) => instrumented.filter((v) => v.library === library).every(tokensOnEveryStream));
  const tokens = withStreamTokens.length > 0 ? withStreamTokens.join(", ") : "none";
  if (winners.length > 0)
    console.log(`Verdict, lowest CPU overhead per call: ${winners.join("; ")}. Token counts on every streamed span: ${tokens}.`);
}
