// The gateway bench's provider: a child process answering OpenAI chat completions (JSON, or SSE with a
// usage chunk) after a fixed delay, so both paths (direct and through the gateway) wait the same.
// Prints its URL on stdout. Args: <latencyMs>.
import http from "node:http";
import type { AddressInfo } from "node:net";

const latencyMs = Number(process.argv[2] ?? 10);
const usage = { prompt_tokens: 120, completion_tokens: 30, total_tokens: 150 };
const completion = JSON.stringify({
  id: "chatcmpl-bench",
  object: "chat.completion",
  created: 1764892800,
  model: "gpt-4o-mini-2024-07-18",
  choices: [{ index: 0, message: { role: "assistant", content: "Hello from the bench upstream." }, finish_reason: "stop" }],
  usage,
});
const chunk = (delta: object, finish: string | null, extra: object = {}) =>
  `data: ${JSON.stringify({ id: "chatcmpl-bench", object: "chat.completion.chunk", created: 1764892800, model: "gpt-4o-mini-2024-07-18", choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`;
const streamFrames = [
  chunk({ role: "assistant", content: "" }, null),
  ...["Hello ", "from ", "the ", "bench ", "upstream."].map((word) => chunk({ content: word }, null)),
  chunk({}, "stop"),
  `data: ${JSON.stringify({ id: "chatcmpl-bench", object: "chat.completion.chunk", created: 1764892800, model: "gpt-4o-mini-2024-07-18", choices: [], usage })}\n\n`,
  "data: [DONE]\n\n",
];

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const stream = Buffer.concat(chunks).includes('"stream":true');
    setTimeout(() => {
      if (!stream) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(completion);
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream" });
      for (const frame of streamFrames) res.write(frame);
      res.end();
    }, latencyMs);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
