// Provider keys for the gateway: POST /api/integrations/connect, POST /api/integrations/disconnect,
// GET /api/integrations?projectId=. Owners and admins connect and disconnect; every member of the
// project may list, and the list shows provider, name, base URL, the key's last four characters, when it
// was connected and last used, never the key. The key is sealed before it reaches the store and appears
// in no answer, log line or error message.
import { randomUUID } from "node:crypto";
import { Router } from "express";
import {
  deleteProviderKey,
  getProviderKey,
  listProviderKeysByProject,
  upsertProviderKey,
  type ProviderKeyListing,
  type ProviderKind,
} from "@promptmetrics/clickhouse";
import { requireRole } from "../access/roles.ts";
import { AppError, NotFoundError, ValidationError } from "../http/errors.ts";
import { parseBody, parseQuery } from "../http/validate.ts";
import type { ApiRouterDeps } from "../router-deps.ts";
import { sealKey } from "./key-seal.ts";
import type { MasterKey } from "./master-key.ts";
import { ConnectBody, DisconnectBody, IntegrationsQuery } from "./integration-schemas.ts";
import { upstreamTarget, type Connection } from "./upstreams.ts";

export interface IntegrationsRouterOptions {
  masterKey: MasterKey | undefined;
  /** Plain-http and any-host base URLs (a local model server, tests); https only otherwise. */
  allowHttpUpstreams: boolean;
  /** Checks a key with the provider's cheapest call (listing models); tests point it at a mock. */
  fetch?: typeof fetch;
  /** Called after a connect or disconnect, so this process's gateway applies it at once (others within seconds). */
  onConnectionsChanged?: () => Promise<void>;
}

const DEFAULT_NAMES = { openai: "OpenAI", anthropic: "Anthropic", azure: "Azure OpenAI", openai_compatible: "OpenAI-compatible" } as const;

export function createIntegrationsRouter(deps: ApiRouterDeps, options: IntegrationsRouterOptions): Router {
  const router = Router();
  const fetchImpl = options.fetch ?? fetch;

  router.post("/api/integrations/connect", async (req, res) => {
    const body = parseBody(ConnectBody, req.body);
    const access = await deps.authorizeProject(req, body.projectId);
    requireRole(access, "admin", "Only owners and admins connect provider keys");
    if (!options.masterKey)
      throw new AppError(
        503,
        "master_key_missing",
        "Set PROMPTMETRICS_MASTER_KEY (32 random bytes, e.g. openssl rand -hex 32) to store provider keys",
      );
    const baseUrl = checkBaseUrl(body.provider, body.baseUrl, options.allowHttpUpstreams);
    if (body.provider === "azure" && !body.azure)
      throw new ValidationError("azure settings (apiVersion, deployments) are required for Azure OpenAI", "azure");
    if (body.provider !== "azure" && body.azure) throw new ValidationError("azure settings apply only to provider azure", "azure");
    const connection: Connection = { provider: body.provider, baseUrl, azure: body.azure };
    if (body.verify) await verifyKey(fetchImpl, connection, body.apiKey);
    const id = `pk_${randomUUID()}`;
    const now = deps.now();
    const record = {
      id,
      orgId: access.orgId,
      projectId: access.projectId,
      provider: body.provider,
      name: body.name ?? DEFAULT_NAMES[body.provider],
      ciphertext: sealKey(options.masterKey, body.apiKey, id),
      hint: body.apiKey.slice(-4),
      baseUrl,
      settings: body.azure ? JSON.stringify(body.azure) : "",
      createdBy: access.userId,
      masterKeyId: options.masterKey.id,
      createdAt: now,
      updatedAt: now,
    };
    await upsertProviderKey(deps.store, record);
    await options.onConnectionsChanged?.();
    res.status(201).json(view({ ...record, lastUsedAt: null }));
  });

  router.post("/api/integrations/disconnect", async (req, res) => {
    const body = parseBody(DisconnectBody, req.body);
    const access = await deps.authorizeProject(req, body.projectId);
    requireRole(access, "admin", "Only owners and admins disconnect provider keys");
    const key = await getProviderKey(deps.store, { projectId: access.projectId, id: body.integrationId });
    if (!key) throw new NotFoundError(`Integration ${body.integrationId} not found`);
    await deleteProviderKey(deps.store, key);
    await options.onConnectionsChanged?.();
    res.status(204).end();
  });

  router.get("/api/integrations", async (req, res) => {
    const { projectId } = parseQuery(IntegrationsQuery, req.query);
    const access = await deps.authorizeProject(req, projectId);
    res.json((await listProviderKeysByProject(deps.store, { projectId: access.projectId })).map(view));
  });

  return router;
}

export type ProviderConnectionView = ReturnType<typeof view>;

/** What the API shows of a connection: never the key, sealed or not. */
function view(key: Omit<ProviderKeyListing, "ciphertext" | "masterKeyId"> & Partial<ProviderKeyListing>) {
  return {
    id: key.id,
    projectId: key.projectId,
    provider: key.provider,
    name: key.name,
    baseUrl: key.baseUrl,
    keyLast4: key.hint,
    azure: key.settings ? (JSON.parse(key.settings) as unknown) : null,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: key.lastUsedAt ? key.lastUsedAt.toISOString() : null,
  };
}

function checkBaseUrl(provider: ProviderKind, raw: string | undefined, allowHttp: boolean): string {
  const needed = provider === "azure" || provider === "openai_compatible";
  if (raw === undefined || raw.trim() === "") {
    if (needed) throw new ValidationError(`baseUrl is required for ${provider}`, "baseUrl");
    return "";
  }
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ValidationError("baseUrl must be an absolute http(s) URL", "baseUrl");
  }
  if (url.protocol !== "https:" && !(allowHttp && url.protocol === "http:"))
    throw new ValidationError(
      allowHttp ? "baseUrl must be an http(s) URL" : "baseUrl must use https (PROMPTMETRICS_GATEWAY_ALLOW_HTTP=true allows plain http)",
      "baseUrl",
    );
  if (url.username || url.password || url.search || url.hash)
    throw new ValidationError("baseUrl must not carry credentials, a query or a fragment", "baseUrl");
  return url.toString().replace(/\/+$/, "");
}

/** Lists models with the key: free, and refused with 401/403 when the key is wrong. */
async function verifyKey(fetchImpl: typeof fetch, connection: Connection, apiKey: string): Promise<void> {
  const target = upstreamTarget(connection, apiKey, "/models", undefined);
  const headers: Record<string, string> = { ...target.headers };
  if (connection.provider === "anthropic") headers["anthropic-version"] = "2023-06-01";
  let status: number;
  try {
    const answer = await fetchImpl(target.url, { headers, signal: AbortSignal.timeout(10_000) });
    status = answer.status;
    await answer.body?.cancel();
  } catch {
    throw new ValidationError(`Could not reach ${target.url.host} to verify the key`, "baseUrl");
  }
  if (status === 401 || status === 403) throw new ValidationError(`The provider refused this key (HTTP ${status})`, "apiKey");
  if (status >= 400) throw new ValidationError(`The provider answered HTTP ${status} when the key was verified`, "apiKey");
}
