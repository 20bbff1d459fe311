// Deterministic pseudo-random numbers and prose, so that every run of the benchmark sends the same bytes.

/** mulberry32: small, fast, and good enough to vary text and token counts. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

// A support-desk vocabulary wide enough that ZSTD sees text about as compressible as real prompts.
const WORDS = (
  "the customer asked about their invoice for the last billing period and whether the enterprise plan includes " +
  "priority support please summarise the ticket history in three bullet points then draft a polite reply that " +
  "explains the refund policy cites the relevant section of the terms of service and proposes next steps " +
  "order shipment tracking delayed warehouse carrier estimate apology discount voucher subscription renewal " +
  "cancellation downgrade upgrade seats licence workspace admin password reset two-factor authentication locked " +
  "account migration export import spreadsheet integration webhook endpoint timeout error rate limit quota " +
  "latency region europe frankfurt dublin virginia oregon tokyo singapore sydney compliance audit retention " +
  "encryption contract clause liability indemnity renewal notice quarterly annual monthly usage overage credit " +
  "escalate engineering on-call incident postmortem root cause mitigation rollback deploy release notes feature " +
  "request roadmap feedback survey satisfaction churn risk sentiment negative neutral positive urgent blocker"
).split(" ");
const NAMES = [
  "Ana",
  "Bjorn",
  "Chen",
  "Dara",
  "Elif",
  "Farid",
  "Grace",
  "Hiro",
  "Ines",
  "Jonas",
  "Kemi",
  "Luca",
  "Maya",
  "Noor",
  "Olga",
  "Priya",
];

/** Prose of about `length` characters, with ticket numbers, amounts and names as real prompts carry. */
export function prose(random: () => number, length: number): string {
  const parts: string[] = [];
  let size = 0;
  let sentence = 0;
  while (size < length) {
    const r = random();
    let word: string;
    if (r < 0.03) word = `#${100_000 + Math.floor(random() * 900_000)}`;
    else if (r < 0.05) word = `$${(random() * 5000).toFixed(2)}`;
    else if (r < 0.07) word = NAMES[Math.floor(random() * NAMES.length)]!;
    else word = WORDS[Math.floor(random() * WORDS.length)]!;
    if (sentence === 0) word = word.charAt(0).toUpperCase() + word.slice(1);
    sentence++;
    if (sentence > 8 && random() < 0.15) {
      word += ".";
      sentence = 0;
    }
    parts.push(word);
    size += word.length + 1;
  }
  // A little non-ASCII, as real prompts have.
  if (random() < 0.2) parts.push("— merci, café 🌍");
  return parts.join(" ").slice(0, length);
}

/** A lowercase alphanumeric id of `length` characters (response ids, conversation ids). */
export function token(random: () => number, length: number): string {
  let out = "";
  while (out.length < length) out += Math.floor(random() * 36).toString(36);
  return out;
}
