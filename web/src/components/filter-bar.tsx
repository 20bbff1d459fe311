// The run filters of an analytics view (model, provider, user, prompt, version, tag, status), kept in
// the URL: active filters as removable chips, and "Add filter" with the values seen in the range.
import { Button, SearchSelect, SearchSelectItem, Select, SelectItem, TextInput } from "@tremor/react";
import { useId, useState } from "react";
import { getCosts } from "../api/analytics.ts";
import { ANALYTICS_FILTERS, type AnalyticsFilterName } from "../api/endpoints.ts";
import type { Dimension } from "../api/types.ts";
import { countFilters } from "../lib/analytics-query.ts";
import { useApi } from "../lib/use-api.ts";
import { useAnalyticsQuery } from "../lib/use-analytics-query.ts";
import { CloseIcon, FilterIcon } from "./icons.tsx";
import { Labelled } from "./labelled.tsx";

export const FILTER_LABELS: Readonly<Record<AnalyticsFilterName, string>> = {
  model: "Model",
  provider: "Provider",
  userId: "User",
  prompt: "Prompt",
  promptVersion: "Prompt version",
  tag: "Tag",
  status: "Status",
};

const DIMENSION_OF: Readonly<Record<Exclude<AnalyticsFilterName, "status">, Dimension>> = {
  model: "model",
  provider: "provider",
  userId: "user",
  prompt: "prompt",
  promptVersion: "promptVersion",
  tag: "tag",
};

// Tremor's selects use "" for "nothing chosen", so the value "" (runs without one) needs a stand-in.
const NONE = "\u0000none";

/** How a filter value reads: "" is runs without one. */
export function filterValueLabel(value: string): string {
  return value === "" ? "(none)" : value;
}

export interface FilterBarProps {
  /** Which filters to offer. @default all */
  fields?: readonly AnalyticsFilterName[];
  className?: string;
}

export function FilterBar({ fields = ANALYTICS_FILTERS, className = "" }: FilterBarProps) {
  const { state, setFilter, clearFilters } = useAnalyticsQuery();
  const [adding, setAdding] = useState(false);
  const panelId = useId();
  const active = fields.flatMap((name) => (state.filters[name] ?? []).map((value) => ({ name, value: value as string })));

  return (
    <div className={className}>
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          aria-expanded={adding}
          aria-controls={panelId}
          onClick={() => setAdding((open) => !open)}
          className="inline-flex items-center gap-1.5 rounded-tremor-small border border-dashed border-tremor-border px-2.5 py-1 text-tremor-default text-tremor-content-emphasis hover:bg-tremor-background-muted dark:border-dark-tremor-border dark:text-dark-tremor-content-emphasis dark:hover:bg-dark-tremor-background-muted"
        >
          <FilterIcon /> Add filter
        </button>
        {active.map(({ name, value }) => (
          <span
            key={`${name}=${value}`}
            className="inline-flex items-center gap-1 rounded-tremor-full bg-tremor-brand-faint py-0.5 pl-2.5 pr-1 text-tremor-default text-tremor-brand-emphasis dark:bg-dark-tremor-brand-muted dark:text-dark-tremor-brand-emphasis"
          >
            <span className="text-tremor-content dark:text-dark-tremor-content">{FILTER_LABELS[name]}:</span> {filterValueLabel(value)}
            <button
              type="button"
              aria-label={`Remove filter ${FILTER_LABELS[name]} ${filterValueLabel(value)}`}
              onClick={() =>
                setFilter(
                  name,
                  ((state.filters[name] ?? []) as readonly string[]).filter((other) => other !== value),
                )
              }
              className="rounded-full p-0.5 hover:bg-tremor-brand-muted dark:hover:bg-dark-tremor-brand-subtle"
            >
              <CloseIcon />
            </button>
          </span>
        ))}
        {countFilters(state.filters) > 1 && (
          <button
            type="button"
            onClick={clearFilters}
            className="text-tremor-default text-tremor-content underline-offset-2 hover:underline dark:text-dark-tremor-content"
          >
            Clear all
          </button>
        )}
      </div>
      {adding && (
        <div id={panelId}>
          <AddFilter
            fields={fields}
            onAdd={(name, value) => {
              const current = (state.filters[name] ?? []) as readonly string[];
              if (!current.includes(value)) setFilter(name, [...current, value]);
              setAdding(false);
            }}
            onCancel={() => setAdding(false)}
          />
        </div>
      )}
    </div>
  );
}

function AddFilter({
  fields,
  onAdd,
  onCancel,
}: {
  fields: readonly AnalyticsFilterName[];
  onAdd: (name: AnalyticsFilterName, value: string) => void;
  onCancel: () => void;
}) {
  const { query, state } = useAnalyticsQuery();
  const [field, setField] = useState<AnalyticsFilterName>(fields[0] ?? "model");
  const [value, setValue] = useState("");
  const dimension = field === "status" ? undefined : DIMENSION_OF[field];
  // Values seen in the range under the other filters (not this field's own, which would hide the rest).
  const { [field]: _own, ...others } = query;
  const options = useApi(
    dimension
      ? (signal) =>
          getCosts({ ...others, groupBy: dimension, limit: 100 }, signal).then((answer) => answer.groups.map((group) => group.key))
      : null,
    [field, JSON.stringify(others)],
  );
  const taken = new Set((state.filters[field] ?? []) as readonly string[]);
  const choices = field === "status" ? ["ok", "error"] : (options.data ?? []);

  return (
    <form
      className="mt-2 flex flex-wrap items-end gap-2 rounded-tremor-default border border-tremor-border bg-tremor-background p-3 dark:border-dark-tremor-border dark:bg-dark-tremor-background"
      onSubmit={(event) => {
        event.preventDefault();
        if (value !== "") onAdd(field, value === NONE ? "" : value);
      }}
    >
      <Labelled label="Filter field" className="w-40">
        <span aria-hidden="true" className="mb-1 block text-xs text-tremor-content dark:text-dark-tremor-content">
          Field
        </span>
        <Select
          value={field}
          onValueChange={(next) => {
            setField(next as AnalyticsFilterName);
            setValue("");
          }}
          enableClear={false}
        >
          {fields.map((name) => (
            <SelectItem key={name} value={name}>
              {FILTER_LABELS[name]}
            </SelectItem>
          ))}
        </Select>
      </Labelled>
      <Labelled label="Filter value" className="min-w-[12rem] flex-1">
        <span aria-hidden="true" className="mb-1 block text-xs text-tremor-content dark:text-dark-tremor-content">
          Value
        </span>
        {options.loading && choices.length === 0 ? (
          <TextInput disabled placeholder="Loading values…" />
        ) : choices.length > 0 ? (
          <SearchSelect value={value} onValueChange={setValue} placeholder="Choose a value">
            {choices
              .filter((choice) => !taken.has(choice))
              .map((choice) => (
                <SearchSelectItem key={choice === "" ? NONE : choice} value={choice === "" ? NONE : choice}>
                  {filterValueLabel(choice)}
                </SearchSelectItem>
              ))}
          </SearchSelect>
        ) : (
          <TextInput value={value} onValueChange={setValue} placeholder="Type a value" />
        )}
      </Labelled>
      <div className="flex gap-2">
        <Button type="submit" size="xs" disabled={value === ""}>
          Add
        </Button>
        <Button type="button" size="xs" variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
