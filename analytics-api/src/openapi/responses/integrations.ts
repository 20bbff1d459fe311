// The JSON answers of the integrations routes: a project's provider connections, never their keys.
import { z } from "zod";
import { PROVIDER_KINDS } from "@promptmetrics/clickhouse";
import type { ProviderConnectionView } from "../../gateway/integrations-router.ts";
import { Timestamp } from "./common.ts";
import type { Agree, Expect, JsonOf } from "./type-checks.ts";

export const ProviderConnection = z
  .strictObject({
    id: z.string().describe("The connection's id (pk_…): what disconnect and x-promptmetrics-integration name."),
    projectId: z.string(),
    provider: z.enum(PROVIDER_KINDS),
    name: z.string(),
    baseUrl: z.string().describe("Empty: the provider's public API."),
    keyLast4: z.string().describe("The key's last four characters; the key itself is never shown again."),
    azure: z.unknown().describe("Azure OpenAI's { apiVersion, deployments }; null for other providers."),
    createdAt: Timestamp,
    lastUsedAt: Timestamp.nullable().describe("When the gateway last sent a call with it (to the minute); null: never."),
  })
  .meta({ id: "ProviderConnection" });

export type IntegrationsChecks = [Expect<Agree<JsonOf<ProviderConnectionView>, z.output<typeof ProviderConnection>>>];
