// The range, bucket size and time zone of an analytics view, kept in the URL (useAnalyticsQuery):
// presets 24h/7d/30d/90d, custom dates, an hour/day/week/month toggle and the zone.
import { Button, SearchSelect, SearchSelectItem } from "@tremor/react";
import { useEffect, useMemo, useState } from "react";
import {
  addDays,
  describeRange,
  granularityChoices,
  isPreset,
  RANGE_PRESETS,
  todayIn,
  type GranularityOption,
} from "../lib/analytics-query.ts";
import { allTimeZones, browserTimeZone } from "../lib/time-zone.ts";
import { useAnalyticsQuery } from "../lib/use-analytics-query.ts";
import { Labelled } from "./labelled.tsx";
import { Segmented } from "./segmented.tsx";

export interface DateRangeBarProps {
  /** Show the hour/day/week/month toggle. @default true */
  granularity?: boolean;
  /** Show the time zone picker. @default true */
  timeZone?: boolean;
  className?: string;
}

const inputClass =
  "rounded-tremor-small border border-tremor-border bg-tremor-background px-2 py-1 text-tremor-default text-tremor-content-strong shadow-tremor-input dark:border-dark-tremor-border dark:bg-dark-tremor-background dark:text-dark-tremor-content-strong dark:[color-scheme:dark]";

export function DateRangeBar({ granularity = true, timeZone = true, className = "" }: DateRangeBarProps) {
  const { state, setRange, setGranularity, setTimeZone } = useAnalyticsQuery();
  const custom = !isPreset(state.from);
  const [editing, setEditing] = useState(false);
  const today = todayIn(state.tz);
  const [draftFrom, setDraftFrom] = useState(custom ? state.from : addDays(today, -13));
  const [draftTo, setDraftTo] = useState(custom && state.to ? addDays(state.to, -1) : today);
  useEffect(() => {
    if (custom && state.to) {
      setDraftFrom(state.from);
      setDraftTo(addDays(state.to, -1));
    }
  }, [custom, state.from, state.to]);

  const zones = useMemo(() => allTimeZones(), []);
  const browserZone = browserTimeZone();
  const draftValid = draftFrom !== "" && draftTo !== "" && draftFrom <= draftTo;

  return (
    <div className={`flex flex-wrap items-center gap-2 ${className}`}>
      <Segmented
        label="Date range"
        options={[
          ...RANGE_PRESETS.map((preset) => ({ value: preset.value as string, label: preset.short, title: preset.label })),
          { value: "custom", label: "Custom", title: "Pick dates" },
        ]}
        value={editing || custom ? "custom" : state.from}
        onChange={(value) => {
          if (value === "custom") setEditing(true);
          else {
            setEditing(false);
            setRange(value);
          }
        }}
      />
      {(editing || custom) && (
        <form
          className="flex flex-wrap items-center gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            if (!draftValid) return;
            // The URL's `to` is exclusive: the day after the last day shown.
            setRange(draftFrom, addDays(draftTo, 1));
            setEditing(false);
          }}
        >
          <label className="sr-only" htmlFor="range-from">
            First day
          </label>
          <input
            id="range-from"
            type="date"
            className={inputClass}
            value={draftFrom}
            max={draftTo || today}
            onChange={(event) => setDraftFrom(event.target.value)}
          />
          <span aria-hidden="true" className="text-tremor-content">
            –
          </span>
          <label className="sr-only" htmlFor="range-to">
            Last day
          </label>
          <input
            id="range-to"
            type="date"
            className={inputClass}
            value={draftTo}
            min={draftFrom}
            onChange={(event) => setDraftTo(event.target.value)}
          />
          <Button type="submit" size="xs" disabled={!draftValid}>
            Apply
          </Button>
        </form>
      )}
      {!editing && custom && (
        <span className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">{describeRange(state)}</span>
      )}
      {granularity && (
        <Segmented<GranularityOption | "auto">
          label="Granularity"
          options={[
            { value: "auto", label: "Auto", title: "Chosen from the range length" },
            ...granularityChoices(state).map((choice) => ({
              ...choice,
              title: choice.disabled ? "Too many or too few buckets for this range" : `One point per ${choice.value}`,
            })),
          ]}
          value={state.granularity ?? "auto"}
          onChange={(value) => setGranularity(value === "auto" ? undefined : value)}
        />
      )}
      {timeZone && (
        <Labelled label="Time zone" className="w-full sm:w-56">
          <SearchSelect
            value={state.tz}
            onValueChange={(value) => setTimeZone(value === "" || value === browserZone ? undefined : value)}
            enableClear={false}
            placeholder="Time zone"
          >
            {zones.map((zone) => (
              <SearchSelectItem key={zone} value={zone}>
                {zone === browserZone ? `${zone} (yours)` : zone}
              </SearchSelectItem>
            ))}
          </SearchSelect>
        </Labelled>
      )}
    </div>
  );
}
