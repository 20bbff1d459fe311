// Number formatting and the aligned "label  value  note" lines the ingest benchmark prints.

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export const int = (n: number): string => Math.round(n).toLocaleString("en");
export const fixed = (n: number, digits = 1): string =>
  n.toLocaleString("en", { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const mib = (bytes: number): string => `${int(bytes / 1024 ** 2)} MiB`;
export const ms = (n: number): string => `${n < 10 ? fixed(n, 1) : int(n)} ms`;
export const share = (n: number): string => `${fixed(n * 100, 1)}%`;

const LABEL_WIDTH = 40;
const VALUE_WIDTH = 18;

export function line(label: string, value: string, note = ""): void {
  console.log(`  ${label.padEnd(LABEL_WIDTH)}${value.padStart(VALUE_WIDTH)}${note ? `   ${note}` : ""}`);
}

export function heading(text: string): void {
  console.log("");
  console.log(text);
}
