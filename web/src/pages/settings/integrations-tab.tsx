// The gateway's settings for the project: provider keys (connect with an optional check, disconnect;
// owners and admins), the snippet that points each SDK at the gateway, and the limits it enforces.
// Keys are never shown back: the list has their last four characters.
import { Button, TextInput } from "@tremor/react";
import { useState } from "react";
import {
  connectIntegration,
  createGatewayLimit,
  deleteGatewayLimit,
  disconnectIntegration,
  listGatewayKeys,
  listGatewayLimits,
  listIntegrations,
  type ProviderKind,
} from "../../api/gateway.ts";
import { listIngestKeys } from "../../api/projects.ts";
import type { GatewayLimit, ProviderConnection } from "../../api/types.ts";
import { ConfirmButton } from "../../components/confirm-button.tsx";
import { CopyButton } from "../../components/copy-button.tsx";
import { DataTable, type Column } from "../../components/data-table.tsx";
import { Field } from "../../components/field.tsx";
import { AsyncContent } from "../../components/states.tsx";
import { formatDateTime, formatRelative } from "../../lib/format.ts";
import { hasRole } from "../../lib/roles.ts";
import { useProject } from "../../lib/session.tsx";
import { useAction } from "../../lib/use-action.ts";
import { useApi } from "../../lib/use-api.ts";
import { ProjectKeys } from "./keys-tab.tsx";
import { PassthroughSection } from "./passthrough-section.tsx";
import { FormError, RoleNote, SELECT_CLASS, Section } from "./section.tsx";

const PROVIDERS: { id: ProviderKind; label: string; needsBaseUrl: boolean }[] = [
  { id: "openai", label: "OpenAI", needsBaseUrl: false },
  { id: "anthropic", label: "Anthropic", needsBaseUrl: false },
  { id: "openai_compatible", label: "OpenAI-compatible", needsBaseUrl: true },
];

const METRICS: { id: GatewayLimit["metric"]; label: string }[] = [
  { id: "spend_per_day", label: "Spend per day (USD)" },
  { id: "spend_per_month", label: "Spend per month (USD)" },
  { id: "requests_per_minute", label: "Requests per minute" },
  { id: "tokens_per_minute", label: "Tokens per minute" },
];

export function IntegrationsTab() {
  const { project, role } = useProject();
  const admin = hasRole(role, "admin");
  const connections = useApi((signal) => listIntegrations(project.id, signal), [project.id]);
  const limits = useApi((signal) => listGatewayLimits(project.id, signal), [project.id]);
  // Every key a limit can name: the gateway keys, then the ingest keys (which work through the gateway too).
  const keys = useApi(
    async (signal) => [...(await listGatewayKeys(project.id, signal)), ...(await listIngestKeys(project.id, signal))],
    [project.id],
  );
  const keyName = (id: string) => {
    const key = keys.data?.find((candidate) => candidate.id === id);
    return key ? `key "${key.name}" (${key.prefix}…)` : `key ${id}`;
  };
  const [provider, setProvider] = useState<ProviderKind>("openai");
  const [name, setName] = useState("");
  const [apiKey, setApiKey] = useState("");
  const [baseUrl, setBaseUrl] = useState("");
  const [verify, setVerify] = useState(true);
  const connect = useAction(async () => {
    const created = await connectIntegration({
      projectId: project.id,
      provider,
      apiKey,
      verify,
      ...(name.trim() ? { name: name.trim() } : {}),
      ...(baseUrl.trim() ? { baseUrl: baseUrl.trim() } : {}),
    });
    setApiKey("");
    setName("");
    setBaseUrl("");
    connections.setData((rows) => [created, ...(rows ?? [])]);
  });
  const [scope, setScope] = useState<GatewayLimit["scope"]>("project");
  const [subject, setSubject] = useState("");
  const [metric, setMetric] = useState<GatewayLimit["metric"]>("spend_per_day");
  const [max, setMax] = useState("");
  const addLimit = useAction(async () => {
    const created = await createGatewayLimit(project.id, {
      scope,
      metric,
      max: max.trim(),
      ...(scope === "project" ? {} : { subject: subject.trim() }),
    });
    setMax("");
    limits.setData((rows) => [...(rows ?? []), created]);
  });

  const origin = typeof window === "undefined" ? "" : window.location.origin;
  const snippet = `// OpenAI SDK
new OpenAI({ apiKey: process.env.PROMPTMETRICS_GATEWAY_KEY, baseURL: "${origin}/api/integrations/openai/v1" });
// Anthropic SDK
new Anthropic({ apiKey: process.env.PROMPTMETRICS_GATEWAY_KEY, baseURL: "${origin}/api/integrations/anthropic" });`;

  const connectionColumns: Column<ProviderConnection>[] = [
    { key: "name", header: "Name", value: (row) => row.name, className: "whitespace-normal min-w-[8rem]" },
    { key: "provider", header: "Provider", value: (row) => PROVIDERS.find((p) => p.id === row.provider)?.label ?? row.provider },
    {
      key: "key",
      header: "Key",
      value: (row) => row.keyLast4,
      format: (value) => <code className="font-mono text-xs">••••{String(value)}</code>,
    },
    { key: "baseUrl", header: "Base URL", value: (row) => row.baseUrl || "public API", className: "whitespace-normal" },
    { key: "created", header: "Connected", value: (row) => row.createdAt, format: (value) => formatDateTime(value as string) },
    { key: "lastUsed", header: "Last used", value: (row) => row.lastUsedAt, format: (value) => formatRelative(value as string | null) },
    {
      key: "actions",
      header: "",
      sortable: false,
      align: "right",
      value: () => null,
      format: (_value, row) =>
        admin ? (
          <ConfirmButton
            label="Disconnect"
            ariaLabel={`Disconnect ${row.name}`}
            title={`Disconnect "${row.name}"?`}
            description="Calls through the gateway stop using this key within a few seconds."
            onConfirm={async () => {
              await disconnectIntegration(project.id, row.id);
              connections.setData((rows) => (rows ?? []).filter((other) => other.id !== row.id));
            }}
          />
        ) : null,
    },
  ];

  const limitColumns: Column<GatewayLimit>[] = [
    { key: "metric", header: "Limit", value: (row) => METRICS.find((m) => m.id === row.metric)?.label ?? row.metric },
    {
      key: "who",
      header: "Applies to",
      value: (row) =>
        row.scope === "project"
          ? "the project"
          : row.scope === "key"
            ? keyName(row.subject)
            : row.subject === "*"
              ? "each end user"
              : `end user ${row.subject}`,
      className: "whitespace-normal",
    },
    { key: "max", header: "Max", value: (row) => row.max, align: "right" },
    {
      key: "actions",
      header: "",
      sortable: false,
      align: "right",
      value: () => null,
      format: (_value, row) =>
        admin ? (
          <ConfirmButton
            label="Remove"
            ariaLabel={`Remove limit ${row.id}`}
            title="Remove this limit?"
            description="The gateway stops enforcing it within a few seconds."
            onConfirm={async () => {
              await deleteGatewayLimit(project.id, row.id);
              limits.setData((rows) => (rows ?? []).filter((other) => other.id !== row.id));
            }}
          />
        ) : null,
    },
  ];

  const chosen = PROVIDERS.find((p) => p.id === provider)!;
  return (
    <>
      <Section
        title="Provider keys"
        description="The gateway sends this project's calls to the provider with these keys. They are stored encrypted and never shown again."
      >
        <AsyncContent state={connections}>
          {(rows) => (
            <DataTable
              label="Provider keys"
              columns={connectionColumns}
              rows={rows}
              rowKey={(row) => row.id}
              emptyTitle="No provider connected"
              emptyDescription="Connect an OpenAI or Anthropic key below to route calls through the gateway."
            />
          )}
        </AsyncContent>
      </Section>
      <Section title="Connect a provider">
        {admin ? (
          <form
            className="grid gap-3 sm:grid-cols-2"
            onSubmit={(event) => {
              event.preventDefault();
              if (apiKey.trim()) void connect.run();
            }}
          >
            <Field id="provider" label="Provider">
              <select
                id="provider"
                className={SELECT_CLASS}
                value={provider}
                onChange={(event) => setProvider(event.target.value as ProviderKind)}
              >
                {PROVIDERS.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.label}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="connection-name" label="Name" hint="Optional; the provider's name when empty.">
              <TextInput id="connection-name" maxLength={100} value={name} onValueChange={setName} placeholder="Production OpenAI" />
            </Field>
            <Field id="provider-key" label="API key">
              <TextInput id="provider-key" type="password" required value={apiKey} onValueChange={setApiKey} autoComplete="off" />
            </Field>
            <Field
              id="base-url"
              label="Base URL"
              hint={
                chosen.needsBaseUrl ? "Required: the API's base URL, e.g. https://host/v1." : "Optional: leave empty for the public API."
              }
            >
              <TextInput id="base-url" value={baseUrl} onValueChange={setBaseUrl} placeholder="https://api.openai.com/v1" />
            </Field>
            <label className="flex items-center gap-2 text-tremor-default text-tremor-content dark:text-dark-tremor-content">
              <input type="checkbox" checked={verify} onChange={(event) => setVerify(event.target.checked)} />
              Check the key with the provider first (lists its models, free)
            </label>
            <div className="sm:text-right">
              <Button type="submit" loading={connect.busy} disabled={apiKey.trim() === ""}>
                Connect
              </Button>
            </div>
          </form>
        ) : (
          <RoleNote>Only owners and admins connect provider keys.</RoleNote>
        )}
        <FormError error={connect.error} />
      </Section>
      <Section
        title="Use the gateway"
        description="Point the official SDK at the gateway and authenticate with one of this project's gateway or ingest keys; every call is recorded as a run."
        actions={<CopyButton text={snippet} label="Copy snippet" />}
      >
        <pre className="overflow-x-auto rounded-tremor-default bg-tremor-background-muted p-3 font-mono text-xs dark:bg-dark-tremor-background-muted">
          {snippet}
        </pre>
      </Section>
      <ProjectKeys kind="gateway" onChange={keys.reload} />
      <PassthroughSection />
      <Section
        title="Limits"
        description="Calls past a limit get 429 with Retry-After before they reach the provider. Spend is counted per UTC day or month."
      >
        <AsyncContent state={limits}>
          {(rows) => (
            <DataTable
              label="Gateway limits"
              columns={limitColumns}
              rows={rows}
              rowKey={(row) => row.id}
              emptyTitle="No limits"
              emptyDescription="Without limits the gateway never refuses a call on its own."
            />
          )}
        </AsyncContent>
        {admin ? (
          <form
            className="mt-4 grid gap-3 sm:grid-cols-4"
            onSubmit={(event) => {
              event.preventDefault();
              if (max.trim()) void addLimit.run();
            }}
          >
            <Field id="limit-metric" label="Limit">
              <select
                id="limit-metric"
                className={SELECT_CLASS}
                value={metric}
                onChange={(event) => setMetric(event.target.value as GatewayLimit["metric"])}
              >
                {METRICS.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.label}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="limit-scope" label="Applies to">
              <select
                id="limit-scope"
                className={SELECT_CLASS}
                value={scope}
                onChange={(event) => {
                  setScope(event.target.value as GatewayLimit["scope"]);
                  setSubject("");
                }}
              >
                <option value="project">The project</option>
                <option value="key">One key</option>
                <option value="end_user">End users</option>
              </select>
            </Field>
            {scope === "key" ? (
              <Field id="limit-subject" label="Key">
                <select id="limit-subject" className={SELECT_CLASS} value={subject} onChange={(event) => setSubject(event.target.value)}>
                  <option value="">Choose a key</option>
                  {(keys.data ?? []).map((key) => (
                    <option key={key.id} value={key.id}>
                      {key.name} ({key.prefix}…)
                    </option>
                  ))}
                </select>
              </Field>
            ) : (
              <Field id="limit-subject" label="End user" hint="An end user's id, or * for each end user.">
                <TextInput id="limit-subject" value={subject} onValueChange={setSubject} disabled={scope === "project"} />
              </Field>
            )}
            <Field id="limit-max" label="Max">
              <TextInput id="limit-max" required value={max} onValueChange={setMax} placeholder="25" />
            </Field>
            <div className="sm:col-span-4 sm:text-right">
              <Button type="submit" loading={addLimit.busy} disabled={max.trim() === ""}>
                Add limit
              </Button>
            </div>
          </form>
        ) : (
          <RoleNote>Only owners and admins set limits.</RoleNote>
        )}
        <FormError error={addLimit.error} />
      </Section>
    </>
  );
}
