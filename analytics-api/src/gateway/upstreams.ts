// Where a gateway call goes: the URL and the credentials of the provider behind a connection. The
// client speaks OpenAI's or Anthropic's API (its "dialect"); OpenAI, Azure OpenAI and OpenAI-compatible
// connections serve the first, Anthropic connections the second.
import { z } from "zod";
import type { ProviderKind } from "@promptmetrics/clickhouse";

export type Dialect = "openai" | "anthropic";

export const DIALECT_OF: Readonly<Record<ProviderKind, Dialect>> = {
  openai: "openai",
  azure: "openai",
  openai_compatible: "openai",
  anthropic: "anthropic",
};

/** The OTel gen_ai.provider.name of calls through each kind (an OpenAI-compatible API is priced as OpenAI's models). */
export const PROVIDER_NAME: Readonly<Record<ProviderKind, string>> = {
  openai: "openai",
  azure: "azure.ai.openai",
  openai_compatible: "openai",
  anthropic: "anthropic",
};

const PUBLIC_BASE: Partial<Record<ProviderKind, string>> = {
  openai: "https://api.openai.com/v1",
  anthropic: "https://api.anthropic.com/v1",
};

/** Azure OpenAI: which deployment serves each model the client asks for, and the API version. */
export const AzureSettings = z.strictObject({
  apiVersion: z.string().regex(/^\d{4}-\d{2}-\d{2}(-preview)?$/, "apiVersion looks like 2024-10-21"),
  deployments: z.record(z.string().min(1).max(200), z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, "a deployment name")),
});
export type AzureSettings = z.infer<typeof AzureSettings>;

export interface Connection {
  provider: ProviderKind;
  baseUrl: string;
  /** Parsed settings; AzureSettings for azure. */
  azure?: AzureSettings;
}

export interface UpstreamTarget {
  url: URL;
  headers: Record<string, string>;
}

export class UpstreamRouteError extends Error {
  override readonly name = "UpstreamRouteError";
}

/** `path` is what follows /v1 in the client's URL, with its query ("/chat/completions"). */
export function upstreamTarget(connection: Connection, apiKey: string, path: string, model: string | undefined): UpstreamTarget {
  const base = (connection.baseUrl || PUBLIC_BASE[connection.provider] || "").replace(/\/+$/, "");
  switch (connection.provider) {
    case "anthropic":
      return { url: new URL(base + path), headers: { "x-api-key": apiKey } };
    case "openai":
    case "openai_compatible":
      return { url: new URL(base + path), headers: { authorization: `Bearer ${apiKey}` } };
    case "azure": {
      const azure = connection.azure!;
      const [pathname, query = ""] = path.split("?", 2) as [string, string?];
      const params = new URLSearchParams(query);
      params.set("api-version", azure.apiVersion);
      if (pathname === "/models") return { url: new URL(`${base}/openai/models?${params}`), headers: { "api-key": apiKey } };
      const deployment = model === undefined ? undefined : azure.deployments[model];
      if (deployment === undefined)
        throw new UpstreamRouteError(`No Azure deployment is mapped to model ${JSON.stringify(model ?? "")} on this connection`);
      return { url: new URL(`${base}/openai/deployments/${deployment}${pathname}?${params}`), headers: { "api-key": apiKey } };
    }
  }
}
