// Prices of the project: models seen without a price (waiting for one), the project's price overrides,
// and adding one (owners and admins). New runs use an override within seconds; stored runs keep their
// cost until a reprice, which the form explains. An unknown model the install's synced price list knows
// shows that price, and admins can use it in one click: an override for every run, its runs re-priced.
import { Button, TextInput } from "@tremor/react";
import { useRef, useState } from "react";
import { createPriceOverride, listPriceOverrides, listUnknownModels, applySyncedPrice } from "../../api/projects.ts";
import type { NewPriceOverride, PriceOverride, SyncedPrice, UnknownModel, UsedSyncedPrice } from "../../api/types.ts";
import { CodeBlock } from "../../components/copy-button.tsx";
import { DataTable, type Column } from "../../components/data-table.tsx";
import { Field } from "../../components/field.tsx";
import { AsyncContent } from "../../components/states.tsx";
import { formatCount, formatDate, formatRelative, formatUsdDecimal } from "../../lib/format.ts";
import { hasRole } from "../../lib/roles.ts";
import { useProject } from "../../lib/session.tsx";
import { useAction } from "../../lib/use-action.ts";
import { useApi } from "../../lib/use-api.ts";
import { FormError, RoleNote, Section } from "./section.tsx";

const EVERY_RUN = "1970-01-01";
const DECIMAL = /^\d{1,9}(\.\d{1,9})?$/;

interface Draft {
  model: string;
  input: string;
  output: string;
  cachedInput: string;
  cacheWrite5m: string;
  cacheWrite1h: string;
  from: string;
}
const EMPTY: Draft = { model: "", input: "", output: "", cachedInput: "", cacheWrite5m: "", cacheWrite1h: "", from: "" };

/** The form's fields as the API's body; optional prices left empty are left out. */
export function toNewOverride(draft: Draft): NewPriceOverride {
  return {
    model: draft.model.trim(),
    inputPerMTok: draft.input.trim(),
    outputPerMTok: draft.output.trim(),
    ...(draft.cachedInput.trim() ? { cachedInputPerMTok: draft.cachedInput.trim() } : {}),
    ...(draft.cacheWrite5m.trim() ? { cacheWrite5mPerMTok: draft.cacheWrite5m.trim() } : {}),
    ...(draft.cacheWrite1h.trim() ? { cacheWrite1hPerMTok: draft.cacheWrite1h.trim() } : {}),
    ...(draft.from ? { effectiveFrom: draft.from } : {}),
  };
}

/** A synced price in one line: "$3 in · $0.3 cached · $15 out /1M". */
export function syncedPriceSummary(price: SyncedPrice): string {
  const parts = [`${formatUsdDecimal(price.inputPerMtok)} in`];
  if (price.cachedInputPerMtok !== null) parts.push(`${formatUsdDecimal(price.cachedInputPerMtok)} cached`);
  parts.push(`${formatUsdDecimal(price.outputPerMtok)} out`);
  return `${parts.join(" · ")} /1M`;
}

export function PricesTab() {
  const { project, role } = useProject();
  const admin = hasRole(role, "admin");
  const unknown = useApi((signal) => listUnknownModels(project.id, signal), [project.id]);
  const overrides = useApi((signal) => listPriceOverrides(project.id, signal), [project.id]);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [added, setAdded] = useState<PriceOverride | undefined>(undefined);
  const modelInput = useRef<HTMLInputElement>(null);
  const [used, setUsed] = useState<UsedSyncedPrice | undefined>(undefined);
  const applySynced = useAction(async (model: string) => {
    setUsed(undefined);
    const result = await applySyncedPrice(project.id, model);
    setUsed(result);
    overrides.setData((rows) => [...(rows ?? []), result.override]);
    // Its runs are priced now, so the model leaves the list.
    unknown.reload();
  });
  const add = useAction(async () => {
    const override = await createPriceOverride(project.id, toNewOverride(draft));
    setAdded(override);
    setDraft(EMPTY);
    overrides.setData((rows) => [...(rows ?? []), override]);
  });
  const set = (field: keyof Draft) => (value: string) => setDraft((current) => ({ ...current, [field]: value }));
  const invalid = (value: string, required: boolean) => (value.trim() === "" ? required : !DECIMAL.test(value.trim()));
  const formInvalid =
    draft.model.trim() === "" ||
    invalid(draft.input, true) ||
    invalid(draft.output, true) ||
    invalid(draft.cachedInput, false) ||
    invalid(draft.cacheWrite5m, false) ||
    invalid(draft.cacheWrite1h, false);

  const unknownColumns: Column<UnknownModel>[] = [
    {
      key: "model",
      header: "Model",
      value: (row) => row.model,
      format: (value) => <code className="font-mono text-xs">{String(value)}</code>,
    },
    { key: "provider", header: "Provider", value: (row) => row.provider },
    { key: "runs", header: "Unpriced runs", value: (row) => row.runs, align: "right", format: (value) => formatCount(value as number) },
    { key: "lastSeen", header: "Last seen", value: (row) => row.lastSeen, format: (value) => formatRelative(value as string) },
    {
      key: "synced",
      header: "Synced price",
      sortable: false,
      value: (row) => row.syncedPrice?.inputPerMtok ?? null,
      format: (_value, row) =>
        row.syncedPrice === null ? (
          <span className="text-tremor-content-subtle dark:text-dark-tremor-content-subtle">not in the synced list</span>
        ) : (
          <span title={`From ${row.syncedPrice.effectiveFrom}, ${row.syncedPrice.source}`}>
            {syncedPriceSummary(row.syncedPrice)}
            {admin ? (
              <Button
                size="xs"
                variant="secondary"
                className="ml-2"
                aria-label={`Use the synced price for ${row.model}`}
                loading={applySynced.busy}
                onClick={() => void applySynced.run(row.model)}
              >
                Use this price
              </Button>
            ) : null}
          </span>
        ),
    },
    {
      key: "actions",
      header: "",
      sortable: false,
      align: "right",
      value: () => null,
      format: (_value, row) =>
        admin ? (
          <Button
            size="xs"
            variant="secondary"
            aria-label={`Add a price for ${row.model}`}
            onClick={() => {
              setDraft({ ...EMPTY, model: row.model });
              setAdded(undefined);
              modelInput.current?.scrollIntoView({ behavior: "smooth", block: "center" });
              modelInput.current?.focus();
            }}
          >
            Add price
          </Button>
        ) : null,
    },
  ];
  const price = (value: string | null) =>
    value === null ? (
      <span className="text-tremor-content-subtle dark:text-dark-tremor-content-subtle">catalogue</span>
    ) : (
      formatUsdDecimal(value)
    );
  const overrideColumns: Column<PriceOverride>[] = [
    {
      key: "model",
      header: "Model",
      value: (row) => row.model,
      format: (value) => <code className="font-mono text-xs">{String(value)}</code>,
    },
    {
      key: "from",
      header: "From",
      value: (row) => row.effectiveFrom,
      format: (value) => (String(value).startsWith(EVERY_RUN) ? "every run" : formatDate(value as string, "UTC")),
    },
    {
      key: "input",
      header: "Input",
      align: "right",
      value: (row) => Number(row.inputPerMTok),
      format: (_value, row) => formatUsdDecimal(row.inputPerMTok),
    },
    {
      key: "cached",
      header: "Cached input",
      align: "right",
      value: (row) => (row.cachedInputPerMTok === null ? null : Number(row.cachedInputPerMTok)),
      format: (_value, row) => price(row.cachedInputPerMTok),
    },
    {
      key: "write5m",
      header: "Cache write 5m",
      align: "right",
      value: (row) => (row.cacheWrite5mPerMTok === null ? null : Number(row.cacheWrite5mPerMTok)),
      format: (_value, row) => price(row.cacheWrite5mPerMTok),
    },
    {
      key: "write1h",
      header: "Cache write 1h",
      align: "right",
      value: (row) => (row.cacheWrite1hPerMTok === null ? null : Number(row.cacheWrite1hPerMTok)),
      format: (_value, row) => price(row.cacheWrite1hPerMTok),
    },
    {
      key: "output",
      header: "Output",
      align: "right",
      value: (row) => Number(row.outputPerMTok),
      format: (_value, row) => formatUsdDecimal(row.outputPerMTok),
    },
  ];
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

  return (
    <>
      <Section
        title="Models waiting for a price"
        description="Runs of these models are stored without a cost (never as $0) until they have a price."
      >
        <AsyncContent state={unknown}>
          {(rows) => (
            <DataTable
              label="Models without a price"
              columns={unknownColumns}
              rows={rows}
              rowKey={(row) => `${row.provider}/${row.model}`}
              emptyTitle="Every model is priced"
              emptyDescription="Models the price catalogue does not know show up here."
            />
          )}
        </AsyncContent>
        {used ? (
          <p role="status" className="mt-3 text-tremor-default text-tremor-content dark:text-dark-tremor-content">
            {`Now priced as ${used.override.model} for every run: ${formatCount(used.repricedRuns)} ${used.repricedRuns === 1 ? "run" : "runs"} re-priced.`}
            {used.dropped.length > 0 ? ` Not carried over (an override holds base prices only): ${used.dropped.join("; ")}.` : ""}
          </p>
        ) : null}
        <FormError error={applySynced.error} />
      </Section>

      <Section
        title="Price overrides"
        description="This project's own prices, in USD per 1M tokens: a different price for a catalogue model, or a price for a model the catalogue does not know."
      >
        <AsyncContent state={overrides}>
          {(rows) => (
            <DataTable
              label="Price overrides"
              columns={overrideColumns}
              rows={rows}
              rowKey={(row) => row.id}
              initialSort={{ key: "model", direction: "asc" }}
              emptyTitle="No overrides"
              emptyDescription="Runs are priced from the built-in catalogue."
            />
          )}
        </AsyncContent>
      </Section>

      <Section title="Add a price">
        {admin ? (
          <form
            className="space-y-4"
            onSubmit={(event) => {
              event.preventDefault();
              if (!formInvalid) void add.run();
            }}
          >
            <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
              <div className="sm:col-span-2">
                <Field id="price-model" label="Model" hint="The model name as your runs report it.">
                  <TextInput
                    id="price-model"
                    ref={modelInput}
                    required
                    value={draft.model}
                    onValueChange={set("model")}
                    placeholder="acme-large-2"
                  />
                </Field>
              </div>
              <Field id="price-from" label="From (UTC day)" hint="Empty: every run, however old.">
                <input
                  id="price-from"
                  type="date"
                  value={draft.from}
                  onChange={(event) => set("from")(event.target.value)}
                  className="w-full rounded-tremor-default border-tremor-border bg-tremor-background px-3 py-2 text-tremor-default text-tremor-content-strong shadow-tremor-input dark:border-dark-tremor-border dark:bg-dark-tremor-background dark:text-dark-tremor-content-strong dark:[color-scheme:dark]"
                />
              </Field>
            </div>
            <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
              {(
                [
                  ["input", "Input", true, "2.50"],
                  ["output", "Output", true, "10"],
                  ["cachedInput", "Cached input", false, "as catalogue"],
                  ["cacheWrite5m", "Cache write 5 min", false, "as catalogue"],
                  ["cacheWrite1h", "Cache write 1 h", false, "as catalogue"],
                ] as const
              ).map(([field, label, required, example]) => (
                <Field key={field} id={`price-${field}`} label={`${label} $/1M`} hint={required ? undefined : "Optional"}>
                  <TextInput
                    id={`price-${field}`}
                    inputMode="decimal"
                    required={required}
                    value={draft[field]}
                    onValueChange={set(field)}
                    placeholder={example}
                    error={draft[field].trim() !== "" && !DECIMAL.test(draft[field].trim())}
                    errorMessage="A decimal such as 2.50"
                  />
                </Field>
              ))}
            </div>
            <Button type="submit" loading={add.busy} disabled={formInvalid}>
              Add price
            </Button>
            <FormError error={add.error} />
          </form>
        ) : (
          <RoleNote>Only the org's owners and admins set prices.</RoleNote>
        )}
        {added && (
          <div role="status" className="mt-4 space-y-2 text-tremor-default text-tremor-content dark:text-dark-tremor-content">
            <p className="text-emerald-700 dark:text-emerald-400">
              Saved: <code className="font-mono">{added.model}</code> costs {formatUsdDecimal(added.inputPerMTok)} in /{" "}
              {formatUsdDecimal(added.outputPerMTok)} out per 1M tokens
              {added.effectiveFrom.startsWith(EVERY_RUN) ? "" : ` from ${formatDate(added.effectiveFrom, "UTC")}`}.
            </p>
            <p>
              New runs use it within a few seconds. Runs already stored keep their cost until you reprice them (with the embedded store,
              stop the server first):
            </p>
            <CodeBlock
              label="Reprice stored runs"
              code={`npx promptmetrics reprice --from ${added.effectiveFrom.startsWith(EVERY_RUN) ? "2020-01-01" : added.effectiveFrom.slice(0, 10)} --to ${tomorrow} --model ${added.model}`}
            />
          </div>
        )}
        {!added && admin && (
          <p className="mt-4 text-xs text-tremor-content dark:text-dark-tremor-content">
            Prices apply to new runs within seconds; stored runs keep their cost until you run{" "}
            <code className="font-mono">promptmetrics reprice</code> (the command is shown after saving).
          </p>
        )}
      </Section>
    </>
  );
}
