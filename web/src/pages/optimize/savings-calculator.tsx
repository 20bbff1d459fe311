// The savings calculator's what-if (POST /api/optimization/savings): pick a prompt (or all), the model its
// runs use now and another one, and the share to move; the cost change over the suggestions' window and
// a month shows as soon as the choice settles (debounced, the request in flight aborted by the next). The
// choices come from the project's own prompts and models (the analytics routes, same window); a
// suggestion's "Price it in the what-if" hands over its prompt and models.
import { Card, SearchSelect, SearchSelectItem, Select, SelectItem } from "@tremor/react";
import { useEffect, useId, useMemo, useState, type ReactNode } from "react";
import { getModels, getPrompts } from "../../api/analytics.ts";
import { estimateSavings } from "../../api/optimization.ts";
import type { Savings } from "../../api/types.ts";
import { Labelled } from "../../components/labelled.tsx";
import { ErrorState, LoadingState } from "../../components/states.tsx";
import { formatCount } from "../../lib/format.ts";
import { useApi } from "../../lib/use-api.ts";
import { formatUsdCents, formatUsdExact, usdNumber } from "../../lib/usd-decimal.ts";
import { modelChoices, promptChoices, savingsRequest, whatIfWindow, type WhatIfChoice } from "./what-if.ts";

const DEBOUNCE_MS = 300;
const ALL = "\u0000all";

function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

export interface SavingsCalculatorProps {
  projectId: string;
  /** The suggestions' window. */
  windowDays: number;
  /** A choice handed over by a suggestion; a new object replaces the current choice. */
  preset?: WhatIfChoice | undefined;
}

export function SavingsCalculator({ projectId, windowDays, preset }: SavingsCalculatorProps) {
  const headingId = useId();
  const shareId = useId();
  // Fixed when the page opens (and the window is known): every answer is about the same runs.
  const span = useMemo(() => whatIfWindow(new Date(), windowDays), [windowDays]);
  const range = `${windowDays}d`;
  const [prompt, setPrompt] = useState("");
  const [promptVersion, setPromptVersion] = useState("");
  const [fromModel, setFromModel] = useState("");
  const [toModel, setToModel] = useState("");
  const [sharePercent, setSharePercent] = useState(50);
  useEffect(() => {
    if (!preset) return;
    setPrompt(preset.prompt);
    setPromptVersion(preset.promptVersion);
    setFromModel(preset.fromModel);
    setToModel(preset.toModel);
  }, [preset]);

  const prompts = useApi((signal) => getPrompts({ projectId, from: range, limit: 1000 }, signal), [projectId, range]);
  const allModels = useApi((signal) => getModels({ projectId, from: range, limit: 1000 }, signal), [projectId, range]);
  const scope = prompt === "" ? {} : { prompt: [prompt], ...(promptVersion === "" ? {} : { promptVersion: [promptVersion] }) };
  const scopedModels = useApi(prompt === "" ? null : (signal) => getModels({ projectId, from: range, limit: 1000, ...scope }, signal), [
    projectId,
    prompt,
    promptVersion,
  ]);

  const promptList = useMemo(() => promptChoices(prompts.data?.prompts ?? []), [prompts.data]);
  const versions = promptList.find((choice) => choice.prompt === prompt)?.versions ?? [];
  const targets = useMemo(() => modelChoices(allModels.data?.models ?? []), [allModels.data]);
  const sources = useMemo(
    () => (prompt === "" ? targets : modelChoices(scopedModels.data?.models ?? [])),
    [prompt, targets, scopedModels.data],
  );

  const request = savingsRequest({ projectId, window: span, prompt, promptVersion, fromModel, toModel, sharePercent });
  const key = request ? JSON.stringify(request) : "";
  const settledKey = useDebounced(key, DEBOUNCE_MS);
  const answer = useApi(settledKey === "" ? null : (signal) => estimateSavings(JSON.parse(settledKey), signal), [settledKey]);
  const pending = key !== settledKey || answer.loading;

  return (
    <section id="what-if" aria-labelledby={headingId} className="mt-10 scroll-mt-20">
      <h2 id={headingId} className="text-lg font-semibold text-tremor-content-strong dark:text-dark-tremor-content-strong">
        What if: move traffic to another model
      </h2>
      <p className="mt-1 text-tremor-default text-tremor-content dark:text-dark-tremor-content">
        Re-prices the chosen share of a model's runs of the last {windowDays} days at another model, from their real token counts and this
        project's prices. It says what the traffic would have cost, not whether the other model answers as well.
      </p>
      <Card className="mt-3">
        {prompts.error || allModels.error ? (
          <ErrorState
            error={prompts.error ?? allModels.error}
            onRetry={() => {
              prompts.reload();
              allModels.reload();
            }}
            title="Could not load the project's prompts and models"
          />
        ) : !prompts.data || !allModels.data ? (
          <LoadingState rows={3} label="Loading the project's prompts and models…" />
        ) : targets.length < 2 ? (
          <p className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">
            The calculator needs runs of at least two models in the last {windowDays} days.
          </p>
        ) : (
          <div className="space-y-5">
            <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
              <Choice label="Prompt">
                <SearchSelect
                  value={prompt === "" ? ALL : prompt}
                  onValueChange={(value) => {
                    setPrompt(value === ALL || value === "" ? "" : value);
                    setPromptVersion("");
                    setFromModel("");
                  }}
                  enableClear={false}
                >
                  {[
                    <SearchSelectItem key={ALL} value={ALL}>
                      All prompts
                    </SearchSelectItem>,
                    ...promptList.map((choice) => (
                      <SearchSelectItem key={choice.prompt} value={choice.prompt}>
                        {choice.prompt}
                      </SearchSelectItem>
                    )),
                  ]}
                </SearchSelect>
              </Choice>
              <Choice label="Version">
                <Select
                  value={promptVersion === "" ? ALL : promptVersion}
                  onValueChange={(value) => setPromptVersion(value === ALL ? "" : value)}
                  disabled={prompt === "" || versions.length === 0}
                  enableClear={false}
                >
                  {[
                    <SelectItem key={ALL} value={ALL}>
                      All versions
                    </SelectItem>,
                    ...versions.map((version) => (
                      <SelectItem key={version} value={version}>
                        {version}
                      </SelectItem>
                    )),
                  ]}
                </Select>
              </Choice>
              <Choice label="From model">
                <SearchSelect value={fromModel} onValueChange={setFromModel} placeholder="Model used now" enableClear={false}>
                  {sources.map((model) => (
                    <SearchSelectItem key={model} value={model}>
                      {model}
                    </SearchSelectItem>
                  ))}
                </SearchSelect>
              </Choice>
              <Choice label="To model">
                <SearchSelect value={toModel} onValueChange={setToModel} placeholder="Model to try" enableClear={false}>
                  {targets
                    .filter((model) => model !== fromModel)
                    .map((model) => (
                      <SearchSelectItem key={model} value={model}>
                        {model}
                      </SearchSelectItem>
                    ))}
                </SearchSelect>
              </Choice>
            </div>
            <div className="max-w-xl">
              <label
                htmlFor={shareId}
                className="flex items-baseline justify-between text-tremor-default font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong"
              >
                Share of the runs moved
                <output htmlFor={shareId} className="tabular-nums">
                  {sharePercent}%
                </output>
              </label>
              <input
                id={shareId}
                type="range"
                min={0}
                max={100}
                step={1}
                value={sharePercent}
                aria-valuetext={`${sharePercent}%`}
                onChange={(event) => setSharePercent(Number(event.target.value))}
                className="mt-2 w-full accent-tremor-brand"
              />
            </div>
            <WhatIfResult
              answer={answer.data}
              error={answer.error}
              pending={pending}
              ready={request !== undefined}
              retry={answer.reload}
              sharePercent={sharePercent}
            />
          </div>
        )}
      </Card>
    </section>
  );
}

function Choice({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Labelled label={label} className="min-w-0">
      <span aria-hidden="true" className="mb-1 block text-xs font-medium text-tremor-content dark:text-dark-tremor-content">
        {label}
      </span>
      {children}
    </Labelled>
  );
}

function WhatIfResult({
  answer,
  error,
  pending,
  ready,
  retry,
  sharePercent,
}: {
  answer: Savings | undefined;
  error: Error | undefined;
  pending: boolean;
  ready: boolean;
  retry: () => void;
  sharePercent: number;
}) {
  if (!ready)
    return (
      <p className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">
        Choose the model used now and the one to try: the cost change shows here.
      </p>
    );
  if (error && !pending) return <ErrorState error={error} onRetry={retry} title="Could not work out the savings" />;
  if (!answer) return <LoadingState rows={2} label="Working out the savings…" />;
  const move = answer.moves[0];
  const saving = usdNumber(answer.monthlySavingsUsd) ?? 0;
  const warnings = move?.warnings ?? [];
  return (
    <section
      aria-label="What-if result"
      aria-busy={pending}
      aria-live="polite"
      className={`rounded-tremor-default bg-tremor-background-muted p-4 transition-opacity dark:bg-dark-tremor-background-muted ${pending ? "opacity-60" : ""}`}
    >
      <p className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">
        {saving < 0 ? "Costs more a month" : "Saves a month"}
      </p>
      <p
        className={`text-3xl font-semibold tabular-nums ${saving < 0 ? "text-red-600 dark:text-red-400" : "text-tremor-content-strong dark:text-dark-tremor-content-strong"}`}
        title={`${formatUsdExact(answer.monthlySavingsUsd)} a month, exactly`}
        data-testid="what-if-monthly"
      >
        {formatUsdCents(answer.monthlySavingsUsd)}
      </p>
      {move && (
        <dl className="mt-3 grid gap-x-6 gap-y-2 text-tremor-default sm:grid-cols-2 lg:grid-cols-4">
          <Figure label={`Matching runs (${sharePercent}% of their cost moved)`} value={formatCount(move.matchedRuns)} />
          <Figure
            label="Their cost, now → at the other model"
            value={`${formatUsdCents(move.movedCurrentCostUsd)} → ${formatUsdCents(move.movedProjectedCostUsd)}`}
            title={`${formatUsdExact(move.movedCurrentCostUsd)} → ${formatUsdExact(move.movedProjectedCostUsd)}`}
          />
          <Figure
            label={`The project's ${answer.windowDays} days, now → after`}
            value={`${formatUsdCents(answer.currentCostUsd)} → ${formatUsdCents(answer.projectedCostUsd)}`}
            title={`${formatUsdExact(answer.currentCostUsd)} → ${formatUsdExact(answer.projectedCostUsd)}`}
          />
          <Figure
            label={`Saved in those ${answer.windowDays} days`}
            value={formatUsdCents(answer.savingsUsd)}
            title={formatUsdExact(answer.savingsUsd)}
          />
        </dl>
      )}
      {(move?.unpricedRuns ?? 0) > 0 && (
        <p className="mt-2 text-xs text-amber-700 dark:text-amber-300">
          {formatCount(move!.unpricedRuns)} matching runs have no price and are left out.
        </p>
      )}
      {warnings.length > 0 && (
        <ul className="mt-2 space-y-0.5 text-xs text-amber-700 dark:text-amber-300">
          {warnings.map((warning) => (
            <li key={warning} className="break-words [overflow-wrap:anywhere]">
              {warning}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Figure({ label, value, title }: { label: string; value: string; title?: string }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-tremor-content dark:text-dark-tremor-content">{label}</dt>
      <dd className="font-medium tabular-nums text-tremor-content-strong dark:text-dark-tremor-content-strong" title={title}>
        {value}
      </dd>
    </div>
  );
}
