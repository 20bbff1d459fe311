// Server-sent event frames as the providers write them: `event:` line only when the API names its events.

export interface SseEvent {
  /** The `event:` name; OpenAI chat completions send data-only frames. */
  event?: string;
  data: string;
}

export function jsonEvent(data: unknown, event?: string): SseEvent {
  return event === undefined ? { data: JSON.stringify(data) } : { event, data: JSON.stringify(data) };
}

export function encodeSseEvent(frame: SseEvent): string {
  return (frame.event === undefined ? "" : `event: ${frame.event}\n`) + `data: ${frame.data}\n\n`;
}
