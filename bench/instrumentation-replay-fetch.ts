// An in-memory `fetch` for the OpenAI client: it answers with bytes recorded once from the mock provider, a
// streamed answer one SSE event per read as a socket delivers them, so a call costs no network or server time.

export interface RecordedAnswer {
  status: number;
  headers: [string, string][];
  chunks: Uint8Array[];
}

/** Headers that describe one connection or moment rather than the answer. */
const TRANSPORT_HEADERS = new Set(["connection", "content-length", "date", "keep-alive", "transfer-encoding"]);

/** Sends `body` to the mock once and keeps the answer's status, headers and bytes (per SSE event when streamed). */
export async function recordAnswer(url: string, body: object): Promise<RecordedAnswer> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer x" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`the mock answered ${response.status}: ${text}`);
  const streamed = response.headers.get("content-type")?.startsWith("text/event-stream") === true;
  const encoder = new TextEncoder();
  return {
    status: response.status,
    headers: [...response.headers].filter(([name]) => !TRANSPORT_HEADERS.has(name)),
    chunks: (streamed ? text.split(/(?<=\n\n)/) : [text]).map((part) => encoder.encode(part)),
  };
}

/** A fetch that answers a streamed request (`"stream":true` in the body) with `streamed`, any other with `plain`. */
export function replayFetch(answers: { plain: RecordedAnswer; streamed: RecordedAnswer }): typeof fetch {
  return async (_input, init) => {
    const streamed = typeof init?.body === "string" && init.body.includes('"stream":true');
    const answer = streamed ? answers.streamed : answers.plain;
    let next = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const chunk = answer.chunks[next++];
        if (chunk === undefined) controller.close();
        else controller.enqueue(chunk);
      },
    });
    return new Response(body, { status: answer.status, headers: answer.headers });
  };
}
