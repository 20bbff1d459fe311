// Deterministic, provider-shaped ids (chatcmpl-…, resp_…, msg_…): a counter per prefix, so a run's ids repeat exactly.

export type IdFactory = (prefix: string) => string;

export function createIdFactory(): IdFactory {
  const counters = new Map<string, number>();
  return (prefix) => {
    const next = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, next);
    return `${prefix}mock${String(next).padStart(6, "0")}`;
  };
}
