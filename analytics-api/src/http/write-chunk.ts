// Writing a streamed answer with backpressure: resolves true once the chunk is taken (at once, or after
// the socket drains), false when the client went away, so a download stops reading the store.
import type { Response } from "express";

export function writeChunk(res: Response, chunk: string): Promise<boolean> | boolean {
  if (res.destroyed) return false;
  if (res.write(chunk)) return true;
  return new Promise<boolean>((resolve) => {
    const done = (drained: boolean) => {
      res.off("drain", onDrain);
      res.off("close", onClose);
      resolve(drained);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    res.on("drain", onDrain);
    res.on("close", onClose);
  });
}
