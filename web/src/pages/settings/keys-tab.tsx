// A project's keys: ingest keys (this tab) and gateway keys (the Integrations tab, one component for
// both): create (members and up; the secret is shown once), list with prefix, creator and last use,
// revoke (admins any key, members their own). A revoked key is refused within seconds.
import { Button, TextInput } from "@tremor/react";
import { useState } from "react";
import { createIngestKey, listIngestKeys, revokeIngestKey } from "../../api/projects.ts";
import { createGatewayKey, listGatewayKeys, revokeGatewayKey } from "../../api/gateway.ts";
import type { CreatedIngestKey, IngestKey } from "../../api/types.ts";
import { ConfirmButton } from "../../components/confirm-button.tsx";
import { DataTable, type Column } from "../../components/data-table.tsx";
import { Field } from "../../components/field.tsx";
import { SecretOnce } from "../../components/secret-once.tsx";
import { AsyncContent } from "../../components/states.tsx";
import { formatDateTime, formatRelative } from "../../lib/format.ts";
import { CAN, hasRole } from "../../lib/roles.ts";
import { useProject, useSession } from "../../lib/session.tsx";
import { useAction } from "../../lib/use-action.ts";
import { useApi } from "../../lib/use-api.ts";
import { FormError, RoleNote, Section } from "./section.tsx";

type KeyKind = "ingest" | "gateway";

const KINDS = {
  ingest: {
    noun: "Ingest key",
    list: listIngestKeys,
    create: createIngestKey,
    revoke: revokeIngestKey,
    description: "Apps send spans with one of these keys (Authorization: Bearer …). Each key's secret was shown once, when it was created.",
    empty: "Create one below to start sending spans.",
    refused: "Apps sending with",
  },
  gateway: {
    noun: "Gateway key",
    list: listGatewayKeys,
    create: createGatewayKey,
    revoke: revokeGatewayKey,
    description:
      "Keys for the gateway alone: they cannot send spans, and limits can be set on each (below). Ingest keys work through the gateway too.",
    empty: "Create one below to give an app its own key and limits.",
    refused: "Calls through the gateway with",
  },
} as const;

export function KeysTab() {
  return <ProjectKeys kind="ingest" />;
}

/** `onChange`: after a key is created or revoked (the Integrations tab's limit form lists the keys). */
export function ProjectKeys({ kind, onChange }: { kind: KeyKind; onChange?: () => void }) {
  const spec = KINDS[kind];
  const { project, role } = useProject();
  const { user } = useSession();
  const keys = useApi((signal) => spec.list(project.id, signal), [project.id, kind]);
  const [name, setName] = useState("");
  const [created, setCreated] = useState<CreatedIngestKey | undefined>(undefined);
  const create = useAction(async () => {
    const key = await spec.create(project.id, name.trim());
    setCreated(key);
    setName("");
    keys.setData((rows) => [...(rows ?? []), key]);
    onChange?.();
  });

  const columns: Column<IngestKey>[] = [
    { key: "name", header: "Name", value: (row) => row.name, className: "whitespace-normal min-w-[9rem]" },
    {
      key: "prefix",
      header: "Key",
      value: (row) => row.prefix,
      format: (value) => <code className="font-mono text-xs">{String(value)}…</code>,
    },
    {
      key: "created",
      header: "Created",
      value: (row) => row.createdAt,
      format: (value, row) => (
        <div>
          <p>{formatDateTime(value as string)}</p>
          <p className="text-xs text-tremor-content-subtle dark:text-dark-tremor-content-subtle">
            {row.createdBy ? `by ${row.createdBy.email}` : "at first start"}
          </p>
        </div>
      ),
    },
    { key: "lastUsed", header: "Last used", value: (row) => row.lastUsedAt, format: (value) => formatRelative(value as string | null) },
    {
      key: "actions",
      header: "",
      sortable: false,
      align: "right",
      value: () => null,
      format: (_value, row) =>
        hasRole(role, "admin") || (CAN.write(role) && row.createdBy?.userId === user?.id) ? (
          <ConfirmButton
            label="Revoke"
            ariaLabel={`Revoke key ${row.name}`}
            title={`Revoke "${row.name}"?`}
            description={`${spec.refused} ${row.prefix}… are refused within a few seconds. This cannot be undone.`}
            onConfirm={async () => {
              await spec.revoke(project.id, row.id);
              keys.setData((rows) => (rows ?? []).filter((other) => other.id !== row.id));
              onChange?.();
            }}
          />
        ) : null,
    },
  ];

  return (
    <>
      <Section title={`${spec.noun}s`} description={spec.description}>
        <AsyncContent state={keys}>
          {(rows) => (
            <DataTable
              label={`${spec.noun}s`}
              columns={columns}
              rows={rows}
              rowKey={(row) => row.id}
              initialSort={{ key: "created", direction: "desc" }}
              emptyTitle={`No ${spec.noun.toLowerCase()}s`}
              emptyDescription={spec.empty}
            />
          )}
        </AsyncContent>
      </Section>
      <Section title={`New ${spec.noun.toLowerCase()}`}>
        {CAN.write(role) ? (
          <form
            className="flex flex-wrap items-end gap-3"
            onSubmit={(event) => {
              event.preventDefault();
              if (name.trim()) void create.run();
            }}
          >
            <div className="min-w-[14rem] flex-1">
              <Field id={`${kind}-key-name`} label="Key name" hint="Say where it is used, e.g. the service or environment.">
                <TextInput
                  id={`${kind}-key-name`}
                  required
                  maxLength={100}
                  value={name}
                  onValueChange={setName}
                  placeholder="checkout-service production"
                />
              </Field>
            </div>
            <Button type="submit" loading={create.busy} disabled={name.trim() === ""} className="sm:mb-5">
              Create key
            </Button>
          </form>
        ) : (
          <RoleNote>Viewers cannot create keys; ask a member or admin.</RoleNote>
        )}
        <FormError error={create.error} />
        {created && (
          <SecretOnce
            title={`${spec.noun} "${created.name}"`}
            value={created.key}
            label={`${spec.noun} secret`}
            onDismiss={() => setCreated(undefined)}
          />
        )}
      </Section>
    </>
  );
}
