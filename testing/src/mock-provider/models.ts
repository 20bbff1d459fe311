// Requested model → the dated snapshot the real APIs report back in `model` (aliases resolve server-side).

const BUILT_IN_SNAPSHOTS: Readonly<Record<string, string>> = {
  "gpt-4o": "gpt-4o-2024-08-06",
  "gpt-4o-mini": "gpt-4o-mini-2024-07-18",
  "gpt-4.1": "gpt-4.1-2025-04-14",
  "gpt-4.1-mini": "gpt-4.1-mini-2025-04-14",
  "gpt-4.1-nano": "gpt-4.1-nano-2025-04-14",
  o3: "o3-2025-04-16",
  "o3-mini": "o3-mini-2025-01-31",
  "o4-mini": "o4-mini-2025-04-16",
  "gpt-5": "gpt-5-2025-08-07",
  "gpt-5-mini": "gpt-5-mini-2025-08-07",
  "gpt-5-nano": "gpt-5-nano-2025-08-07",
  "claude-sonnet-4-5": "claude-sonnet-4-5-20250929",
  "claude-haiku-4-5": "claude-haiku-4-5-20251001",
  "claude-opus-4-5": "claude-opus-4-5-20251101",
  "claude-opus-4-1": "claude-opus-4-1-20250805",
  "claude-sonnet-4-0": "claude-sonnet-4-20250514",
  "claude-3-5-haiku-latest": "claude-3-5-haiku-20241022",
};

export type SnapshotResolver = (requested: string) => string;

export function createSnapshotResolver(overrides: Record<string, string> = {}): SnapshotResolver {
  const table: Record<string, string> = { ...BUILT_IN_SNAPSHOTS, ...overrides };
  return (requested) => table[requested] ?? requested;
}
