// Feedback on a run: a comment and whether the run did its job, saved together to
// POST /api/runs/:id/feedback (a new save replaces the earlier feedback; the rating is kept).
import { Button } from "@tremor/react";
import { useEffect, useId, useState, type FormEvent } from "react";
import { giveRunFeedback } from "../api/runs.ts";
import type { RunFeedback } from "../api/types.ts";

const MAX_CHARS = 10_000;
type Success = "yes" | "no" | "unset";

const toChoice = (success: boolean | null): Success => (success === null ? "unset" : success ? "yes" : "no");
const fromChoice = (choice: Success): boolean | null => (choice === "unset" ? null : choice === "yes");

export interface RunFeedbackFormProps {
  projectId: string;
  runId: string;
  text: string | null;
  success: boolean | null;
  disabled?: boolean;
  onSaved: (feedback: RunFeedback) => void;
}

export function RunFeedbackForm({ projectId, runId, text, success, disabled = false, onSaved }: RunFeedbackFormProps) {
  const id = useId();
  const [comment, setComment] = useState(text ?? "");
  const [choice, setChoice] = useState<Success>(toChoice(success));
  const [state, setState] = useState<{ kind: "idle" | "saving" | "saved" } | { kind: "failed"; message: string }>({ kind: "idle" });
  useEffect(() => setComment(text ?? ""), [text]);
  useEffect(() => setChoice(toChoice(success)), [success]);

  const dirty = comment !== (text ?? "") || choice !== toChoice(success);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!dirty || state.kind === "saving") return;
    setState({ kind: "saving" });
    try {
      onSaved(await giveRunFeedback(projectId, runId, { text: comment, success: fromChoice(choice) }));
      setState({ kind: "saved" });
    } catch (error) {
      setState({ kind: "failed", message: error instanceof Error ? error.message : String(error) });
    }
  };

  const choices: { value: Success; label: string }[] = [
    { value: "yes", label: "Yes" },
    { value: "no", label: "No" },
    { value: "unset", label: "Not said" },
  ];

  return (
    <form onSubmit={submit} className="space-y-3">
      <fieldset disabled={disabled} className="space-y-3">
        <fieldset>
          <legend className="mb-1 text-tremor-default font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">
            Did the run do its job?
          </legend>
          <div className="flex flex-wrap gap-2">
            {choices.map((option) => (
              <span key={option.value} className="relative inline-block">
                <input
                  id={`${id}-${option.value}`}
                  type="radio"
                  name={`${id}-success`}
                  value={option.value}
                  checked={choice === option.value}
                  onChange={() => {
                    setChoice(option.value);
                    setState({ kind: "idle" });
                  }}
                  className="peer absolute inset-0 z-10 m-0 h-full w-full cursor-pointer appearance-none opacity-0 disabled:cursor-not-allowed"
                />
                <label
                  htmlFor={`${id}-${option.value}`}
                  className="inline-block cursor-pointer rounded-tremor-small border border-tremor-border px-3 py-1 text-tremor-default text-tremor-content-emphasis peer-checked:border-tremor-brand peer-checked:bg-tremor-brand-faint peer-checked:text-tremor-brand-emphasis peer-focus-visible:ring-2 peer-focus-visible:ring-tremor-brand peer-disabled:cursor-not-allowed peer-disabled:opacity-60 dark:border-dark-tremor-border dark:text-dark-tremor-content-emphasis dark:peer-checked:border-dark-tremor-brand dark:peer-checked:bg-dark-tremor-brand-faint dark:peer-checked:text-dark-tremor-brand-emphasis dark:peer-focus-visible:ring-dark-tremor-brand"
                >
                  {option.label}
                </label>
              </span>
            ))}
          </div>
        </fieldset>
        <div>
          <label
            htmlFor={`${id}-comment`}
            className="mb-1 block text-tremor-default font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong"
          >
            Comment
          </label>
          <textarea
            id={`${id}-comment`}
            value={comment}
            maxLength={MAX_CHARS}
            rows={3}
            placeholder="What was good or wrong about this answer?"
            onChange={(event) => {
              setComment(event.target.value);
              setState({ kind: "idle" });
            }}
            className="block w-full rounded-tremor-small border-tremor-border bg-tremor-background text-tremor-default text-tremor-content-strong shadow-tremor-input placeholder:text-tremor-content-subtle focus:border-tremor-brand focus:ring-tremor-brand disabled:cursor-not-allowed disabled:bg-tremor-background-muted dark:border-dark-tremor-border dark:bg-dark-tremor-background dark:text-dark-tremor-content-strong dark:placeholder:text-dark-tremor-content-subtle dark:disabled:bg-dark-tremor-background-muted"
          />
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" size="xs" disabled={disabled || !dirty} loading={state.kind === "saving"}>
            Save feedback
          </Button>
          <span aria-live="polite" className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">
            {state.kind === "saved" ? "Feedback saved" : ""}
          </span>
        </div>
      </fieldset>
      {state.kind === "failed" && (
        <p role="alert" className="text-tremor-default text-red-600 dark:text-red-400">
          Could not save the feedback: {state.message}
        </p>
      )}
    </form>
  );
}
