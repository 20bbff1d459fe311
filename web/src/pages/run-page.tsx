// One run: its headline figures, input and output, tokens and cost, the trace it belongs to as a
// waterfall, a 1-5 rating and feedback (members and above), and the call's details and attributes.
import { Card } from "@tremor/react";
import { useCallback, useMemo } from "react";
import { Link, useLocation, useParams } from "react-router-dom";
import { getRun } from "../api/runs.ts";
import { ApiError } from "../api/http.ts";
import type { RunDetail, RunFeedback } from "../api/types.ts";
import { ErrorState, LoadingState } from "../components/states.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { RunFeedbackForm } from "../components/run-feedback-form.tsx";
import { RunRating } from "../components/run-rating.tsx";
import { RunTextView } from "../components/run-text-view.tsx";
import { RunWaterfall } from "../components/run-waterfall.tsx";
import { formatDateTime, formatRelative } from "../lib/format.ts";
import { CAN } from "../lib/roles.ts";
import { useProject } from "../lib/session.tsx";
import { useAnalyticsQuery } from "../lib/use-analytics-query.ts";
import { useApi } from "../lib/use-api.ts";
import { formatSpanMs, layoutWaterfall } from "../lib/waterfall.ts";
import { backToListHref, runHref } from "./runs/run-links.ts";
import { RunAttributes, RunCostCard, RunDetailsCard, RunStats, SectionTitle } from "./runs/run-sections.tsx";

export default function RunPage() {
  const { project, role } = useProject();
  const { runId = "" } = useParams();
  const location = useLocation();
  const { state } = useAnalyticsQuery();
  const zone = state.tzFromUrl ? state.tz : undefined;
  const run = useApi((signal) => getRun(project.id, runId, signal), [project.id, runId]);
  const back = backToListHref(project.id, (location.state as { back?: unknown } | null)?.back, zone);

  const setRun = run.setData;
  const saved = useCallback(
    (feedback: RunFeedback) =>
      setRun((current) =>
        current
          ? {
              ...current,
              rating: feedback.rating,
              success: feedback.success,
              feedback: feedback.feedback,
              feedbackUpdatedAt: feedback.updatedAt,
            }
          : current!,
      ),
    [setRun],
  );

  const backLink = (
    <Link to={back} className="text-tremor-default font-medium text-tremor-brand hover:underline dark:text-dark-tremor-brand">
      ← All runs
    </Link>
  );

  if (run.error) {
    const missing = run.error instanceof ApiError && run.error.status === 404;
    return (
      <>
        <PageHeader title="Run" actions={backLink} />
        <ErrorState
          error={missing ? new Error("This run does not exist in this project, or it has not been stored yet.") : run.error}
          title={missing ? "Run not found" : "Could not load the run"}
          onRetry={run.reload}
        />
      </>
    );
  }
  if (!run.data) {
    return (
      <>
        <PageHeader title="Run" actions={backLink} />
        <LoadingState label="Loading the run…" rows={6} />
      </>
    );
  }
  const data = run.data;
  const canWrite = CAN.write(role);
  return (
    <>
      <PageHeader
        title={data.name || `${data.operation} ${data.model}`}
        description={
          <>
            <span className="tabular-nums">{formatDateTime(data.startTime, state.tz, true)}</span> · {data.provider || "unknown provider"} ·{" "}
            {data.model || "unknown model"}
          </>
        }
        actions={backLink}
      />
      <div className="space-y-6">
        <RunStats run={data} />
        <div className="grid gap-6 lg:grid-cols-3">
          <div className="min-w-0 space-y-6 lg:col-span-2">
            <RunTextView
              title="Input"
              text={data.input}
              emptyHint="No prompt text was captured for this run (content capture may be off in the instrumentation)."
            />
            <RunTextView
              title="Output"
              text={data.output}
              emptyHint={data.status === "error" ? "The call failed before answering." : "No response text was captured for this run."}
            />
          </div>
          <div className="min-w-0 space-y-6">
            <FeedbackCard run={data} canWrite={canWrite} onSaved={saved} />
            <RunCostCard run={data} />
          </div>
        </div>
        <TraceCard run={data} timeZone={state.tz} zone={zone} />
        <div className="grid items-start gap-6 lg:grid-cols-2">
          <RunDetailsCard run={data} timeZone={state.tz} />
          <RunAttributes run={data} />
        </div>
      </div>
    </>
  );
}

function FeedbackCard({ run, canWrite, onSaved }: { run: RunDetail; canWrite: boolean; onSaved: (feedback: RunFeedback) => void }) {
  return (
    <Card className="space-y-4 p-4 sm:p-6">
      <div>
        <SectionTitle>Rate this run</SectionTitle>
        {!canWrite && (
          <p className="-mt-2 mb-3 text-tremor-default text-tremor-content dark:text-dark-tremor-content">
            Viewers can read ratings and feedback but not change them.
          </p>
        )}
        <RunRating projectId={run.projectId} runId={run.id} rating={run.rating} disabled={!canWrite} onSaved={onSaved} />
      </div>
      <RunFeedbackForm
        projectId={run.projectId}
        runId={run.id}
        text={run.feedback}
        success={run.success}
        disabled={!canWrite}
        onSaved={onSaved}
      />
      {run.feedbackUpdatedAt && (
        <p className="text-xs text-tremor-content dark:text-dark-tremor-content" title={run.feedbackUpdatedAt}>
          Last changed {formatRelative(run.feedbackUpdatedAt)}
        </p>
      )}
    </Card>
  );
}

function TraceCard({ run, timeZone, zone }: { run: RunDetail; timeZone: string; zone: string | undefined }) {
  const { trace } = run;
  const location = useLocation();
  const total = useMemo(() => layoutWaterfall(trace.roots).totalMs, [trace.roots]);
  return (
    <Card className="p-4 sm:p-6">
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">Trace</h2>
        <p className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">
          {trace.spanCount.toLocaleString("en-US")} {trace.spanCount === 1 ? "span" : "spans"}
          {trace.roots.length > 0 && <> · {formatSpanMs(total)}</>} · <span className="font-mono text-xs">{trace.traceId}</span>
        </p>
      </div>
      {trace.truncated && (
        <p
          role="note"
          className="mb-3 rounded-tremor-small bg-amber-50 px-3 py-2 text-tremor-default text-amber-800 dark:bg-amber-950 dark:text-amber-200"
        >
          This trace has more spans than the page shows: these are its first {trace.spanCount.toLocaleString("en-US")} by start time.
        </p>
      )}
      {trace.roots.length === 0 ? (
        <p className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">No spans of this trace are stored.</p>
      ) : (
        <RunWaterfall
          key={run.id}
          roots={trace.roots}
          currentSpanId={run.spanId}
          runHref={(id) => runHref(run.projectId, id, zone)}
          linkState={location.state}
          timeZone={timeZone}
        />
      )}
    </Card>
  );
}
