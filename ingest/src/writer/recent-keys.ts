// Span keys written in the last few minutes, in two rotating generations: a retried export usually
// arrives within seconds, and this answers "already written?" without asking the store. Bounded in
// entries, so memory stays flat under any load: a key costs about 190 bytes of heap, so the default
// 100,000 a generation (5 min, or less past 333 spans/s) holds at most about 40 MiB. A retry older
// than the window is still found by the store check (dedupe-batch.ts); this only saves that query.

export class RecentKeys {
  private current = new Set<string>();
  private previous = new Set<string>();
  private rotatedAt: number;
  private readonly windowMs: number;
  private readonly maxPerGeneration: number;
  private readonly now: () => number;

  constructor(windowMs = 5 * 60_000, maxPerGeneration = 100_000, now: () => number = Date.now) {
    this.windowMs = windowMs;
    this.maxPerGeneration = maxPerGeneration;
    this.now = now;
    this.rotatedAt = now();
  }

  has(key: string): boolean {
    return this.current.has(key) || this.previous.has(key);
  }

  add(key: string): void {
    if (this.current.size >= this.maxPerGeneration || this.now() - this.rotatedAt >= this.windowMs) this.rotate();
    this.current.add(key);
  }

  get size(): number {
    return this.current.size + this.previous.size;
  }

  private rotate(): void {
    this.previous = this.current;
    this.current = new Set();
    this.rotatedAt = this.now();
  }
}
