// 1-5 stars for a run: a radio group (arrow keys move, as native radios do), saved to
// POST /api/runs/:id/rate shortly after the choice settles, so stepping through stars with the
// keyboard sends one request. A new rating replaces the earlier one.
import { useEffect, useId, useRef, useState } from "react";
import { rateRun } from "../api/runs.ts";
import type { RunFeedback } from "../api/types.ts";

const LABELS = ["", "Poor", "Fair", "Good", "Very good", "Excellent"] as const;
const SAVE_DELAY_MS = 400;

type Status = { kind: "idle" } | { kind: "saving" } | { kind: "saved"; rating: number } | { kind: "failed"; message: string };

export interface RunRatingProps {
  projectId: string;
  runId: string;
  /** The saved rating, or null. */
  rating: number | null;
  disabled?: boolean;
  onSaved: (feedback: RunFeedback) => void;
}

export function RunRating({ projectId, runId, rating, disabled = false, onSaved }: RunRatingProps) {
  const name = useId();
  const [chosen, setChosen] = useState<number | null>(rating);
  const [hover, setHover] = useState<number | null>(null);
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef(0);
  const onSavedRef = useRef(onSaved);
  onSavedRef.current = onSaved;

  useEffect(() => setChosen(rating), [rating]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const choose = (value: number) => {
    setChosen(value);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const request = ++latest.current;
      setStatus({ kind: "saving" });
      rateRun(projectId, runId, value).then(
        (feedback) => {
          if (request !== latest.current) return;
          setStatus({ kind: "saved", rating: value });
          onSavedRef.current(feedback);
        },
        (error: unknown) => {
          if (request !== latest.current) return;
          setStatus({ kind: "failed", message: error instanceof Error ? error.message : String(error) });
          setChosen(rating);
        },
      );
    }, SAVE_DELAY_MS);
  };

  const shown = hover ?? chosen ?? 0;
  return (
    <fieldset disabled={disabled} className="min-w-0">
      <legend className="mb-1 text-tremor-default font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">
        Rating
      </legend>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <div className="flex" onMouseLeave={() => setHover(null)}>
          {[1, 2, 3, 4, 5].map((value) => {
            const id = `${name}-${value}`;
            return (
              // The radio lies over its star (transparent), so a click or a tap lands on the radio itself.
              <span key={value} className="relative block" onMouseEnter={() => !disabled && setHover(value)}>
                <input
                  id={id}
                  type="radio"
                  name={name}
                  value={value}
                  checked={chosen === value}
                  onChange={() => choose(value)}
                  title={`${value} – ${LABELS[value]}`}
                  className="peer absolute inset-0 z-10 m-0 h-full w-full cursor-pointer appearance-none opacity-0 disabled:cursor-not-allowed"
                />
                <label
                  htmlFor={id}
                  className={`block rounded p-0.5 text-2xl leading-none peer-focus-visible:ring-2 peer-focus-visible:ring-tremor-brand dark:peer-focus-visible:ring-dark-tremor-brand ${
                    value <= shown ? "text-amber-400" : "text-gray-300 dark:text-gray-600"
                  }`}
                >
                  <StarIcon filled={value <= shown} />
                  <span className="sr-only">
                    {value} {value === 1 ? "star" : "stars"}, {LABELS[value]}
                  </span>
                </label>
              </span>
            );
          })}
        </div>
        <span className="text-tremor-default text-tremor-content dark:text-dark-tremor-content" aria-live="polite">
          {status.kind === "saving"
            ? "Saving…"
            : status.kind === "saved"
              ? `Saved: ${status.rating} of 5`
              : status.kind === "failed"
                ? ""
                : chosen !== null
                  ? `${chosen} of 5 · ${LABELS[chosen]}`
                  : disabled
                    ? "Not rated"
                    : "Not rated yet"}
        </span>
      </div>
      {status.kind === "failed" && (
        <p role="alert" className="mt-1 text-tremor-default text-red-600 dark:text-red-400">
          Could not save the rating: {status.message}
        </p>
      )}
    </fieldset>
  );
}

function StarIcon({ filled }: { filled: boolean }) {
  return (
    <svg
      viewBox="0 0 24 24"
      width="1em"
      height="1em"
      aria-hidden="true"
      focusable="false"
      fill={filled ? "currentColor" : "none"}
      stroke="currentColor"
      strokeWidth={1.6}
      strokeLinejoin="round"
    >
      <path d="m12 2.8 2.8 5.8 6.3.9-4.6 4.4 1.1 6.3L12 17.2l-5.6 3 1.1-6.3-4.6-4.4 6.3-.9z" />
    </svg>
  );
}
