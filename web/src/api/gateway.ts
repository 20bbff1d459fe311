// The gateway's settings: a project's provider connections, gateway keys, limits, settings and routing rules.
import { request } from "./endpoints.ts";
import type { CreatedIngestKey, GatewayLimit, GatewaySettings, IngestKey, ProviderConnection, RoutingStats } from "./types.ts";

type Signal = AbortSignal | undefined;

export type ProviderKind = ProviderConnection["provider"];

export const listIntegrations = (projectId: string, signal?: Signal) =>
  request<ProviderConnection[]>("listIntegrations", { query: { projectId }, signal });
export const connectIntegration = (body: {
  projectId: string;
  provider: ProviderKind;
  apiKey: string;
  baseUrl?: string;
  name?: string;
  verify?: boolean;
}) => request<ProviderConnection>("connectIntegration", { body });
export const disconnectIntegration = (projectId: string, integrationId: string) =>
  request<void>("disconnectIntegration", { body: { projectId, integrationId } });

export const listGatewayLimits = (projectId: string, signal?: Signal) =>
  request<GatewayLimit[]>("listGatewayLimits", { params: { projectId }, signal });
export const createGatewayLimit = (
  projectId: string,
  body: { scope: GatewayLimit["scope"]; subject?: string; metric: GatewayLimit["metric"]; max: string },
) => request<GatewayLimit>("createGatewayLimit", { params: { projectId }, body });
export const deleteGatewayLimit = (projectId: string, limitId: string) =>
  request<void>("deleteGatewayLimit", { params: { projectId, limitId } });

export const listGatewayKeys = (projectId: string, signal?: Signal) =>
  request<IngestKey[]>("listGatewayKeys", { params: { projectId }, signal });
export const createGatewayKey = (projectId: string, name: string) =>
  request<CreatedIngestKey>("createGatewayKey", { params: { projectId }, body: { name } });
export const revokeGatewayKey = (projectId: string, keyId: string) => request<void>("revokeGatewayKey", { params: { projectId, keyId } });

export const getGatewaySettings = (projectId: string, signal?: Signal) =>
  request<GatewaySettings>("getGatewaySettings", { params: { projectId }, signal });
export const updateGatewaySettings = (projectId: string, body: { allowKeyPassthrough: boolean }) =>
  request<GatewaySettings>("updateGatewaySettings", { params: { projectId }, body });

/** Every routing rule with its traffic and savings in the range (from/to/tz as the analytics routes take them). */
export const getRoutingStats = (projectId: string, range: { from?: string; to?: string; tz?: string }, signal?: Signal) =>
  request<RoutingStats>("routingStats", { params: { projectId }, query: { ...range }, signal });
export const deleteRoutingRule = (projectId: string, ruleId: string) =>
  request<void>("deleteRoutingRule", { params: { projectId, ruleId } });
