// Getting a project its first runs: an ingest key (created here, shown once), the snippet for a Node
// app and the settings for any OpenTelemetry app, sample data for a look around, and a live check
// that turns green when the first span arrives.
import { Button, Card } from "@tremor/react";
import { useState, type ReactNode } from "react";
import { Link } from "react-router-dom";
import { createIngestKey, getProjectStatus, listIngestKeys, loadSampleData } from "../api/projects.ts";
import type { ProjectStatus } from "../api/types.ts";
import { CodeBlock } from "../components/copy-button.tsx";
import { CheckIcon } from "../components/icons.tsx";
import { PageHeader } from "../components/page-header.tsx";
import { SecretOnce } from "../components/secret-once.tsx";
import { ErrorState } from "../components/states.tsx";
import { formatCount, formatRelative } from "../lib/format.ts";
import { CAN } from "../lib/roles.ts";
import { useProject, useSession } from "../lib/session.tsx";
import { nodeSnippet, otelSnippet, otlpEndpoint, sdkTarballUrl } from "../lib/snippets.ts";
import { useApi, usePolling } from "../lib/use-api.ts";

const POLL_MS = 3000;

export default function OnboardingPage() {
  const { project, role } = useProject();
  const { user } = useSession();
  const status = useApi((signal) => getProjectStatus(project.id, signal), [project.id]);
  const hasRuns = (status.data?.runs ?? 0) > 0;
  // Polls until the first run is in; a slow answer is not asked again before it returns.
  usePolling(() => !status.loading && status.reload(), POLL_MS, !hasRuns && status.error === undefined);
  const [secret, setSecret] = useState<string | undefined>(undefined);
  const endpoint = otlpEndpoint(window.location, status.data?.otlpPort ?? null);

  return (
    <div className="max-w-4xl">
      <PageHeader
        title={`Get started with ${project.name}`}
        description="Send your app's LLM calls here, or load sample data to look around first."
      />
      <LiveCheck status={status.data} error={status.error} onRetry={status.reload} projectId={project.id} />

      <ol className="mt-6 space-y-4">
        <Step number={1} title="Create an ingest key" done={secret !== undefined}>
          <IngestKeyStep projectId={project.id} canCreate={CAN.write(role)} secret={secret} onCreated={setSecret} userName={user?.name} />
        </Step>
        <Step number={2} title="Instrument a Node app" done={hasRuns}>
          <p className="mb-3 text-tremor-default text-tremor-content dark:text-dark-tremor-content">
            Every <code className="font-mono">openai</code> and <code className="font-mono">@anthropic-ai/sdk</code> call is recorded with
            its model, tokens and cost. No code changes.
          </p>
          <CodeBlock label="Commands to instrument a Node app" code={nodeSnippet(endpoint, secret, sdkTarballUrl(window.location))} />
        </Step>
        <Step number={3} title="Or send OpenTelemetry from any app" done={hasRuns}>
          <p className="mb-3 text-tremor-default text-tremor-content dark:text-dark-tremor-content">
            Any OpenTelemetry SDK exporting OTLP/HTTP works: the GenAI conventions, OpenLLMetry, OpenInference, the Vercel AI SDK, OpenLIT
            and Langfuse spans are understood.
          </p>
          <CodeBlock label="OpenTelemetry exporter settings" code={otelSnippet(endpoint, secret)} />
        </Step>
      </ol>

      <SampleData projectId={project.id} canLoad={CAN.write(role)} onLoaded={status.reload} hasRuns={hasRuns} />
    </div>
  );
}

function LiveCheck({
  status,
  error,
  onRetry,
  projectId,
}: {
  status: ProjectStatus | undefined;
  error: Error | undefined;
  onRetry: () => void;
  projectId: string;
}) {
  if (error) return <ErrorState error={error} onRetry={onRetry} title="Cannot check for spans" />;
  const received = (status?.runs ?? 0) > 0;
  return (
    <Card
      role="status"
      aria-live="polite"
      className={`flex flex-col gap-3 sm:flex-row sm:items-center ${received ? "ring-emerald-500 dark:ring-emerald-500" : ""}`}
      decoration={received ? "left" : undefined}
      decorationColor="emerald"
    >
      {received ? (
        <>
          <span className="flex h-8 w-8 shrink-0 items-center justify-center rounded-full bg-emerald-500 text-white">
            <CheckIcon />
          </span>
          <div className="min-w-0 flex-1">
            <p className="font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">Your first spans are in</p>
            <p className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">
              {formatCount(status!.runs)} runs so far; the newest started {formatRelative(status!.lastSpanAt)}.
            </p>
          </div>
          <Link
            to={`/p/${projectId}/overview`}
            className="shrink-0 rounded-tremor-small bg-tremor-brand px-3 py-2 text-center text-tremor-default font-medium text-white hover:bg-tremor-brand-emphasis"
          >
            Open the overview
          </Link>
        </>
      ) : (
        <>
          <span className="relative flex h-3 w-3" aria-hidden="true">
            <span className="absolute inline-flex h-full w-full animate-ping rounded-full bg-amber-400 opacity-75" />
            <span className="relative inline-flex h-3 w-3 rounded-full bg-amber-500" />
          </span>
          <div>
            <p className="font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">
              {status ? "Waiting for your first span…" : "Checking for spans…"}
            </p>
            <p className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">
              This turns green as soon as one arrives. Checking every few seconds.
            </p>
          </div>
        </>
      )}
    </Card>
  );
}

function Step({ number, title, done, children }: { number: number; title: string; done: boolean; children: ReactNode }) {
  return (
    <li>
      <Card>
        <h2 className="mb-3 flex items-center gap-3 font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">
          <span
            className={`flex h-7 w-7 shrink-0 items-center justify-center rounded-full text-sm font-semibold ${done ? "bg-emerald-500 text-white" : "bg-tremor-brand-faint text-tremor-brand-emphasis dark:bg-dark-tremor-brand-muted dark:text-dark-tremor-brand-emphasis"}`}
          >
            {done ? (
              <>
                <CheckIcon />
                <span className="sr-only">Done: </span>
              </>
            ) : (
              number
            )}
          </span>
          {title}
        </h2>
        {children}
      </Card>
    </li>
  );
}

function IngestKeyStep({
  projectId,
  canCreate,
  secret,
  onCreated,
  userName,
}: {
  projectId: string;
  canCreate: boolean;
  secret: string | undefined;
  onCreated: (secret: string) => void;
  userName: string | undefined;
}) {
  const keys = useApi((signal) => listIngestKeys(projectId, signal), [projectId]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const existing = keys.data?.length ?? 0;
  return (
    <div>
      <p className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">
        Your app sends spans with an ingest key.{" "}
        {existing > 0 &&
          `This project has ${existing} ${existing === 1 ? "key" : "keys"} already; a key's secret is shown only when it is created, so make a new one to copy it here. `}
        Manage keys in{" "}
        <Link className="text-tremor-brand hover:underline" to={`/p/${projectId}/settings/keys`}>
          Settings
        </Link>
        .
      </p>
      {secret ? (
        <SecretOnce
          title="Your new ingest key"
          value={secret}
          label="Ingest key"
          note="Copy it now: it is shown only this once. The snippets below already use it."
        />
      ) : canCreate ? (
        <div className="mt-3">
          <Button
            loading={busy}
            onClick={async () => {
              setBusy(true);
              setError(undefined);
              try {
                const created = await createIngestKey(projectId, `Onboarding key${userName ? ` (${userName})` : ""}`);
                onCreated(created.key);
                keys.reload();
              } catch (failure) {
                setError(failure instanceof Error ? failure.message : String(failure));
              } finally {
                setBusy(false);
              }
            }}
          >
            Create an ingest key
          </Button>
          {error && (
            <p role="alert" className="mt-2 text-tremor-default text-red-600 dark:text-red-400">
              {error}
            </p>
          )}
        </div>
      ) : (
        <p className="mt-3 text-tremor-default text-tremor-content dark:text-dark-tremor-content">
          Viewers cannot create keys: ask a member or admin of this org for one.
        </p>
      )}
    </div>
  );
}

function SampleData({
  projectId,
  canLoad,
  onLoaded,
  hasRuns,
}: {
  projectId: string;
  canLoad: boolean;
  onLoaded: () => void;
  hasRuns: boolean;
}) {
  const [state, setState] = useState<{ busy: boolean; loaded?: number; error?: string }>({ busy: false });
  return (
    <Card className="mt-6">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <div className="min-w-0 max-w-xl">
          <h2 className="font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">Just looking around?</h2>
          <p className="mt-1 text-tremor-default text-tremor-content dark:text-dark-tremor-content">
            Load 30 days of realistic demo runs: six OpenAI and Anthropic models, a handful of prompts with versions, 50 users and ratings.
            They come from the scope <code className="font-mono text-xs">@promptmetrics/synthetic</code>
            {hasRuns ? " and are added to the runs already here." : "."}
          </p>
        </div>
        {canLoad ? (
          <Button
            variant={hasRuns ? "secondary" : "primary"}
            loading={state.busy}
            disabled={state.busy}
            onClick={async () => {
              setState({ busy: true });
              try {
                const result = await loadSampleData(projectId);
                setState({ busy: false, loaded: result.runs });
                onLoaded();
              } catch (failure) {
                setState({ busy: false, error: failure instanceof Error ? failure.message : String(failure) });
              }
            }}
          >
            {state.busy ? "Loading sample data…" : "Load sample data"}
          </Button>
        ) : (
          <p className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">Viewers cannot load data.</p>
        )}
      </div>
      {state.loaded !== undefined && (
        <p role="status" className="mt-3 text-tremor-default text-emerald-700 dark:text-emerald-400">
          Loaded {formatCount(state.loaded)} sample runs.{" "}
          <Link className="font-medium underline" to={`/p/${projectId}/overview`}>
            See them on the overview
          </Link>
        </p>
      )}
      {state.error && (
        <p role="alert" className="mt-3 text-tremor-default text-red-600 dark:text-red-400">
          {state.error}
        </p>
      )}
    </Card>
  );
}
