// The text `prices sync` prints: the diff (new models, changed prices old → new with their effective date,
// how many stored runs each would re-price, what was skipped and why) and the reprice commands to run.
import type { FieldChange, PriceSyncChange, PriceSyncPlan, SkippedEntry } from "@promptmetrics/pricing";
import type { AffectedRuns } from "./affected-runs.ts";

const PRICE_LABELS: Readonly<Record<string, string>> = {
  input: "input",
  cachedInput: "cached input",
  cacheWrite5m: "5-min cache write",
  cacheWrite1h: "1-hour cache write",
  cacheWrite30m: "30-min cache write",
  cacheWrite12h: "12-hour cache write",
  output: "output",
};
const TIERS = ["flex", "priority", "fast", "ultrafast"];
const LIST_AT_MOST = 10;

export interface PriceSyncReport {
  plan: PriceSyncPlan;
  /** Entries in the list (mapped and skipped by the mapper). */
  entries: number;
  affected: ReadonlyMap<string, AffectedRuns>;
}

export function formatPriceSync({ plan, entries, affected }: PriceSyncReport): string {
  const lines: string[] = [];
  const mapped = plan.added.length + plan.changed.length + plan.unchanged.length;
  lines.push(
    `Read ${plural(entries, "entry", "entries")} from ${plan.source} (LiteLLM's format): ${mapped} model(s) mapped, ${plan.skipped.length} skipped.`,
  );
  lines.push(`New and changed prices apply from ${plan.effectiveFrom}; runs before that day keep their prices.`);

  lines.push("", `New models (${plan.added.length}):`);
  if (plan.added.length === 0) lines.push("  none");
  for (const change of plan.added) {
    lines.push(
      `  ${change.model} (${change.provider}, ${change.kind})${change.sourceModel === change.model ? "" : ` as "${change.sourceModel}" in the list`}`,
    );
    for (const group of groupFields(change.fields))
      lines.push(`    ${group.label}: ${group.fields.map((f) => `${f.name} ${f.after ?? "—"}`).join(", ")}`);
    lines.push(`    ${runsLine(affected.get(change.model), plan.effectiveFrom, "to price")}`);
    for (const note of change.notes) lines.push(`    note: ${note}`);
  }

  lines.push("", `Changed prices (${plan.changed.length}), USD per 1M tokens, old → new from ${plan.effectiveFrom}:`);
  if (plan.changed.length === 0) lines.push("  none");
  for (const change of plan.changed) {
    lines.push(`  ${change.model} (${describeBefore(change)})`);
    for (const group of groupFields(change.fields))
      lines.push(`    ${group.label}: ${group.fields.map((f) => `${f.name} ${f.before ?? "—"} → ${f.after ?? "—"}`).join(", ")}`);
    lines.push(`    ${runsLine(affected.get(change.model), plan.effectiveFrom, "to re-price")}`);
    for (const note of change.notes) lines.push(`    note: ${note}`);
  }

  lines.push("", `Unchanged: ${plural(plan.unchanged.length, "model", "models")}${listed(plan.unchanged)}.`);
  if (plan.notSelected > 0) lines.push(`Left out (not named with --model): ${plural(plan.notSelected, "model", "models")}.`);
  for (const name of plan.notFound) lines.push(`--model ${name}: the list has no price for it.`);
  if (plan.skipped.length > 0) {
    lines.push("", `Skipped (${plan.skipped.length}):`);
    lines.push(...formatSkipped(plan.skipped).map((line) => `  ${line}`));
  }
  return `${lines.join("\n")}\n`;
}

/** The reprice commands that bring stored runs in line with the new prices, one per stored model name. */
export function repriceCommands(plan: PriceSyncPlan, affected: ReadonlyMap<string, AffectedRuns>, to: string): string[][] {
  const names = new Set<string>();
  for (const change of [...plan.added, ...plan.changed]) {
    const entry = affected.get(change.model);
    if (entry && entry.runs > 0) for (const name of entry.names) names.add(name);
  }
  return [...names].sort().map((name) => ["reprice", "--from", plan.effectiveFrom, "--to", to, "--model", name]);
}

/** A command line as a user would type it: arguments with spaces or quotes are quoted. */
export function shellLine(args: readonly string[]): string {
  return ["promptmetrics", ...args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`)).join(" ");
}

function describeBefore(change: PriceSyncChange): string {
  const before = change.before;
  if (before === undefined) return change.provider;
  const layer = before.source === "synced" ? "synced" : "catalogue";
  return `${change.provider}; ${layer} price from ${before.period.from}`;
}

function runsLine(entry: AffectedRuns | undefined, from: string, what: string): string {
  const runs = entry?.runs ?? 0;
  if (runs === 0) return `no stored runs from ${from} ${what}`;
  return `${plural(runs, "stored run", "stored runs")} from ${from} ${what}${entry!.names.length > 0 ? ` (${entry!.names.join(", ")})` : ""}`;
}

interface FieldGroup {
  label: string;
  fields: { name: string; before: string | undefined; after: string | undefined }[];
}

/** Fields by tier: base prices, long context, each service tier (and its long context), the uplift. */
function groupFields(fields: readonly FieldChange[]): FieldGroup[] {
  const groups = new Map<string, FieldGroup>();
  const add = (label: string, name: string, change: FieldChange, suffix = "") => {
    const group = groups.get(label) ?? { label, fields: [] };
    const fmt = (v: string | undefined) => (v === undefined ? undefined : `${v}${suffix}`);
    group.fields.push({ name, before: fmt(change.before), after: fmt(change.after) });
    groups.set(label, group);
  };
  for (const change of fields) {
    const parts = change.field.split(".");
    if (change.field === "regionalUpliftPercent") add("regional processing", "uplift", change, "%");
    else if (change.field === "longContext.aboveInputTokens") add("long context", "above input tokens", change);
    else if (parts[0] === "longContext") add("long context", PRICE_LABELS[parts[1] ?? ""] ?? change.field, change);
    else if (TIERS.includes(parts[0] ?? "") && parts[1] === "longContext")
      add(`${parts[0]}, long context`, PRICE_LABELS[parts[2] ?? ""] ?? change.field, change);
    else if (TIERS.includes(parts[0] ?? "")) add(parts[0]!, PRICE_LABELS[parts[1] ?? ""] ?? change.field, change);
    else add("standard", PRICE_LABELS[change.field] ?? change.field, change);
  }
  return [...groups.values()];
}

/** Entries of other providers and of media models as counts; every other skip with its reason. */
function formatSkipped(skipped: readonly SkippedEntry[]): string[] {
  const lines: string[] = [];
  const byCode = (code: string) => skipped.filter((s) => s.code === code);
  const providers = byCode("provider");
  if (providers.length > 0) {
    const counts = new Map<string, number>();
    for (const s of providers) counts.set(s.provider, (counts.get(s.provider) ?? 0) + 1);
    const top = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const shown = top
      .slice(0, 5)
      .map(([p, n]) => `${p} ${n}`)
      .join(", ");
    lines.push(
      `${plural(providers.length, "entry", "entries")} of providers the catalogue does not price (${shown}${top.length > 5 ? ", ..." : ""})`,
    );
  }
  const routed = byCode("routed_name");
  if (routed.length > 0)
    lines.push(
      `${plural(routed.length, "routed or resold name", "routed or resold names")}; the bare name carries the price${listed(routed.map((s) => s.sourceModel))}`,
    );
  const media = byCode("mode");
  if (media.length > 0)
    lines.push(`${plural(media.length, "entry", "entries")} not billed per token${listed(media.map((s) => s.sourceModel))}`);
  for (const s of skipped) {
    if (s.code === "provider" || s.code === "routed_name" || s.code === "mode") continue;
    lines.push(`${s.sourceModel}: ${s.reason}`);
  }
  return lines;
}

function listed(names: readonly string[]): string {
  if (names.length === 0) return "";
  const shown = names.slice(0, LIST_AT_MOST).join(", ");
  return ` (${shown}${names.length > LIST_AT_MOST ? `, and ${names.length - LIST_AT_MOST} more` : ""})`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
