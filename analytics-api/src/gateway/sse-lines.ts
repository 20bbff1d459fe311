// An incremental reader of Server-Sent Events: bytes in as they arrive (split anywhere, even inside a
// UTF-8 character or a CRLF), whole events out ({ event, data }). Only what a recorder needs: comments
// and id/retry fields are skipped.
import { StringDecoder } from "node:string_decoder";

export interface SseEvent {
  event: string;
  data: string;
}

export class SseReader {
  private readonly decoder = new StringDecoder("utf8");
  private pending = "";
  private event = "";
  private data: string[] = [];

  /** Feeds bytes; calls `onEvent` for each event completed by them. */
  push(chunk: Buffer, onEvent: (event: SseEvent) => void): void {
    this.pending += this.decoder.write(chunk);
    let start = 0;
    for (;;) {
      const newline = this.pending.indexOf("\n", start);
      if (newline === -1) break;
      const end = newline > start && this.pending.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
      this.line(this.pending.slice(start, end), onEvent);
      start = newline + 1;
    }
    this.pending = this.pending.slice(start);
  }

  /** The stream ended: an event not closed by a blank line is still dispatched, as browsers do not but SDKs do. */
  end(onEvent: (event: SseEvent) => void): void {
    this.pending += this.decoder.end();
    if (this.pending) this.line(this.pending, onEvent);
    this.pending = "";
    this.line("", onEvent);
  }

  private line(line: string, onEvent: (event: SseEvent) => void): void {
    if (line === "") {
      if (this.data.length > 0 || this.event) onEvent({ event: this.event, data: this.data.join("\n") });
      this.event = "";
      this.data = [];
      return;
    }
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") this.data.push(value);
    else if (field === "event") this.event = value;
  }
}
