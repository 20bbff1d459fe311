// What every response builder needs besides the reply: ids, the response model and the creation time.

import type { IdFactory } from "./ids.ts";

export interface BuildContext {
  id: IdFactory;
  /** The model the response reports. */
  model: string;
  /** Epoch seconds. */
  created: number;
}
