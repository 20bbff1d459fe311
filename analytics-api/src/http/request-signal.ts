// A request's abort signal: it fires when the client closes the connection before the answer is sent
// (a dashboard that moved on, a cancelled fetch), so the store reads made for the request stop with it.
import type { Response } from "express";

/** Aborts when the response's connection closes before the answer has been written. */
export function requestSignal(res: Response): AbortSignal {
  const controller = new AbortController();
  const gone = () => controller.abort(new Error("The client closed the connection before the answer was sent"));
  // Already closed while earlier middleware (the caller's session) was reading.
  if (res.destroyed) {
    gone();
  } else {
    res.once("close", () => {
      if (!res.writableEnded) gone();
    });
  }
  return controller.signal;
}
