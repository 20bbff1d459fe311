// Request shapes of the integrations routes (connect, disconnect, list), shared with the OpenAPI document.
import { z } from "zod";
import { PROVIDER_KINDS } from "@promptmetrics/clickhouse";
import { AzureSettings } from "./upstreams.ts";

const Id = z.string().min(1).max(200);

export const ConnectBody = z.strictObject({
  projectId: Id,
  provider: z.enum(PROVIDER_KINDS),
  apiKey: z.string().trim().min(8, "apiKey is too short to be a provider key").max(1000),
  baseUrl: z.string().max(500).optional(),
  name: z.string().trim().min(1).max(100).optional(),
  azure: AzureSettings.optional(),
  verify: z.boolean().optional(),
});

export const DisconnectBody = z.strictObject({ projectId: Id, integrationId: Id });
export const IntegrationsQuery = z.strictObject({ projectId: Id });
