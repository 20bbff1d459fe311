// The caller's own API tokens, for scripts (Authorization: Bearer pm_api_…): they carry the rights of
// their creator. Created from a signed-in session only; the secret is shown once.
import { Button, TextInput } from "@tremor/react";
import { useState } from "react";
import { createToken, listTokens, revokeToken } from "../../api/accounts.ts";
import type { ApiToken, CreatedApiToken } from "../../api/types.ts";
import { CodeBlock } from "../../components/copy-button.tsx";
import { ConfirmButton } from "../../components/confirm-button.tsx";
import { DataTable, type Column } from "../../components/data-table.tsx";
import { Field } from "../../components/field.tsx";
import { SecretOnce } from "../../components/secret-once.tsx";
import { AsyncContent } from "../../components/states.tsx";
import { formatDateTime, formatRelative } from "../../lib/format.ts";
import { useProject } from "../../lib/session.tsx";
import { useAction } from "../../lib/use-action.ts";
import { useApi } from "../../lib/use-api.ts";
import { FormError, Section } from "./section.tsx";

export function TokensTab() {
  const { project } = useProject();
  const tokens = useApi((signal) => listTokens(signal), []);
  const [name, setName] = useState("");
  const [created, setCreated] = useState<CreatedApiToken | undefined>(undefined);
  const create = useAction(async () => {
    const token = await createToken(name.trim());
    setCreated(token);
    setName("");
    tokens.setData((rows) => [...(rows ?? []), token]);
  });
  const columns: Column<ApiToken>[] = [
    { key: "name", header: "Name", value: (row) => row.name },
    {
      key: "prefix",
      header: "Token",
      value: (row) => row.prefix,
      format: (value) => <code className="font-mono text-xs">{String(value)}…</code>,
    },
    { key: "created", header: "Created", value: (row) => row.createdAt, format: (value) => formatDateTime(value as string) },
    { key: "lastUsed", header: "Last used", value: (row) => row.lastUsedAt, format: (value) => formatRelative(value as string | null) },
    {
      key: "actions",
      header: "",
      sortable: false,
      align: "right",
      value: () => null,
      format: (_value, row) => (
        <ConfirmButton
          label="Revoke"
          ariaLabel={`Revoke token ${row.name}`}
          title={`Revoke "${row.name}"?`}
          description="Scripts using it get 401 from now on."
          onConfirm={async () => {
            await revokeToken(row.id);
            tokens.setData((rows) => (rows ?? []).filter((other) => other.id !== row.id));
          }}
        />
      ),
    },
  ];
  const example = `curl -H "Authorization: Bearer ${created?.token ?? "pm_api_…"}" \\\n  "${window.location.origin}/api/analytics/overview?projectId=${project.id}&from=7d"`;

  return (
    <>
      <Section title="Your API tokens" description="For scripts and other tools: a token acts with your rights in every org you belong to.">
        <AsyncContent state={tokens}>
          {(rows) => <DataTable label="API tokens" columns={columns} rows={rows} rowKey={(row) => row.id} emptyTitle="No API tokens" />}
        </AsyncContent>
      </Section>
      <Section title="New API token">
        <form
          className="flex flex-wrap items-end gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            if (name.trim()) void create.run();
          }}
        >
          <div className="min-w-[14rem] flex-1">
            <Field id="token-name" label="Name">
              <TextInput id="token-name" required maxLength={100} value={name} onValueChange={setName} placeholder="weekly cost report" />
            </Field>
          </div>
          <Button type="submit" loading={create.busy} disabled={name.trim() === ""}>
            Create token
          </Button>
        </form>
        <FormError error={create.error} />
        {created && (
          <SecretOnce
            title={`API token "${created.name}"`}
            value={created.token}
            label="API token secret"
            onDismiss={() => setCreated(undefined)}
          />
        )}
        <div className="mt-4">
          <CodeBlock label="Calling the API with a token" code={example} />
        </div>
      </Section>
    </>
  );
}
