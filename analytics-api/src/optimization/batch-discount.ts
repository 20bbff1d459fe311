// A model's Batch API discount under the project's prices, in percent (0 when it has none): the one way
// the savings calculator and the batch_api suggestion read it.
import { emptyTotals, type Pricer } from "@promptmetrics/pricing";

/** A lookup of models' batch discounts at `at`, each priced once. */
export function batchDiscounts(pricer: Pricer, at: Date): (model: string) => bigint {
  const known = new Map<string, bigint>();
  return (model) => {
    let discount = known.get(model);
    if (discount === undefined) {
      const priced = model === "" ? undefined : pricer.priceTotals({ model, at, totals: emptyTotals(), serviceTier: "batch" });
      discount = priced?.status === "priced" && priced.batchDiscountPercent !== undefined ? BigInt(priced.batchDiscountPercent) : 0n;
      known.set(model, discount);
    }
    return discount;
  };
}
