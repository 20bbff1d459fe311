// The JSON answer of GET /healthz, which container probes and load balancers poll.
import { z } from "zod";
import type { Store } from "@promptmetrics/clickhouse";
import type { Agree, Expect } from "./type-checks.ts";

export const Health = z
  .strictObject({
    status: z.literal("ok"),
    role: z.literal("api").describe("Which process answered: the API."),
    store: z.enum(["embedded", "server"]).describe("The store it uses: chDB in the process, or a ClickHouse server."),
  })
  .meta({ id: "Health" });

export type OperationsChecks = [Expect<Agree<Store["kind"], z.output<typeof Health>["store"]>>];
