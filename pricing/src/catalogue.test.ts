import assert from "node:assert/strict";
import { describe, it } from "node:test";
import raw from "../catalogue.json" with { type: "json" };
import { catalogue, validateCatalogue } from "./catalogue.ts";
import { PricingError } from "./errors.ts";
import { createCatalogueMatcher } from "./match.ts";

// Checked against the raw JSON, independently of the validator, so an edit that slips past
// validation still fails here.
describe("catalogue.json is well formed", () => {
  const decimal = /^(0|[1-9][0-9]*)(\.[0-9]{1,6})?$/;
  const models = raw.models as unknown as Array<Record<string, unknown>>;

  it("records when prices were checked and where from", () => {
    assert.match(raw.asOf, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(raw.sources.length > 50);
    assert.equal(raw.providers.openai.batchDiscountPercent, 50);
    assert.equal(raw.providers.anthropic.batchDiscountPercent, 50);
  });

  it("gives every entry a provider and a kind", () => {
    for (const m of models) {
      assert.ok(["openai", "anthropic"].includes(m["provider"] as string), `${m["id"]} provider`);
      assert.ok(["chat", "reasoning", "embedding"].includes(m["kind"] as string), `${m["id"]} kind`);
    }
  });

  it("has real ISO from-dates in ascending order", () => {
    for (const m of models) {
      const periods = m["periods"] as Array<{ from: string }>;
      assert.ok(periods.length > 0, `${m["id"]} has periods`);
      let previous = "";
      for (const p of periods) {
        assert.match(p.from, /^\d{4}-\d{2}-\d{2}$/, `${m["id"]} from`);
        assert.equal(new Date(`${p.from}T00:00:00Z`).toISOString().slice(0, 10), p.from, `${m["id"]} ${p.from} is a real day`);
        assert.ok(p.from > previous, `${m["id"]} periods ascend`);
        previous = p.from;
      }
    }
  });

  it("writes every price as a non-negative decimal with at most 6 decimals, cached input never above input", () => {
    const priceSets: Array<[string, Record<string, string>]> = [];
    for (const m of models) {
      for (const p of m["periods"] as Array<Record<string, unknown>>) {
        priceSets.push([m["id"] as string, p["prices"] as Record<string, string>]);
        const lc = p["longContext"] as { prices: Record<string, string> } | undefined;
        if (lc) priceSets.push([`${m["id"]} long context`, lc.prices]);
        for (const [name, tier] of Object.entries((p["serviceTiers"] ?? {}) as Record<string, Record<string, unknown>>)) {
          const { longContext, ...prices } = tier;
          priceSets.push([`${m["id"]} ${name}`, prices as Record<string, string>]);
          if (longContext) priceSets.push([`${m["id"]} ${name} long context`, longContext as Record<string, string>]);
        }
      }
    }
    assert.ok(priceSets.length >= 40);
    for (const [label, prices] of priceSets) {
      for (const [field, value] of Object.entries(prices)) assert.match(value, decimal, `${label} ${field}`);
      if (prices["cachedInput"] !== undefined) {
        assert.ok(Number(prices["cachedInput"]) <= Number(prices["input"]), `${label} cachedInput <= input`);
      }
    }
  });

  it("never lets two entries claim the same normalized name", () => {
    const owner = new Map<string, string>();
    for (const m of models) {
      const names = [m["id"], ...((m["snapshots"] as string[]) ?? []), ...((m["aliases"] as string[]) ?? [])] as string[];
      for (const name of names) {
        const key = name.trim().toLowerCase();
        assert.ok(!owner.has(key) || owner.get(key) === m["id"], `${name} claimed by ${owner.get(key)} and ${m["id"]}`);
        owner.set(key, m["id"] as string);
      }
    }
  });

  it("covers the models the reference list requires", () => {
    const ids = new Set(catalogue.models.map((m) => m.id));
    const required = [
      "gpt-5",
      "gpt-5-mini",
      "gpt-5-nano",
      "gpt-4.1",
      "gpt-4.1-mini",
      "gpt-4.1-nano",
      "gpt-4o",
      "gpt-4o-2024-05-13",
      "gpt-4o-mini",
      "o1",
      "o3",
      "o3-mini",
      "o4-mini",
      "gpt-3.5-turbo",
      "gpt-4-turbo",
      "gpt-4",
      "text-embedding-3-small",
      "text-embedding-3-large",
      "text-embedding-ada-002",
      "claude-opus-4-1",
      "claude-opus-4",
      "claude-sonnet-4-5",
      "claude-sonnet-4",
      "claude-3-7-sonnet",
      "claude-haiku-4-5",
      "claude-3-5-haiku",
      "claude-3-5-sonnet",
      "claude-3-haiku",
      "claude-3-opus",
      "ft:gpt-4o-mini",
      "ft:gpt-4o",
      "ft:gpt-4.1",
      "ft:gpt-4.1-mini",
      "ft:gpt-4.1-nano",
      "ft:gpt-3.5-turbo",
    ];
    for (const id of required) assert.ok(ids.has(id), id);
  });
});

// The models the 2026-12-04 audit added: each period must say where its prices come from and when
// they were read, so a reviewer can re-check them.
const AUDITED_2026_12 = [
  "gpt-6.2-sol",
  "gpt-6.1-sol",
  "gpt-6-sol",
  "gpt-6-luna",
  "gpt-6-astra",
  "gpt-5.6-sol",
  "gpt-5.6-terra",
  "gpt-5.6-luna",
  "gpt-5.5",
  "gpt-5.5-pro",
  "gpt-5.4",
  "gpt-5.4-pro",
  "gpt-5.4-mini",
  "gpt-5.4-nano",
  "gpt-5.3-codex",
  "gpt-5.2-pro",
  "gpt-5-pro",
  "gpt-5-codex",
  "codex-mini-latest",
  "o3-pro",
  "o1-pro",
  "o1-mini",
  "o4-mini-deep-research",
  "chatgpt-4o-latest",
  "gpt-4.5-preview",
  "claude-opus-5-5",
  "claude-sonnet-5-5",
  "claude-haiku-5-5",
  "claude-fable-5-1",
  "claude-fable-5",
  "claude-mythos-5",
  "claude-opus-5",
  "claude-opus-4-8",
  "claude-opus-4-7",
  "claude-sonnet-5",
];

describe("catalogue.json records its sources", () => {
  it("prices every model the 2026-12-04 audit added", () => {
    const ids = new Set(catalogue.models.map((m) => m.id));
    for (const id of AUDITED_2026_12) assert.ok(ids.has(id), id);
  });

  it("names the sources and the day read for every period of an audited model", () => {
    for (const id of AUDITED_2026_12) {
      const entry = catalogue.models.find((m) => m.id === id);
      for (const [i, period] of (entry?.periods ?? []).entries()) {
        assert.ok(period.sources && period.sources.length > 0, `${id} periods[${i}] sources`);
        assert.equal(period.read, "2026-12-04", `${id} periods[${i}] read`);
        for (const source of period.sources ?? []) assert.ok(catalogue.references[source], `${id} names a known source ${source}`);
      }
    }
  });

  it("gives every reference a title, an address, the version read and a date", () => {
    assert.ok(Object.keys(catalogue.references).length >= 5);
    for (const [id, ref] of Object.entries(catalogue.references)) {
      assert.ok(ref.title && ref.url && ref.version, id);
      assert.match(ref.read, /^\d{4}-\d{2}-\d{2}$/, id);
    }
  });

  it("lists the models left unknown with a reason, and none of them is priced", () => {
    assert.ok(catalogue.deliberatelyUnknown.length > 0);
    const matcher = createCatalogueMatcher(catalogue);
    for (const note of catalogue.deliberatelyUnknown) {
      assert.ok(note.reason.length > 20, note.model);
      assert.equal(matcher.match(note.model), undefined, `${note.model} must stay unknown`);
    }
  });
});

describe("validateCatalogue", () => {
  const fresh = (): { models: Array<Record<string, unknown>> } & Record<string, unknown> =>
    structuredClone(raw) as unknown as { models: Array<Record<string, unknown>> } & Record<string, unknown>;
  const entry = (data: ReturnType<typeof fresh>, id: string): Record<string, unknown> => {
    const found = data.models.find((m) => m["id"] === id);
    assert.ok(found, id);
    return found;
  };
  const rejects = (data: unknown, expected: { model?: string; field: string }): void => {
    assert.throws(
      () => validateCatalogue(data),
      (err: unknown) => {
        assert.ok(err instanceof PricingError);
        assert.equal(err.code, "invalid_catalogue");
        assert.equal(err.field, expected.field);
        assert.equal(err.model, expected.model);
        return true;
      },
    );
  };

  it("accepts the bundled file", () => {
    assert.equal(validateCatalogue(raw).models.length, catalogue.models.length);
  });

  it("names the model and field of a malformed price", () => {
    const data = fresh();
    (entry(data, "gpt-4o")["periods"] as Array<{ prices: Record<string, string> }>)[0]!.prices["input"] = "2,50";
    rejects(data, { model: "gpt-4o", field: "periods[0].prices.input" });
  });

  it("rejects a missing output price and a cached price above input", () => {
    const missing = fresh();
    delete (entry(missing, "o3")["periods"] as Array<{ prices: Record<string, string> }>)[1]!.prices["output"];
    rejects(missing, { model: "o3", field: "periods[1].prices.output" });

    const inverted = fresh();
    (entry(inverted, "gpt-4.1")["periods"] as Array<{ prices: Record<string, string> }>)[0]!.prices["cachedInput"] = "3";
    rejects(inverted, { model: "gpt-4.1", field: "periods[0].prices.cachedInput" });
  });

  it("rejects periods out of order and impossible dates", () => {
    const unordered = fresh();
    (entry(unordered, "o3")["periods"] as Array<{ from: string }>).reverse();
    rejects(unordered, { model: "o3", field: "periods[1].from" });

    const impossible = fresh();
    (entry(impossible, "gpt-5")["periods"] as Array<{ from: string }>)[0]!.from = "2025-02-30";
    rejects(impossible, { model: "gpt-5", field: "periods[0].from" });
  });

  it("rejects unknown providers, kinds and fields", () => {
    const provider = fresh();
    entry(provider, "gpt-5")["provider"] = "google";
    rejects(provider, { model: "gpt-5", field: "provider" });

    const kind = fresh();
    entry(kind, "gpt-5")["kind"] = "image";
    rejects(kind, { model: "gpt-5", field: "kind" });

    const extra = fresh();
    entry(extra, "gpt-5")["price"] = "1";
    rejects(extra, { model: "gpt-5", field: "price" });

    const root = fresh();
    root["version"] = 2;
    rejects(root, { field: "version" });
  });

  it("rejects snapshot and alias lists that are not lists of names", () => {
    const data = fresh();
    entry(data, "gpt-4o")["snapshots"] = "gpt-4o-2024-08-06";
    rejects(data, { model: "gpt-4o", field: "snapshots" });
    const blank = fresh();
    entry(blank, "gpt-4o")["aliases"] = [""];
    rejects(blank, { model: "gpt-4o", field: "aliases" });
  });

  it("rejects a name claimed by two entries", () => {
    const data = fresh();
    entry(data, "gpt-4o-mini")["aliases"] = ["GPT-4o-2024-08-06"];
    rejects(data, { model: "gpt-4o-mini", field: "snapshots" });
  });

  it("rejects a fine-tune entry whose base model is missing", () => {
    const data = fresh();
    entry(data, "ft:gpt-4.1-nano")["id"] = "ft:gpt-9";
    rejects(data, { model: "ft:gpt-9", field: "id" });
  });

  it("rejects malformed long-context tiers, service tiers and provider terms", () => {
    const lc = fresh();
    const lcPeriod = (entry(lc, "claude-sonnet-4-5")["periods"] as Array<{ longContext: { aboveInputTokens: unknown } }>)[0]!;
    lcPeriod.longContext.aboveInputTokens = "200k";
    rejects(lc, { model: "claude-sonnet-4-5", field: "periods[0].longContext.aboveInputTokens" });

    const tiers = fresh();
    (entry(tiers, "gpt-5")["periods"] as Array<{ serviceTiers: Record<string, unknown> }>)[0]!.serviceTiers["scale"] = {};
    rejects(tiers, { model: "gpt-5", field: "periods[0].serviceTiers.scale" });

    const terms = fresh();
    (terms["providers"] as Record<string, Record<string, unknown>>)["openai"]!["batchDiscountPercent"] = 50.5;
    rejects(terms, { field: "providers.openai.batchDiscountPercent" });

    rejects("not json", { field: "(root)" });
    rejects({ ...fresh(), asOf: "yesterday" }, { field: "asOf" });
    rejects({ ...fresh(), models: {} }, { field: "models" });
  });

  it("rejects unknown source ids, a read date without sources and bad regional uplifts", () => {
    const source = fresh();
    (entry(source, "gpt-6-sol")["periods"] as Array<{ sources: string[] }>)[0]!.sources = ["my-memory"];
    rejects(source, { model: "gpt-6-sol", field: "periods[0].sources" });

    const read = fresh();
    (entry(read, "gpt-4.1-nano")["periods"] as Array<Record<string, unknown>>)[0]!["read"] = "2026-12-04";
    delete (entry(read, "gpt-4.1-nano")["periods"] as Array<Record<string, unknown>>)[0]!["sources"];
    rejects(read, { model: "gpt-4.1-nano", field: "periods[0].read" });

    const uplift = fresh();
    (entry(uplift, "claude-opus-5")["periods"] as Array<Record<string, unknown>>)[0]!["regionalUpliftPercent"] = 1.1;
    rejects(uplift, { model: "claude-opus-5", field: "periods[0].regionalUpliftPercent" });
  });

  it("rejects a tier's long-context prices without a threshold, and mixed cache-write lifetimes", () => {
    const lc = fresh();
    const tiers = (entry(lc, "gpt-5.2")["periods"] as Array<{ serviceTiers: Record<string, Record<string, unknown>> }>)[0]!.serviceTiers;
    tiers["flex"]!["longContext"] = { input: "1", output: "2" };
    rejects(lc, { model: "gpt-5.2", field: "periods[0].serviceTiers.flex.longContext" });

    const mixed = fresh();
    (entry(mixed, "gpt-6.2-sol")["periods"] as Array<{ prices: Record<string, string> }>)[0]!.prices["cacheWrite1h"] = "4";
    rejects(mixed, { model: "gpt-6.2-sol", field: "periods[0].prices.cacheWrite30m" });
  });

  it("rejects a deliberately unknown model that an entry prices", () => {
    const data = fresh();
    (data["deliberatelyUnknown"] as Array<Record<string, string>>).push({
      model: "gpt-5.5",
      reason: "changed our minds",
      checked: "2026-12-04",
    });
    rejects(data, { model: "gpt-5.5", field: "deliberatelyUnknown" });
  });

  it("labels an entry without an id by its position", () => {
    const data = fresh();
    delete data.models[0]!["id"];
    rejects(data, { model: "#0", field: "id" });
  });
});
