// Admission control by bytes: a request holds its body's bytes (declared, then as read and as
// decompressed) from the moment it is admitted until it is answered — while it is read, decoded, priced
// and waiting for the insert that carries its rows. Past the budget a request is refused before its body
// is read (429 + Retry-After), so memory follows the budget, not the number of clients.
export class AdmissionBudget {
  readonly maxBytes: number;
  private held = 0;

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  get heldBytes(): number {
    return this.held;
  }

  /** A ticket for one request, holding nothing yet. */
  open(): AdmissionTicket {
    return new AdmissionTicket(this);
  }

  /** Takes `bytes` if they fit; when nothing is held they always do, so one large request is never refused forever. */
  tryTake(bytes: number): boolean {
    if (this.held > 0 && this.held + bytes > this.maxBytes) return false;
    this.held += bytes;
    return true;
  }

  give(bytes: number): void {
    this.held -= bytes;
  }
}

export class AdmissionTicket {
  private readonly budget: AdmissionBudget;
  private bytes = 0;
  private released = false;

  constructor(budget: AdmissionBudget) {
    this.budget = budget;
  }

  /** Holds at least `total` bytes for this request; false (holding what it held) when the budget is spent. */
  holdAtLeast(total: number): boolean {
    if (this.released || total <= this.bytes) return true;
    if (!this.budget.tryTake(total - this.bytes)) return false;
    this.bytes = total;
    return true;
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.budget.give(this.bytes);
    this.bytes = 0;
  }
}

/** The budget is spent: try again after `retryAfterSeconds`. */
export class AdmissionRefusedError extends Error {
  readonly retryAfterSeconds = 1;
  constructor() {
    super("The ingest is at its memory budget (PROMPTMETRICS_INGEST_QUEUE_BYTES of requests in progress); retry later");
    this.name = "AdmissionRefusedError";
  }
}
