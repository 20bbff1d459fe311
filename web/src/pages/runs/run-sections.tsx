// The run page's parts that only show data: the headline figures, tokens and cost, the call's
// details and its attributes.
import { Badge, Card } from "@tremor/react";
import { useEffect, useState, type ReactNode } from "react";
import { Link } from "react-router-dom";
import type { RunDetail } from "../../api/types.ts";
import { CheckIcon, CopyIcon } from "../../components/icons.tsx";
import { RunQualityBadges } from "../../components/run-quality-badges.tsx";
import { RunStatusBadge } from "../../components/run-status-badge.tsx";
import { copyText } from "../../lib/clipboard.ts";
import { exactUsd, formatCount, formatDateTime, formatMs } from "../../lib/format.ts";
import { describePrefix, qualityBadges } from "../../lib/run-evidence.ts";
import { describeInferenceGeo, describePriceSource, runBreakdown } from "./run-breakdown.ts";
import { runsListHref } from "./run-links.ts";

const LABEL = "text-tremor-default text-tremor-content dark:text-dark-tremor-content";
const VALUE = "text-tremor-default text-tremor-content-strong dark:text-dark-tremor-content-strong";
const LINK = "font-medium text-tremor-brand hover:underline dark:text-dark-tremor-brand";

export function SectionTitle({ children, id }: { children: ReactNode; id?: string }) {
  return (
    <h2 id={id} className="mb-3 font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">
      {children}
    </h2>
  );
}

function Stat({ label, value, hint }: { label: string; value: ReactNode; hint?: ReactNode }) {
  return (
    <Card className="p-3">
      <p className={LABEL}>{label}</p>
      <div className="mt-0.5 text-lg font-semibold tabular-nums text-tremor-content-strong dark:text-dark-tremor-content-strong">
        {value}
      </div>
      {hint && <div className="mt-0.5 truncate text-xs text-tremor-content dark:text-dark-tremor-content">{hint}</div>}
    </Card>
  );
}

export function RunStats({ run }: { run: RunDetail }) {
  return (
    <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-6">
      <Stat
        label="Cost"
        value={run.cost.totalUsd === null ? "Unpriced" : exactUsd(run.cost.totalUsd)}
        hint={run.usageEstimated ? "from estimated usage" : describePriceSource(run.cost)}
      />
      <Stat
        label="Tokens"
        value={formatCount(run.inputTokens + run.outputTokens)}
        hint={`${formatCount(run.inputTokens)} in · ${formatCount(run.outputTokens)} out`}
      />
      <Stat label="Latency" value={formatMs(run.latencyMs)} />
      <Stat label="Time to first token" value={formatMs(run.ttftMs)} hint={run.ttftMs === null ? "streamed calls only" : undefined} />
      <Stat
        label="Status"
        value={
          <span className="inline-flex flex-wrap items-center gap-1">
            <RunStatusBadge status={run.status} />
            <RunQualityBadges badges={qualityBadges(run.qualityFlags, run.status === "error")} />
          </span>
        }
        hint={run.finishReason ? `finish: ${run.finishReason}` : undefined}
      />
      <Stat
        label="Rating"
        value={run.rating === null ? "–" : <span aria-label={`${run.rating} of 5 stars`}>{`${run.rating} ★`}</span>}
        hint={run.success === null ? undefined : run.success ? "marked a success" : "marked a failure"}
      />
    </div>
  );
}

export function RunCostCard({ run }: { run: RunDetail }) {
  const breakdown = runBreakdown(run);
  return (
    <Card className="p-4 sm:p-6">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 className="font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">Tokens and cost</h2>
        {run.usageEstimated && (
          <Badge color="amber" size="xs" title="The provider reported no usage; the instrumentation estimated the token counts.">
            Usage estimated
          </Badge>
        )}
      </div>
      <table className="w-full text-tremor-default">
        <caption className="sr-only">Tokens and cost of each part of the call</caption>
        <thead>
          <tr className="text-xs text-tremor-content dark:text-dark-tremor-content">
            <th scope="col" className="pb-1 text-left font-normal">
              Part
            </th>
            <th scope="col" className="pb-1 text-right font-normal">
              Tokens
            </th>
            <th scope="col" className="pb-1 text-right font-normal">
              Cost
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-tremor-border dark:divide-dark-tremor-border">
          {breakdown.lines.map((line) => (
            <tr key={line.key}>
              <th scope="row" className="py-1.5 text-left font-normal text-tremor-content-emphasis dark:text-dark-tremor-content-emphasis">
                {line.label}
                {line.note && <span className="block text-xs text-tremor-content dark:text-dark-tremor-content">{line.note}</span>}
              </th>
              <td className={`py-1.5 text-right tabular-nums ${VALUE}`} title={line.tokens.toLocaleString("en-US")}>
                {formatCount(line.tokens)}
              </td>
              <td className={`py-1.5 text-right tabular-nums ${VALUE}`}>{breakdown.totalUsd === null ? "–" : exactUsd(line.costUsd)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="border-t-2 border-tremor-border font-semibold dark:border-dark-tremor-border">
            <th scope="row" className={`pt-2 text-left ${VALUE}`}>
              Total
            </th>
            <td
              className={`pt-2 text-right tabular-nums ${VALUE}`}
              title={`${breakdown.inputTokens.toLocaleString("en-US")} input, ${breakdown.outputTokens.toLocaleString("en-US")} output`}
            >
              {formatCount(breakdown.totalTokens)}
            </td>
            <td className={`pt-2 text-right tabular-nums ${VALUE}`}>
              {breakdown.totalUsd === null ? "Unpriced" : exactUsd(breakdown.totalUsd)}
            </td>
          </tr>
        </tfoot>
      </table>
      <dl className="mt-4 space-y-1 text-tremor-default">
        <div className="flex flex-wrap justify-between gap-x-3">
          <dt className={LABEL}>Price source</dt>
          <dd className={`${VALUE} text-right`}>{describePriceSource({ ...run.cost, pricedModel: "" })}</dd>
        </div>
        {run.cost.pricedModel && (
          <div className="flex flex-wrap justify-between gap-x-3">
            <dt className={LABEL}>Priced as</dt>
            <dd className={`${VALUE} text-right font-mono text-xs leading-5 [overflow-wrap:anywhere]`}>{run.cost.pricedModel}</dd>
          </div>
        )}
        {run.cost.reportedUsd !== null && (
          <div className="flex flex-wrap justify-between gap-x-3">
            <dt className={LABEL}>Reported by the source</dt>
            <dd className={`${VALUE} tabular-nums`}>{exactUsd(run.cost.reportedUsd)}</dd>
          </div>
        )}
        {run.serviceTier && run.serviceTier !== "standard" && (
          <div className="flex flex-wrap justify-between gap-x-3">
            <dt className={LABEL}>Service tier</dt>
            <dd className={VALUE}>{run.serviceTier}</dd>
          </div>
        )}
        {run.inferenceGeo && (
          <div className="flex flex-wrap justify-between gap-x-3">
            <dt className={LABEL}>Processed in</dt>
            <dd className={`${VALUE} text-right`}>{describeInferenceGeo(run.inferenceGeo)}</dd>
          </div>
        )}
      </dl>
    </Card>
  );
}

interface Fact {
  label: string;
  value: ReactNode;
}

function FactList({ facts }: { facts: readonly Fact[] }) {
  return (
    <dl className="grid grid-cols-[minmax(6rem,auto)_minmax(0,1fr)] gap-x-4 gap-y-1.5">
      {facts.map((fact) => (
        <div key={fact.label} className="contents">
          <dt className={LABEL}>{fact.label}</dt>
          <dd className={`${VALUE} min-w-0 [overflow-wrap:anywhere]`}>{fact.value}</dd>
        </div>
      ))}
    </dl>
  );
}

const dash = (text: string) => (text === "" ? "–" : text);

export function RunDetailsCard({ run, timeZone }: { run: RunDetail; timeZone: string }) {
  const list = (filters: Record<string, string>) => runsListHref(run.projectId, { ...filters, from: "90d" });
  const call: Fact[] = [
    { label: "Started", value: <span className="tabular-nums">{formatDateTime(run.startTime, timeZone, true)}</span> },
    { label: "Ended", value: <span className="tabular-nums">{formatDateTime(run.endTime, timeZone, true)}</span> },
    { label: "Provider", value: dash(run.provider) },
    { label: "Operation", value: dash(run.operation) },
    { label: "Model", value: dash(run.model) },
    ...(run.requestModel && run.requestModel !== run.model ? [{ label: "Requested", value: run.requestModel }] : []),
    { label: "Finish reason", value: dash(run.finishReason) },
    {
      label: "Status",
      value: (
        <span className="inline-flex flex-wrap items-center gap-2">
          <RunStatusBadge status={run.status} />
          {run.statusMessage && <span>{run.statusMessage}</span>}
        </span>
      ),
    },
    {
      label: "Quality",
      value: run.qualityFlags.length === 0 ? "no flag" : <RunQualityBadges badges={qualityBadges(run.qualityFlags)} />,
    },
    { label: "Service", value: dash(run.serviceName) },
    { label: "Span name", value: dash(run.name) },
  ];
  const context: Fact[] = [
    {
      label: "User",
      value: run.userId ? (
        <Link className={LINK} to={list({ userId: run.userId })} title="This user's runs">
          {run.userId}
        </Link>
      ) : (
        "–"
      ),
    },
    {
      label: "Session",
      value: run.sessionId ? (
        <Link className={LINK} to={list({ sessionId: run.sessionId })} title="The runs of this session">
          {run.sessionId}
        </Link>
      ) : (
        "–"
      ),
    },
    {
      label: "Prompt",
      value: run.promptName ? (
        <Link
          className={LINK}
          to={list(run.promptVersion ? { prompt: run.promptName, promptVersion: run.promptVersion } : { prompt: run.promptName })}
          title="Runs of this prompt version"
        >
          {run.promptName}
          {run.promptVersion && (
            <span className="font-normal text-tremor-content dark:text-dark-tremor-content"> · {run.promptVersion}</span>
          )}
        </Link>
      ) : (
        "–"
      ),
    },
    {
      label: "Tags",
      value:
        run.tags.length === 0 ? (
          "–"
        ) : (
          <span className="flex flex-wrap gap-1">
            {run.tags.map((tag) => (
              <Link
                key={tag}
                to={list({ tag })}
                className="rounded-tremor-full bg-tremor-background-subtle px-2 py-0.5 text-xs text-tremor-content-emphasis hover:underline dark:bg-dark-tremor-background-subtle dark:text-dark-tremor-content-emphasis"
              >
                {tag}
              </Link>
            ))}
          </span>
        ),
    },
  ];
  const prefix = describePrefix(run);
  const request: Fact[] = [
    {
      label: "Request hash",
      value: run.inputHash ? <IdValue value={run.inputHash} label="Copy the request hash" /> : "not recorded",
    },
    {
      label: "Stable prefix",
      value:
        prefix === null ? (
          "none"
        ) : (
          <span className="block space-y-0.5">
            {run.prefixHash && <IdValue value={run.prefixHash} label="Copy the prefix hash" />}
            <span className="block">{prefix}</span>
          </span>
        ),
    },
  ];
  const ids: Fact[] = [
    { label: "Run id", value: <IdValue value={run.id} label="Copy the run id" /> },
    { label: "Trace id", value: <IdValue value={run.traceId} label="Copy the trace id" /> },
    { label: "Span id", value: <IdValue value={run.spanId} label="Copy the span id" /> },
    {
      label: "Parent span",
      value: run.parentSpanId ? <span className="font-mono text-xs">{run.parentSpanId}</span> : "none (a root span)",
    },
  ];
  return (
    <Card className="space-y-5 p-4 sm:p-6">
      <section aria-labelledby="run-call">
        <SectionTitle id="run-call">Call</SectionTitle>
        <FactList facts={call} />
      </section>
      <section aria-labelledby="run-context">
        <SectionTitle id="run-context">User, session and prompt</SectionTitle>
        <FactList facts={context} />
      </section>
      <section aria-labelledby="run-request">
        <SectionTitle id="run-request">Request evidence</SectionTitle>
        <p className={`mb-2 text-xs ${LABEL}`}>
          Hashes of the request, recorded without its text: runs with the same request hash asked the same thing.
        </p>
        <FactList facts={request} />
      </section>
      <section aria-labelledby="run-ids">
        <SectionTitle id="run-ids">Ids</SectionTitle>
        <FactList facts={ids} />
      </section>
    </Card>
  );
}

function IdValue({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <span className="flex min-w-0 items-start gap-1.5">
      <span className="min-w-0 font-mono text-xs leading-5 [overflow-wrap:anywhere]">{value}</span>
      <button
        type="button"
        aria-label={label}
        title={label}
        onClick={async () => setCopied(await copyText(value))}
        className="shrink-0 rounded p-0.5 text-tremor-content hover:bg-tremor-background-subtle hover:text-tremor-content-strong dark:text-dark-tremor-content dark:hover:bg-dark-tremor-background-subtle dark:hover:text-dark-tremor-content-strong"
      >
        {copied ? <CheckIcon className="text-emerald-500" /> : <CopyIcon />}
      </button>
      <span className="sr-only" aria-live="polite">
        {copied ? "Copied" : ""}
      </span>
    </span>
  );
}

/** Span and resource attributes, folded: they are long and rarely needed. */
export function RunAttributes({ run }: { run: RunDetail }) {
  const groups = [
    { title: "Span attributes", entries: Object.entries(run.attributes) },
    { title: "Resource attributes", entries: Object.entries(run.resourceAttributes) },
  ];
  return (
    <Card className="space-y-2 p-4 sm:p-6">
      {groups.map((group) => (
        <details key={group.title} className="group">
          <summary className="cursor-pointer select-none rounded font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">
            {group.title} <span className="font-normal text-tremor-content dark:text-dark-tremor-content">({group.entries.length})</span>
          </summary>
          {group.entries.length === 0 ? (
            <p className={`mt-2 ${LABEL}`}>None.</p>
          ) : (
            <dl className="mt-2 grid grid-cols-1 gap-x-4 gap-y-1 sm:grid-cols-[minmax(8rem,auto)_minmax(0,1fr)]">
              {group.entries
                .sort(([left], [right]) => left.localeCompare(right))
                .map(([key, value]) => (
                  <div key={key} className="contents">
                    <dt className="font-mono text-xs text-tremor-content [overflow-wrap:anywhere] dark:text-dark-tremor-content">{key}</dt>
                    <dd className="mb-1 whitespace-pre-wrap font-mono text-xs text-tremor-content-strong [overflow-wrap:anywhere] dark:text-dark-tremor-content-strong sm:mb-0">
                      {value}
                    </dd>
                  </div>
                ))}
            </dl>
          )}
        </details>
      ))}
    </Card>
  );
}
