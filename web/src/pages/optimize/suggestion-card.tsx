// One savings suggestion: what to change and what it saves a month, its type, impact and confidence, what
// it is about, its evidence on demand, and Apply / Dismiss for members. A dismissed one shows its reason;
// an applied one what really changed since (realized savings). Titles, reasons and names are the
// project's data, rendered as text only, wrapping (or cut with the whole text in a tooltip) at any length.
import { Button, Card, TextInput } from "@tremor/react";
import { useId, useState } from "react";
import { applySuggestion, dismissSuggestion } from "../../api/optimization.ts";
import type { Suggestion } from "../../api/types.ts";
import { formatDate } from "../../lib/format.ts";
import { useAction } from "../../lib/use-action.ts";
import { formatUsdCents, formatUsdExact, isZeroUsd } from "../../lib/usd-decimal.ts";
import { EvidenceView } from "./evidence-view.tsx";
import { RealizedView } from "./realized-view.tsx";
import { whatIfChoiceOf, type WhatIfChoice } from "./what-if.ts";

const wrap = "break-words [overflow-wrap:anywhere]";

const BADGE = "inline-flex items-center whitespace-nowrap rounded-tremor-small px-1.5 py-0.5 text-xs font-medium";
const TYPE_TONES: Record<Suggestion["type"], string> = {
  cost: "bg-emerald-50 text-emerald-700 dark:bg-emerald-950 dark:text-emerald-300",
  performance: "bg-sky-50 text-sky-700 dark:bg-sky-950 dark:text-sky-300",
  quality: "bg-violet-50 text-violet-700 dark:bg-violet-950 dark:text-violet-300",
};
const LEVEL_TONES: Record<Suggestion["impact"], string> = {
  high: "bg-amber-50 text-amber-800 dark:bg-amber-950 dark:text-amber-300",
  medium:
    "bg-tremor-background-subtle text-tremor-content-emphasis dark:bg-dark-tremor-background-subtle dark:text-dark-tremor-content-emphasis",
  low: "bg-tremor-background-subtle text-tremor-content dark:bg-dark-tremor-background-subtle dark:text-dark-tremor-content",
};
const TYPE_LABELS: Record<Suggestion["type"], string> = { cost: "Cost", performance: "Performance", quality: "Quality" };
const EVIDENCE_KINDS: Record<string, string> = {
  measured: "both models measured on this traffic",
  untested: "not yet tried on this traffic",
  observed: "observed in the runs",
  projected: "projected from prices",
};

export interface SuggestionCardProps {
  suggestion: Suggestion;
  /** Members and up may apply and dismiss. */
  canWrite: boolean;
  /** Called with the API's answer after an apply or a dismiss. */
  onChanged: (suggestion: Suggestion) => void;
  /** Hands a model switch (or a faster model) to the savings calculator. */
  onTryWhatIf?: (choice: WhatIfChoice) => void;
  timeZone: string;
}

export function SuggestionCard({ suggestion, canWrite, onChanged, onTryWhatIf, timeZone }: SuggestionCardProps) {
  const titleId = useId();
  const evidenceId = useId();
  const [showEvidence, setShowEvidence] = useState(false);
  const [pending, setPending] = useState<"apply" | "dismiss" | undefined>(undefined);
  const savings = formatUsdCents(suggestion.monthlySavingsUsd);
  const noMoney = isZeroUsd(suggestion.monthlySavingsUsd);
  const whatIf = onTryWhatIf ? whatIfChoiceOf(suggestion) : undefined;

  return (
    <Card className="p-4 sm:p-5">
      <article aria-labelledby={titleId} data-suggestion-id={suggestion.id} className="space-y-3">
        <div className="flex flex-wrap items-start justify-between gap-x-6 gap-y-2">
          <div className="min-w-0 flex-1 basis-80">
            <h2 id={titleId} dir="auto" className={`font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong ${wrap}`}>
              {suggestion.title}
            </h2>
            <div className="mt-1.5 flex flex-wrap gap-1.5" aria-label="Type, impact and confidence" role="group">
              <span className={`${BADGE} ${TYPE_TONES[suggestion.type]}`}>{TYPE_LABELS[suggestion.type]}</span>
              <span className={`${BADGE} ${LEVEL_TONES[suggestion.impact]}`}>{suggestion.impact} impact</span>
              <span className={`${BADGE} ${LEVEL_TONES.low}`}>{suggestion.confidence} confidence</span>
              <span
                className={`${BADGE} ${LEVEL_TONES.low}`}
                title={EVIDENCE_KINDS[suggestion.evidenceKind] ?? "how the savings are known"}
              >
                {suggestion.evidenceKind}
              </span>
              {!suggestion.current && suggestion.status !== "applied" && (
                <span className={`${BADGE} ${LEVEL_TONES.low}`} title="The last recomputation no longer found it">
                  no longer found
                </span>
              )}
            </div>
          </div>
          <div className="shrink-0 sm:text-right">
            <p
              className="text-2xl font-semibold tabular-nums text-tremor-content-strong dark:text-dark-tremor-content-strong"
              title={`${formatUsdExact(suggestion.monthlySavingsUsd)} a month, exactly`}
              data-testid="monthly-savings"
            >
              {savings}
            </p>
            <p className="text-xs text-tremor-content dark:text-dark-tremor-content">
              {noMoney ? "no direct saving in money" : "a month, projected"}
            </p>
          </div>
        </div>

        <p dir="auto" className={`text-tremor-default text-tremor-content-emphasis dark:text-dark-tremor-content-emphasis ${wrap}`}>
          {suggestion.description}
        </p>

        {suggestion.status === "dismissed" && <DismissedNote suggestion={suggestion} timeZone={timeZone} />}
        {suggestion.status === "applied" && <RealizedView suggestion={suggestion} timeZone={timeZone} />}

        <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
          <SubjectLine subject={suggestion.subject} />
          <div className="ml-auto flex flex-wrap items-center gap-x-3 gap-y-2">
            <button
              type="button"
              aria-expanded={showEvidence}
              aria-controls={evidenceId}
              onClick={() => setShowEvidence((open) => !open)}
              className="rounded-tremor-small text-tremor-default font-medium text-tremor-brand hover:underline dark:text-dark-tremor-brand"
            >
              {showEvidence ? "Hide evidence" : "Show evidence"}
            </button>
            {whatIf && (
              <button
                type="button"
                onClick={() => onTryWhatIf?.(whatIf)}
                className="rounded-tremor-small text-tremor-default font-medium text-tremor-brand hover:underline dark:text-dark-tremor-brand"
              >
                Price it in the what-if
              </button>
            )}
            {canWrite && suggestion.status !== "applied" && pending === undefined && (
              <>
                <Button size="xs" onClick={() => setPending("apply")}>
                  Apply
                </Button>
                {suggestion.status === "active" && (
                  <Button size="xs" variant="secondary" onClick={() => setPending("dismiss")}>
                    Dismiss
                  </Button>
                )}
              </>
            )}
          </div>
        </div>

        {pending === "apply" && (
          <ApplyForm suggestion={suggestion} onDone={onChanged} onCancel={() => setPending(undefined)} titleId={titleId} />
        )}
        {pending === "dismiss" && (
          <DismissForm suggestion={suggestion} onDone={onChanged} onCancel={() => setPending(undefined)} titleId={titleId} />
        )}

        <div id={evidenceId} hidden={!showEvidence}>
          {showEvidence && (
            <section
              aria-label="Evidence"
              className="rounded-tremor-default bg-tremor-background-muted p-3 dark:bg-dark-tremor-background-muted"
            >
              <EvidenceView suggestion={suggestion} />
            </section>
          )}
        </div>
      </article>
    </Card>
  );
}

const SUBJECT_FIELDS: readonly [key: string, label: string][] = [
  ["prompt", "Prompt"],
  ["promptVersion", "Version"],
  ["model", "Model"],
  ["toModel", "Suggested model"],
  ["provider", "Provider"],
];

/** What the suggestion is about, each part cut to one line with the whole value in its tooltip. */
function SubjectLine({ subject }: { subject: Record<string, string> }) {
  const parts = SUBJECT_FIELDS.filter(([key]) => (subject[key] ?? "") !== "");
  if (parts.length === 0) return null;
  return (
    <dl className="flex min-w-0 flex-1 basis-64 flex-wrap gap-x-4 gap-y-1 text-xs">
      {parts.map(([key, label]) => (
        <div key={key} className="flex min-w-0 max-w-full items-baseline gap-1">
          <dt className="shrink-0 text-tremor-content dark:text-dark-tremor-content">{label}</dt>
          <dd
            className="min-w-0 max-w-[20rem] truncate font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong"
            title={subject[key]}
          >
            <bdi>{subject[key]}</bdi>
          </dd>
        </div>
      ))}
    </dl>
  );
}

function DismissedNote({ suggestion, timeZone }: { suggestion: Suggestion; timeZone: string }) {
  const byEngine = suggestion.statusChangedBy === "engine";
  return (
    <div className="rounded-tremor-default border border-tremor-border p-3 text-tremor-default dark:border-dark-tremor-border">
      <p className="text-tremor-content dark:text-dark-tremor-content">
        Dismissed {suggestion.statusChangedAt ? `on ${formatDate(suggestion.statusChangedAt, timeZone)}` : ""}
        {byEngine ? " (reopened by a recomputation)" : ""}. It comes back if its savings double or its evidence changes kind.
      </p>
      {suggestion.dismissReason !== "" ? (
        <p className="mt-1 text-tremor-content-strong dark:text-dark-tremor-content-strong">
          <span className="text-tremor-content dark:text-dark-tremor-content">Reason: </span>
          <q dir="auto" className={`whitespace-pre-wrap ${wrap}`} data-testid="dismiss-reason">
            {suggestion.dismissReason}
          </q>
        </p>
      ) : (
        <p className="mt-1 text-tremor-content dark:text-dark-tremor-content">No reason given.</p>
      )}
    </div>
  );
}

interface FormProps {
  suggestion: Suggestion;
  onDone: (suggestion: Suggestion) => void;
  onCancel: () => void;
  titleId: string;
}

function ApplyForm({ suggestion, onDone, onCancel, titleId }: FormProps) {
  const apply = useAction(applySuggestion);
  return (
    <form
      aria-label="Apply this suggestion"
      aria-describedby={titleId}
      className="space-y-2 rounded-tremor-default border border-tremor-border p-3 dark:border-dark-tremor-border"
      onSubmit={async (event) => {
        event.preventDefault();
        const applied = await apply.run(suggestion.id);
        if (applied) onDone(applied);
      }}
    >
      <p className="text-tremor-default text-tremor-content-emphasis dark:text-dark-tremor-content-emphasis">
        Mark it applied once you made the change. From now on its traffic is compared with the {suggestion.windowDays} days before: cost per
        run, success and rating, and what that saves a month.
      </p>
      <FormError error={apply.error} />
      <div className="flex gap-2">
        <Button type="submit" size="xs" loading={apply.busy}>
          Mark applied
        </Button>
        <Button type="button" size="xs" variant="secondary" onClick={onCancel} disabled={apply.busy}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function DismissForm({ suggestion, onDone, onCancel, titleId }: FormProps) {
  const dismiss = useAction(dismissSuggestion);
  const [reason, setReason] = useState("");
  const inputId = useId();
  return (
    <form
      aria-label="Dismiss this suggestion"
      aria-describedby={titleId}
      className="space-y-2 rounded-tremor-default border border-tremor-border p-3 dark:border-dark-tremor-border"
      onSubmit={async (event) => {
        event.preventDefault();
        const dismissed = await dismiss.run(suggestion.id, reason);
        if (dismissed) onDone(dismissed);
      }}
    >
      <label
        htmlFor={inputId}
        className="block text-tremor-default font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong"
      >
        Why does it not apply? <span className="font-normal text-tremor-content dark:text-dark-tremor-content">(optional)</span>
      </label>
      <TextInput
        id={inputId}
        value={reason}
        onValueChange={setReason}
        maxLength={500}
        placeholder="e.g. we need this model's tool calling"
      />
      <FormError error={dismiss.error} />
      <div className="flex gap-2">
        <Button type="submit" size="xs" variant="secondary" loading={dismiss.busy}>
          Dismiss suggestion
        </Button>
        <Button type="button" size="xs" variant="light" onClick={onCancel} disabled={dismiss.busy}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

function FormError({ error }: { error: string | undefined }) {
  if (!error) return null;
  return (
    <p role="alert" className="text-tremor-default text-red-600 dark:text-red-400">
      {error}
    </p>
  );
}
