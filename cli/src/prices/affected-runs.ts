// Which stored runs a price sync re-prices: runs from the effective date whose names the install's pricer
// after the sync resolves to a new or changed model. Runs priced by a project's own override or custom
// model keep that price (it wins over synced prices), and a cost the caller gave is never recomputed.
import type { LlmRunCount } from "@promptmetrics/clickhouse";
import type { Pricer } from "@promptmetrics/pricing";
import { matchSpanModel } from "@promptmetrics/runs";

export interface AffectedRuns {
  runs: number;
  /** The stored names those runs are priced by: what `reprice --model` selects them with. */
  names: string[];
}

const KEEP_THEIR_PRICE = new Set(["caller", "override", "custom"]);

export function affectedRuns(counts: readonly LlmRunCount[], models: Iterable<string>, after: Pricer): Map<string, AffectedRuns> {
  const out = new Map<string, AffectedRuns>();
  for (const model of models) out.set(model, { runs: 0, names: [] });
  for (const count of counts) {
    if (KEEP_THEIR_PRICE.has(count.priceSource)) continue;
    const row = { provider: "", request_model: count.requestModel, response_model: count.responseModel };
    const match = matchSpanModel(row, after);
    const entry = match === undefined ? undefined : out.get(match.modelId);
    if (entry === undefined) continue;
    entry.runs += count.runs;
    // The same rule as the match: the response model when it is priced, else the requested one.
    const name = count.responseModel && after.match(count.responseModel) !== undefined ? count.responseModel : count.requestModel;
    if (!entry.names.includes(name)) entry.names.push(name);
  }
  for (const entry of out.values()) entry.names.sort();
  return out;
}
