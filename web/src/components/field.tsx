// A labelled form field: the label above, an optional hint below.
import type { ReactNode } from "react";

/** `id` must be the id of the control inside. */
export function Field({ id, label, hint, children }: { id: string; label: string; hint?: ReactNode; children: ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-tremor-default font-medium text-tremor-content-strong dark:text-dark-tremor-content-strong">
        {label}
      </label>
      {children}
      {hint && <p className="text-xs text-tremor-content dark:text-dark-tremor-content">{hint}</p>}
    </div>
  );
}
